import { describe, expect, it } from 'vitest';
import { publishSummary } from '../../../functions/core/publishSummary';
import type { Log, StageContext } from '../../../functions/core/stageContext';
import { summarizeContact } from '../../../functions/core/summarizeContact';
import { transcribeContact } from '../../../functions/core/transcribeContact';
import { restorePlaceholders } from '../../../functions/core/translateSummary';
import { translateTranscript } from '../../../functions/core/translateTranscript';
import type { SpeechToTextProvider } from '../../../functions/providers/speechToText/SpeechToTextProvider';
import type { SummarizationProvider } from '../../../functions/providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../../../functions/providers/translation/TranslationProvider';
import {
  artifactKey,
  translationKey,
  unredactedTranscriptKey,
} from '../../../functions/shared/artifactKeys';
import type {
  CaseSummary,
  RecordingInfo,
  StageMessage,
  Transcript,
  Translation,
  Turn,
} from '../../../functions/shared/documents';
import {
  DEFAULT_REDACTION,
  parsePipelineConfig,
  type RedactionConfig,
} from '../../../functions/shared/pipelineConfig';
import { isValid } from '../../../functions/shared/schemas';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const RESULTS = 'results';
const ref = { case_id: 'CASE-7', contact_id: 'call-1' };
const provenance = { provider: 'fake', model: 'fake', latency_ms: 0 };

const IBAN = 'DE89 3704 0044 0532 0130 00';
const PHONE = '0171 2345678';
const EMAIL = 'anna.schmidt@example.com';
const SPOKEN_EMAIL = 'anna dot schmidt at example dot com';
/** Every raw value, and pieces of them a partial redaction could leave behind. */
const RAW = [IBAN, 'DE89', '0532 0130', PHONE, '2345678', EMAIL, 'anna.schmidt', SPOKEN_EMAIL];

const ON = { enabled: true, keepUnredactedTranscript: false };
const KEEP_RAW = { enabled: true, keepUnredactedTranscript: true };
const OFF = { enabled: false, keepUnredactedTranscript: false };

/** A turn whose words are its space-separated tokens, 0.5 s each. */
function timedTurn(index: number, text: string, from: number): Turn {
  const words = text
    .split(' ')
    .map((token, i) => ({ text: token, start: from + i * 0.5, end: from + i * 0.5 + 0.4 }));
  return { index, speaker: 'caller', channel: 0, start: from, end: from + 10, text, words };
}

const recognisedTurns: Turn[] = [
  { index: 0, speaker: 'agent', channel: 1, start: 0, end: 2, text: 'Job centre, how can I help?' },
  timedTurn(1, `My IBAN is ${IBAN} for the refund.`, 2),
  {
    index: 2,
    speaker: 'caller',
    channel: 0,
    start: 12,
    end: 18,
    text: `Call me back on ${PHONE} or write to ${EMAIL} please.`,
  },
  { index: 3, speaker: 'caller', channel: 0, start: 18, end: 22, text: `That is ${SPOKEN_EMAIL}.` },
];

const speechToText = (): SpeechToTextProvider & { calls: number } => ({
  type: 'fake',
  calls: 0,
  async transcribe() {
    this.calls++;
    return { language: 'en', turns: structuredClone(recognisedTurns), provenance };
  },
});

/** Renames placeholders the way apertium does ([PHONE] -> [TELEFON]) and records its input. */
const translator = (): TranslationProvider & { received: string[] } => ({
  type: 'fake',
  received: [],
  async translate({ texts }) {
    this.received.push(...texts);
    const out = texts.map((t) => `übersetzt: ${t}`.replaceAll('[PHONE]', '[TELEFON]'));
    return { texts: out.map((t) => t.replaceAll('[EMAIL]', '[E-Mail]')), provenance };
  },
});

/** Writes the raw values into its summary, as an LLM that reassembles spelled-out digits may. */
const summarizer = (): SummarizationProvider & { received: Transcript[] } => ({
  type: 'fake',
  received: [],
  async summarize({ transcript }) {
    this.received.push(transcript);
    return {
      summary: {
        reason_for_contact: `Refund to ${IBAN}`,
        key_facts: ['Wants a refund', `Reachable on ${PHONE}`, `E-mail ${EMAIL}`],
        next_steps: [{ action: `Call back on ${PHONE}`, owner: 'authority', due: '2026-12-01' }],
        open_questions: [],
      },
      sentiment: { overall: 'neutral', per_speaker: {}, method: 'fake' },
      provenance,
    };
  },
});

