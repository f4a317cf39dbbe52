import { describe, expect, it } from 'vitest';
import {
  redactSummaryContent,
  redactTranscript,
  redactTranslation,
} from '../../../functions/redaction/redactDocuments';
import type {
  SummaryContent,
  Transcript,
  Translation,
  Turn,
  Word,
} from '../../../functions/shared/documents';

const provenance = { provider: 'test', model: 'test', latency_ms: 0 };

/** A turn whose words are its space-separated tokens, 0.5 s each, starting at `from`. */
function timedTurn(index: number, text: string, from = 0): Turn {
  const words: Word[] = text
    .split(' ')
    .map((token, i) => ({ text: token, start: from + i * 0.5, end: from + i * 0.5 + 0.4 }));
  const end = words[words.length - 1]?.end ?? from;
  return { index, speaker: 'caller', start: from, end, text, words };
}

function transcript(turns: Turn[]): Transcript {
  return {
    case_id: 'case-1',
    contact_id: 'contact-1',
    schema_version: '1.0',
    language: 'de',
    duration_seconds: 60,
    turns,
    ai_generated: true,
    provenance,
  };
}

describe('Function: redactTranscript', () => {
  it('redacts turn texts and records paths with offsets into the original turn text', () => {
    // Prepare
    const input = transcript([
      timedTurn(0, 'Guten Tag.'),
      timedTurn(1, 'Meine IBAN ist DE89 3704 0044 0532 0130 00 danke', 2),
    ]);
    // Act
    const { document, redactions } = redactTranscript(input);
    // Assess
    expect(document.turns[1]?.text).toBe('Meine IBAN ist [IBAN] danke');
    expect(redactions).toEqual([
      { type: 'IBAN', start: 15, end: 42, placeholder: '[IBAN]', path: 'turns[1].text' },
    ]);
    expect(input.turns[1]?.text.slice(15, 42)).toBe('DE89 3704 0044 0532 0130 00');
  });

  it('collapses the words of a redacted span into one placeholder word spanning their time', () => {
    // Prepare
    const input = transcript([timedTurn(0, 'Meine IBAN ist DE89 3704 0044 0532 0130 00 danke')]);
    // Act
    const words = redactTranscript(input).document.turns[0]?.words ?? [];
    // Assess: the six IBAN tokens ran from 1.5 s to 4.4 s
    expect(words.map((w) => w.text)).toEqual(['Meine', 'IBAN', 'ist', '[IBAN]', 'danke']);
    expect(words[3]).toMatchObject({ start: 1.5, end: 4.4 });
    expect(words[4]).toMatchObject({ start: 4.5, end: 4.9 });
  });

  it('keeps punctuation glued to a redacted word and the lowest confidence', () => {
    // Prepare
    const turn: Turn = {
      index: 0,
      speaker: 'caller',
      start: 0,
      end: 2,
      text: 'Nummer: 030 1234567.',
      words: [
        { text: 'Nummer:', start: 0, end: 0.5, confidence: 0.99 },
        { text: '030', start: 0.6, end: 1, confidence: 0.8 },
        { text: '1234567.', start: 1.1, end: 2, confidence: 0.9 },
      ],
    };
    // Act
    const words = redactTranscript(transcript([turn])).document.turns[0]?.words;
    // Assess
    expect(words).toEqual([
      { text: 'Nummer:', start: 0, end: 0.5, confidence: 0.99 },
      { text: '[PHONE].', start: 0.6, end: 2, confidence: 0.8 },
    ]);
  });

  it('drops unaligned words inside a redacted time span and redacts unaligned words elsewhere', () => {
    // Prepare: the speech engine's words disagree with its turn text in two places
    const turn: Turn = {
      index: 0,
      speaker: 'caller',
      start: 0,
      end: 6,
      text: 'Tel. 030 1234567 oder Mail',
      words: [
        { text: 'Tel.', start: 0, end: 0.5 },
        { text: '030', start: 1, end: 1.4 },
        { text: '123-4567', start: 1.5, end: 1.9 },
        { text: '1234567', start: 1.5, end: 2 },
        { text: 'oder', start: 2.5, end: 3 },
        { text: 'max@example.de', start: 3.5, end: 4.5 },
      ],
    };
    // Act
    const { document, redactions } = redactTranscript(transcript([turn]));
    // Assess
    expect(document.turns[0]?.words?.map((w) => w.text)).toEqual([
      'Tel.',
      '[PHONE]',
      'oder',
      '[EMAIL]',
    ]);
    expect(redactions.map((r) => r.path)).toEqual(['turns[0].text', 'turns[0].words[5].text']);
  });

  it('leaves the input untouched and changes nothing on a second pass', () => {
    // Prepare
    const input = transcript([
      timedTurn(0, 'Geboren am 3. März 1980, wohnhaft Musterstraße 12, 10115 Berlin.'),
      timedTurn(1, 'Karte 4111 1111 1111 1111 bitte.', 10),
    ]);
    const before = structuredClone(input);
    // Act
    const once = redactTranscript(input);
    const twice = redactTranscript(once.document);
    // Assess
    expect(input).toEqual(before);
    expect(once.redactions.map((r) => r.type)).toEqual(['DATE_OF_BIRTH', 'ADDRESS', 'CARD']);
    expect(twice.document).toEqual(once.document);
    expect(twice.redactions).toEqual([]);
  });

  it('redacts a 10,000-word transcript quickly', () => {
    // Prepare: every fifth turn carries identifiers, the rest is plain talk
    const turns = Array.from({ length: 1000 }, (_, i) =>
      timedTurn(
        i,
        i % 5 === 0
          ? 'IBAN DE89 3704 0044 0532 0130 00 Tel. 030 1234567'
          : 'ja also ich wollte fragen wann der Bescheid kommt',
        i * 10,
      ),
    );
    const input = transcript(turns);
    redactTranscript(input);
    // Act
    const started = performance.now();
    const { redactions } = redactTranscript(input);
    const elapsed = performance.now() - started;
    // Assess: the target is well under 100 ms; the bound leaves room for a loaded CI machine
    expect(redactions).toHaveLength(400);
    expect(elapsed).toBeLessThan(500);
  });
});

