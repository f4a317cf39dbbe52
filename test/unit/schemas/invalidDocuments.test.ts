import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../functions/shared/errors';
import { type DocumentKind, isValid, validateDocument } from '../../../functions/shared/schemas';
import { SchemaViolationError } from '../../../functions/shared/schemaViolation';
import { example } from './examples';

// biome-ignore lint/suspicious/noExplicitAny: variants reach into untyped JSON on purpose
type Doc = any;

interface Variant {
  kind: DocumentKind;
  name: string;
  mutate: (doc: Doc) => void;
  /** The problem the message must name, starting with its JSON pointer. */
  problem: string;
}

const variants: Variant[] = [
  // recording-info
  {
    kind: 'recording-info',
    name: 'misses a required nested field',
    mutate: (d) => delete d.audio.sample_rate,
    problem: '/audio/sample_rate: is required',
  },
  {
    kind: 'recording-info',
    name: 'maps a channel to an unknown role',
    mutate: (d) => (d.channel_roles['0'] = 'customer'),
    problem: '/channel_roles/0: must be one of "agent", "caller", "unknown"',
  },
  {
    kind: 'recording-info',
    name: 'carries an extra property',
    mutate: (d) => (d.source.md5 = 'abc'),
    problem: '/source/md5: is not allowed',
  },
  {
    kind: 'recording-info',
    name: 'has an upper-case sha256',
    mutate: (d) => (d.source.sha256 = d.source.sha256.toUpperCase()),
    problem: '/source/sha256: must match pattern',
  },
  {
    kind: 'recording-info',
    name: 'has a negative duration',
    mutate: (d) => (d.audio.duration_seconds = -1),
    problem: '/audio/duration_seconds: must be >= 0',
  },
  {
    kind: 'recording-info',
    name: 'names a channel instead of indexing it',
    mutate: (d) => (d.channel_roles = { left: 'agent' }),
    problem: '/channel_roles: property name must be valid',
  },
  {
    kind: 'recording-info',
    name: 'has a language name instead of a code',
    mutate: (d) => (d.languages.case_worker = 'German'),
    problem: '/languages/case_worker: must match pattern',
  },
  {
    kind: 'recording-info',
    name: 'has a date without time and zone',
    mutate: (d) => (d.received_at = '2026-11-22'),
    problem: '/received_at: must match format "date-time"',
  },
  // transcript
  {
    kind: 'transcript',
    name: 'has a turn without text',
    mutate: (d) => delete d.turns[1].text,
    problem: '/turns/1/text: is required',
  },
  {
    kind: 'transcript',
    name: 'has an unknown speaker role',
    mutate: (d) => (d.turns[0].speaker = 'customer'),
    problem: '/turns/0/speaker: must be one of',
  },
  {
    kind: 'transcript',
    name: 'has a word with an extra property',
    mutate: (d) => (d.turns[0].words[0].speaker = 'agent'),
    problem: '/turns/0/words/0/speaker: is not allowed',
  },
  {
    kind: 'transcript',
    name: 'has a confidence above 1',
    mutate: (d) => (d.turns[0].words[0].confidence = 1.5),
    problem: '/turns/0/words/0/confidence: must be <= 1',
  },
  {
    kind: 'transcript',
    name: 'is not marked AI-generated',
    mutate: (d) => (d.ai_generated = false),
    problem: '/ai_generated: must be true',
  },
  {
    kind: 'transcript',
    name: 'has provenance without latency',
    mutate: (d) => delete d.provenance.latency_ms,
    problem: '/provenance/latency_ms: is required',
  },
  {
    kind: 'transcript',
    name: 'claims a major version this schema does not cover',
    mutate: (d) => (d.schema_version = '2.0'),
    problem: '/schema_version: must match pattern',
  },
  // translation
  {
    kind: 'translation',
    name: 'misses the target language',
    mutate: (d) => delete d.target_language,
    problem: '/target_language: is required',
  },
  {
    kind: 'translation',
    name: 'has a turn with a channel (translated turns carry none)',
    mutate: (d) => (d.turns[0].channel = 0),
    problem: '/turns/0/channel: is not allowed',
  },
  {
    kind: 'translation',
    name: 'has a speaker role outside the enum',
    mutate: (d) => (d.turns[2].speaker = 'case_worker'),
    problem: '/turns/2/speaker: must be one of',
  },
  // case-summary
  {
    kind: 'case-summary',
    name: 'misses the caller summary',
    mutate: (d) => delete d.caller_summary,
    problem: '/caller_summary: is required',
  },
  {
    kind: 'case-summary',
    name: 'has a next step with an unknown owner',
    mutate: (d) => (d.summary.next_steps[0].owner = 'caseworker'),
    problem: '/summary/next_steps/0/owner: must be one of "authority", "citizen", "unknown"',
  },
  {
    kind: 'case-summary',
    name: 'has an unknown review status',
    mutate: (d) => (d.review_status = 'rejected'),
    problem: '/review_status: must be one of "pending", "approved", "corrected"',
  },
  {
    kind: 'case-summary',
    name: 'rates a speaker role that does not exist',
    mutate: (d) => (d.sentiment.per_speaker.citizen = 'neutral'),
    problem: '/sentiment/per_speaker/citizen: is not allowed',
  },
  {
    kind: 'case-summary',
    name: 'has an unknown sentiment label',
    mutate: (d) => (d.sentiment.overall = 'angry'),
    problem: '/sentiment/overall: must be one of "positive", "neutral", "negative"',
  },
  {
    kind: 'case-summary',
    name: 'misses the summarization provenance',
    mutate: (d) => delete d.provenance.summarization,
    problem: '/provenance/summarization: is required',
  },
  {
    kind: 'case-summary',
    name: 'misses the caller language',
    mutate: (d) => delete d.languages.caller,
    problem: '/languages/caller: is required',
  },
  // error-record
  {
    kind: 'error-record',
    name: 'names a stage that does not exist',
    mutate: (d) => (d.stage = 'archive'),
    problem: '/stage: must be one of "ingest", "transcribe", "translate", "summarize", "publish"',
  },
  {
    kind: 'error-record',
    name: 'misses the time it occurred',
    mutate: (d) => delete d.occurred_at,
    problem: '/occurred_at: is required',
  },
  {
    kind: 'error-record',
    name: 'carries a stack trace',
    mutate: (d) => (d.stack = 'Error: at ...'),
    problem: '/stack: is not allowed',
  },
  {
    kind: 'error-record',
    name: 'has an input that is both an object and a message',
    mutate: (d) => (d.input.message_id = 'm-1'),
    problem: '/input: must match exactly one schema in oneOf',
  },
  {
    kind: 'error-record',
    name: 'has a code that is not kebab-case',
    mutate: (d) => (d.code = 'UnsupportedAudio'),
    problem: '/code: must match pattern',
  },
  // stage-message
  {
    kind: 'stage-message',
    name: 'misses the artifact',
    mutate: (d) => delete d.artifact,
    problem: '/artifact: is required',
  },
  {
    kind: 'stage-message',
    name: 'has an artifact with an extra property',
    mutate: (d) => (d.artifact.size = 12),
    problem: '/artifact/size: is not allowed',
  },
  {
    kind: 'stage-message',
    name: 'has a case id that would escape its prefix',
    mutate: (d) => (d.case_id = '../other-case'),
    problem: '/case_id: must match pattern',
  },
  // summary-ready-message
  {
    kind: 'summary-ready-message',
    name: 'has the wrong message type',
    mutate: (d) => (d.type = 'summary-ready'),
    problem: '/type: must be "case-summary-ready"',
  },
  {
    kind: 'summary-ready-message',
    name: 'misses the caller language',
    mutate: (d) => delete d.languages.caller,
    problem: '/languages/caller: is required',
  },
  {
    kind: 'summary-ready-message',
    name: 'has a truncated checksum',
    mutate: (d) => (d.sha256 = d.sha256.slice(0, 32)),
    problem: '/sha256: must match pattern',
  },
  {
    kind: 'summary-ready-message',
    name: 'carries a URL the message does not define',
    mutate: (d) => (d.summary_url = 'https://example.org/summary.json'),
    problem: '/summary_url: is not allowed',
  },
];