interface Harness {
  store: MemoryObjectStore;
  ctx: StageContext;
  warnings: string[];
  message: StageMessage;
}

function harness(): Harness {
  const store = new MemoryObjectStore();
  const warnings: string[] = [];
  const log: Log = { info: () => {}, warn: (m) => warnings.push(m), error: () => {} };
  const ctx: StageContext = {
    store,
    queue: { send: async () => {} },
    resultsBucket: RESULTS,
    nextQueueUrl: 'https://queue.local/next',
    log,
    now: () => new Date('2026-11-23T10:00:00Z'),
    handoffStaleMs: 60_000,
  };
  const recording: RecordingInfo = {
    schema_version: '1.0',
    ...ref,
    source: { bucket: 'recordings', key: 'recordings/call-1.wav', size: 4, sha256: 'a'.repeat(64) },
    audio: { container: 'wav', codec: 'pcm', sample_rate: 8000, channels: 2, duration_seconds: 22 },
    languages: { caller: 'en', case_worker: 'de' },
    channel_roles: { '0': 'caller', '1': 'agent' },
    metadata_sources: [],
    received_at: '2026-11-23T09:59:00Z',
  };
  store.put('recordings', recording.source.key, 'RIFF');
  store.put(RESULTS, artifactKey(ref, 'recording'), JSON.stringify(recording));
  const message = { ...ref, artifact: { bucket: RESULTS, key: artifactKey(ref, 'recording') } };
  return { store, ctx, warnings, message };
}

/** Transcribe, translate, summarize and publish one contact with the fake providers. */
async function runStages(h: Harness, redaction: RedactionConfig) {
  const providers = { stt: speechToText(), translation: translator(), summarization: summarizer() };
  await transcribeContact(h.ctx, providers.stt, h.message, redaction);
  await translateTranscript(h.ctx, providers.translation, h.message, redaction);
  await summarizeContact(h.ctx, providers, h.message, redaction);
  await publishSummary(h.ctx, h.message);
  return providers;
}

/** Keys of the stored results objects whose text holds any raw value. */
function keysHoldingRawValues(store: MemoryObjectStore): string[] {
  return [...store.objects]
    .filter(([key]) => key.startsWith(`${RESULTS}/`))
    .filter(([, object]) => {
      const text = new TextDecoder().decode(object.bytes);
      return RAW.some((value) => text.includes(value));
    })
    .map(([key]) => key.slice(RESULTS.length + 1));
}

const read = <T>(store: MemoryObjectStore, key: string) =>
  store.getJson<T>(RESULTS, key) as Promise<T>;