describe('Function: redactTranslation', () => {
  it('redacts every turn text with its path', () => {
    // Prepare
    const input: Translation = {
      case_id: 'case-1',
      contact_id: 'contact-1',
      schema_version: '1.0',
      source_language: 'uk',
      target_language: 'de',
      turns: [
        { index: 0, speaker: 'caller', start: 0, end: 2, text: 'Hallo.' },
        { index: 1, speaker: 'caller', start: 2, end: 4, text: 'Meine Nummer ist 0171 2345678.' },
      ],
      ai_generated: true,
      provenance,
    };
    // Act
    const { document, redactions } = redactTranslation(input);
    // Assess
    expect(document.turns.map((t) => t.text)).toEqual(['Hallo.', 'Meine Nummer ist [PHONE].']);
    expect(redactions).toEqual([
      { type: 'PHONE', start: 17, end: 29, placeholder: '[PHONE]', path: 'turns[1].text' },
    ]);
  });
});

describe('Function: redactSummaryContent', () => {
  it('redacts free-text fields, prefixes paths and leaves due dates alone', () => {
    // Prepare
    const input: SummaryContent = {
      reason_for_contact: 'Neue IBAN DE89 3704 0044 0532 0130 00 mitgeteilt',
      key_facts: ['Umzug', 'neue Adresse Musterstraße 12, 10115 Berlin'],
      next_steps: [{ action: 'Rückruf unter 030 1234567', owner: 'authority', due: '2026-12-01' }],
      open_questions: ['Steuer-ID 36 574 261 809 korrekt?'],
    };
    // Act
    const { document, redactions } = redactSummaryContent(input, 'caller_summary');
    // Assess
    expect(document).toEqual({
      reason_for_contact: 'Neue IBAN [IBAN] mitgeteilt',
      key_facts: ['Umzug', 'neue Adresse [ADDRESS]'],
      next_steps: [{ action: 'Rückruf unter [PHONE]', owner: 'authority', due: '2026-12-01' }],
      open_questions: ['Steuer-ID [TAX_ID] korrekt?'],
    });
    expect(redactions.map((r) => r.path)).toEqual([
      'caller_summary.reason_for_contact',
      'caller_summary.key_facts[1]',
      'caller_summary.next_steps[0].action',
      'caller_summary.open_questions[0]',
    ]);
  });
});