/** The error validateDocument throws for `doc`, or undefined when it accepts it. */
function violationOf(kind: DocumentKind, doc: unknown): SchemaViolationError | undefined {
  try {
    validateDocument(kind, doc);
  } catch (error) {
    if (error instanceof SchemaViolationError) return error;
    throw error;
  }
  return undefined;
}

describe('Function: validateDocument', () => {
  it.each(variants)('rejects a $kind that $name', ({ kind, mutate, problem }) => {
    // Prepare
    const doc = example(kind);
    mutate(doc);

    // Act
    const violation = violationOf(kind, doc);

    // Assess
    expect(violation).toBeInstanceOf(PermanentError);
    if (!violation) return;
    expect(violation.code).toBe('schema-violation');
    expect(violation.name).toBe('SchemaViolationError');
    expect(violation.kind).toBe(kind);
    expect(violation.message).toContain(problem);
    expect(violation.problems.some((p) => p.startsWith(problem))).toBe(true);
    expect(isValid(kind, doc)).toBe(false);
  });

  it('covers every kind with at least two invalid variants', () => {
    // Prepare
    const counts = new Map<DocumentKind, number>();
    for (const { kind } of variants) counts.set(kind, (counts.get(kind) ?? 0) + 1);

    // Assess
    for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(2);
    expect(counts.size).toBe(7);
  });

  it('accepts the review states the review workflow will write', () => {
    for (const status of ['pending', 'approved', 'corrected']) {
      const doc = example('case-summary');
      doc.review_status = status;
      expect(isValid('case-summary', doc)).toBe(true);
    }
  });

  it('accepts an error record about an unreadable queue message', () => {
    // Prepare
    const doc = example('error-record');
    doc.input = { message_id: '6f7c1a52-6a4e-4c1e-9b0c-2f0e8d1d3a77' };
    doc.stage = 'transcribe';
    doc.code = 'invalid-message';

    // Act & Assess
    expect(() => validateDocument('error-record', doc)).not.toThrow();
  });

  it('names the root when the document is not an object', () => {
    expect(() => validateDocument('transcript', null)).toThrow('/: must be object');
    expect(() => validateDocument('transcript', [])).toThrow('/: must be object');
  });

  it('lists every problem, not only the first', () => {
    // Prepare
    const doc = example('summary-ready-message');
    delete doc.summary;
    doc.type = 'other';
    doc.extra = true;

    // Act
    const thrown = violationOf('summary-ready-message', doc);

    // Assess
    expect(thrown?.problems).toEqual(
      expect.arrayContaining([
        '/summary: is required',
        '/type: must be "case-summary-ready"',
        '/extra: is not allowed',
      ]),
    );
  });

  it('counts instead of listing problems beyond twenty', () => {
    // Prepare
    const doc: Doc = example('transcript');
    const turn = { index: 0, speaker: 'agent', start: 0, end: 1 };
    doc.turns = Array.from({ length: 30 }, (_, index) => ({ ...turn, index }));

    // Act
    const thrown = violationOf('transcript', doc);

    // Assess
    expect(thrown?.problems).toHaveLength(30);
    expect(thrown?.message).toContain('/turns/19/text: is required; and 10 more');
    expect(thrown?.message).not.toContain('/turns/20/');
  });
});