describe('Stages: redaction before storage', () => {
  it('stores no IBAN, phone number or e-mail address spoken in the call in any artifact', async () => {
    // Prepare
    const h = harness();

    // Act
    const providers = await runStages(h, ON);

    // Assess
    expect(h.store.objects.has(`${RESULTS}/${artifactKey(ref, 'summary')}`)).toBe(true);
    expect(h.store.objects.has(`${RESULTS}/${translationKey(ref, 'de')}`)).toBe(true);
    expect(keysHoldingRawValues(h.store)).toEqual([]);
    const sentOn = [
      ...providers.translation.received,
      JSON.stringify(providers.summarization.received),
    ];
    expect(sentOn.filter((text) => RAW.some((value) => text.includes(value)))).toEqual([]);
    expect(h.warnings).toEqual([]);
  });

  it('records type, placeholder and path of each redaction, never the value', async () => {
    // Prepare
    const h = harness();

    // Act
    await runStages(h, ON);

    // Assess
    const transcript = await read<Transcript>(h.store, artifactKey(ref, 'transcript'));
    const translation = await read<Translation>(h.store, translationKey(ref, 'de'));
    const summary = await read<CaseSummary>(h.store, artifactKey(ref, 'summary'));
    const where = (r: { type: string; path: string }) => `${r.type} ${r.path}`;
    expect(transcript.redactions?.map(where)).toEqual([
      'IBAN turns[1].text',
      'PHONE turns[2].text',
      'EMAIL turns[2].text',
      'EMAIL turns[3].text',
    ]);
    expect(transcript.turns[1]?.text).toBe('My IBAN is [IBAN] for the refund.');
    expect(transcript.turns[1]?.words?.map((w) => w.text)).toContain('[IBAN]');
    expect(translation.redactions?.map(where)).toEqual(transcript.redactions?.map(where));
    expect(summary.redactions?.map(where)).toEqual([
      'IBAN summary.reason_for_contact',
      'PHONE summary.key_facts[1]',
      'EMAIL summary.key_facts[2]',
      'PHONE summary.next_steps[0].action',
      'IBAN caller_summary.reason_for_contact',
      'PHONE caller_summary.key_facts[1]',
      'EMAIL caller_summary.key_facts[2]',
      'PHONE caller_summary.next_steps[0].action',
    ]);
    for (const redaction of [...(transcript.redactions ?? []), ...(summary.redactions ?? [])]) {
      expect(Object.keys(redaction).sort()).toEqual([
        'end',
        'path',
        'placeholder',
        'start',
        'type',
      ]);
      expect(redaction.placeholder).toBe(`[${redaction.type}]`);
    }
    expect(transcript.redactions?.[0]).toMatchObject({ start: 11, end: 11 + IBAN.length });
    // Made from the case worker's view: the summary as the summarizer wrote it, redacted.
    expect(summary.summary.key_facts[1]).toBe('Reachable on [PHONE]');
    expect(isValid('transcript', transcript)).toBe(true);
    expect(isValid('case-summary', summary)).toBe(true);
  });

  it('keeps placeholders intact through a translation engine that renames them', async () => {
    // Prepare
    const h = harness();

    // Act
    await runStages(h, ON);

    // Assess
    const translation = await read<Translation>(h.store, translationKey(ref, 'de'));
    const summary = await read<CaseSummary>(h.store, artifactKey(ref, 'summary'));
    expect(translation.turns[2]?.text).toBe(
      'übersetzt: Call me back on [PHONE] or write to [EMAIL] please.',
    );
    expect(summary.caller_summary.key_facts[1]).toBe('übersetzt: Reachable on [PHONE]');
    expect(summary.caller_summary.key_facts[2]).toBe('übersetzt: E-mail [EMAIL]');
  });

  it('writes the transcript as recognised only under unredacted/ when asked to keep it', async () => {
    // Prepare
    const h = harness();

    // Act
    await runStages(h, KEEP_RAW);

    // Assess
    expect(unredactedTranscriptKey(ref)).toBe(
      'unredacted/cases/CASE-7/contacts/call-1/transcript.json',
    );
    expect(keysHoldingRawValues(h.store)).toEqual([unredactedTranscriptKey(ref)]);
    const raw = await read<Transcript>(h.store, unredactedTranscriptKey(ref));
    expect(raw.turns).toEqual(
      recognisedTurns.map((turn) => ({ ...turn, language: expect.any(String) })),
    );
    expect(raw.redactions).toBeUndefined();
    expect(isValid('transcript', raw)).toBe(true);
  });

  it('stores the text as recognised and no redactions when redaction is disabled', async () => {
    // Prepare
    const h = harness();

    // Act
    await runStages(h, OFF);

    // Assess
    const transcript = await read<Transcript>(h.store, artifactKey(ref, 'transcript'));
    const translation = await read<Translation>(h.store, translationKey(ref, 'de'));
    const summary = await read<CaseSummary>(h.store, artifactKey(ref, 'summary'));
    expect(transcript.turns).toEqual(
      recognisedTurns.map((turn) => ({ ...turn, language: expect.any(String) })),
    );
    expect(translation.turns[1]?.text).toBe(`übersetzt: My IBAN is ${IBAN} for the refund.`);
    expect(summary.summary.reason_for_contact).toBe(`Refund to ${IBAN}`);
    for (const document of [transcript, translation, summary]) {
      expect(document).not.toHaveProperty('redactions');
    }
    expect(h.store.objects.has(`${RESULTS}/${unredactedTranscriptKey(ref)}`)).toBe(false);
  });

  it('redacts a transcript stored without redaction before translating and summarizing it', async () => {
    // Prepare
    const h = harness();
    const stored: Transcript = {
      schema_version: '1.0',
      ...ref,
      language: 'en',
      duration_seconds: 22,
      turns: recognisedTurns,
      ai_generated: true,
      provenance,
    };
    h.store.put(RESULTS, artifactKey(ref, 'transcript'), JSON.stringify(stored));
    const providers = { translation: translator(), summarization: summarizer() };

    // Act
    await translateTranscript(h.ctx, providers.translation, h.message, ON);
    await summarizeContact(h.ctx, providers, h.message, ON);

    // Assess
    const sentOn = [
      ...providers.translation.received,
      JSON.stringify(providers.summarization.received),
    ];
    expect(sentOn.filter((text) => RAW.some((value) => text.includes(value)))).toEqual([]);
    expect(keysHoldingRawValues(h.store)).toEqual([artifactKey(ref, 'transcript')]);
    const translation = await read<Translation>(h.store, translationKey(ref, 'de'));
    expect(translation.redactions?.map((r) => r.type)).toEqual(['IBAN', 'PHONE', 'EMAIL', 'EMAIL']);
    expect(h.warnings).toEqual([
      'transcript held identifiers; redacted before translation',
      'transcript held identifiers; redacted before summarizing',
    ]);
  });

  it('reuses the stored transcript for a duplicate message without transcribing again', async () => {
    // Prepare
    const h = harness();
    const stt = speechToText();
    await transcribeContact(h.ctx, stt, h.message, KEEP_RAW);

    // Act
    const again = await transcribeContact(h.ctx, stt, h.message, KEEP_RAW);

    // Assess
    expect(again.reused).toBe(true);
    expect(stt.calls).toBe(1);
    expect(again.transcript.redactions).toHaveLength(4);
  });
});

describe('Function: restorePlaceholders', () => {
  it('puts back placeholders whose name the engine translated, in order', () => {
    expect(
      restorePlaceholders(
        'My IBAN is [IBAN], call [PHONE] or write to [EMAIL].',
        'Mi IBAN es [IBAN], llama [TELÉFONO] o escribe a [CORREO].',
      ),
    ).toBe('Mi IBAN es [IBAN], llama [PHONE] o escribe a [EMAIL].');
    expect(restorePlaceholders('[IBAN]', '[They went]')).toBe('[IBAN]');
  });

  it('leaves bracketed text that was no placeholder as translated', () => {
    expect(restorePlaceholders('[music] call [PHONE]', '[música] llama [TELÉFONO]')).toBe(
      '[música] llama [PHONE]',
    );
  });

  it('leaves the text alone when brackets were lost or placeholders reordered', () => {
    expect(restorePlaceholders('call [PHONE]', 'llama TELÉFONO')).toBe('llama TELÉFONO');
    expect(restorePlaceholders('[PHONE] or [EMAIL]', '[EMAIL] o [TELÉFONO]')).toBe(
      '[EMAIL] o [TELÉFONO]',
    );
  });

  it('returns texts without placeholders unchanged', () => {
    expect(restorePlaceholders('see [1]', 'ver [uno]')).toBe('ver [uno]');
  });
});

describe('Setting: redaction in the pipeline configuration', () => {
  const base = {
    speechToText: { type: 'pocketsphinx' },
    translation: { type: 'apertium' },
    summarization: { type: 'extractive' },
  };

  it('redacts and keeps nothing raw when a configuration has no redaction section', () => {
    expect(parsePipelineConfig(base).redaction).toEqual(ON);
    expect(DEFAULT_REDACTION).toEqual(ON);
  });

  it('fills in the setting left out, and names a misspelt one', () => {
    const config = { ...base, redaction: { keepUnredactedTranscript: true } };
    expect(parsePipelineConfig(config).redaction).toEqual(KEEP_RAW);
    expect(() => parsePipelineConfig({ ...base, redaction: { enable: false } })).toThrow(
      /redaction: Unrecognized key: "enable"/,
    );
  });
});

describe('Option: retention.deleteRecordingAfterTranscription', () => {
  it('deletes the recording and its sidecar once the transcript is stored and handed on', async () => {
    const h = harness();
    h.store.put('recordings', 'recordings/call-1.meta.json', '{}');
    await transcribeContact(h.ctx, speechToText(), h.message, DEFAULT_REDACTION, {
      deleteRecordingAfterTranscription: true,
    });
    expect(await h.store.head('recordings', 'recordings/call-1.wav')).toBeUndefined();
    expect(await h.store.head('recordings', 'recordings/call-1.meta.json')).toBeUndefined();
    expect(await h.store.head(RESULTS, artifactKey(ref, 'transcript'))).toBeDefined();
  });

  it('keeps the recording by default', async () => {
    const h = harness();
    await transcribeContact(h.ctx, speechToText(), h.message);
    expect(await h.store.head('recordings', 'recordings/call-1.wav')).toBeDefined();
  });
});
