import { describe, expect, it } from 'vitest';
import {
  ExtractiveSummarizer,
  NO_SPEECH,
} from '../../../functions/providers/summarization/extractive';
import { commitmentOwner, findDue } from '../../../functions/providers/summarization/nextSteps';
import { valence } from '../../../functions/providers/summarization/sentimentLexicon';
import type { SpeakerRole, Transcript, Turn, Word } from '../../../functions/shared/documents';

type Line = [SpeakerRole, string];

function transcript(lines: Line[] | Turn[], language = 'en'): Transcript {
  const turns = lines.map((line, index) =>
    Array.isArray(line)
      ? { index, speaker: line[0], text: line[1], start: index * 5, end: index * 5 + 4 }
      : line,
  );
  return {
    case_id: 'case-1',
    contact_id: 'contact-1',
    schema_version: '1.0',
    language,
    duration_seconds: turns.length * 5,
    turns,
    ai_generated: true,
    provenance: { provider: 'test', model: 'test', latency_ms: 0 },
  };
}

/** One turn whose words carry timings; '|' marks a one-second pause. */
function timedTurn(speaker: SpeakerRole, spoken: string): Turn {
  const words: Word[] = [];
  let clock = 0;
  for (const part of spoken.split(' ')) {
    if (part === '|') clock += 1;
    else words.push({ text: part, start: clock, end: clock + 0.3 });
    clock += 0.35;
  }
  const text = words.map((word) => word.text).join(' ');
  return { index: 0, speaker, start: 0, end: clock, text, words };
}

const CLEAN: Line[] = [
  ['agent', 'Good morning, city services, this is Anna. How can I help you?'],
  [
    'caller',
    'Hello. I am calling about my residence permit. It expires at the end of March and I would like to renew it.',
  ],
  ['agent', 'Of course. Can you give me your case number?'],
  ['caller', 'Yes, it is 45712.'],
  [
    'agent',
    'Thank you. I can see your residence permit file. The renewal needs your passport, two photos and the rental contract.',
  ],
  ['caller', 'When can I come to the office?'],
  [
    'agent',
    'I will book you an appointment for Tuesday at ten. I will send you a confirmation letter by Friday. Please bring your passport and the rental contract to the appointment.',
  ],
  [
    'caller',
    'That is very helpful, thank you so much. I will bring the documents. Do I need to pay a fee for the renewal?',
  ],
  ['agent', 'Thank you for calling, goodbye.'],
];

/** The same call as a recogniser hears it: lower case, no punctuation, wrong words. */
const MESSY: Line[] = [
  ['agent', 'good morning city services this is anna how can i help you'],
  [
    'caller',
    'hello yes i am calling about my residents permit it expires at the end of march and i would like to review it',
  ],
  ['agent', 'of course can you give me your case number'],
  ['caller', 'yes it is four five seven one two'],
  [
    'agent',
    'thank you i can see your residents permit file the renewal needs your passport to photos and the rental contract',
  ],
  ['caller', 'when can i come to the office'],
  [
    'agent',
    'i will book you an appointment for tuesday at ten and i will send you a confirmation letter by friday please bring your passport and the rental contract',
  ],
  [
    'caller',
    'this is ridiculous i have been waiting for weeks and nobody called me back i am very angry',
  ],
  ['agent', 'i am sorry about that'],
  ['caller', 'okay i will bring the documents do i need to pay a fee for the renewal'],
  ['agent', 'thank you for calling goodbye'],
];

describe('Class: ExtractiveSummarizer', () => {
  const summarizer = new ExtractiveSummarizer();

  it('summarizes a clean punctuated call', async () => {
    // Act
    const { summary, sentiment, provenance } = await summarizer.summarize({
      transcript: transcript(CLEAN),
    });

    // Assess
    expect(summary.reason_for_contact).toMatch(/^I am calling about my residence permit/);
    expect(summary.next_steps).toEqual([
      {
        action: 'I will book you an appointment for Tuesday at ten.',
        owner: 'authority',
        due: 'Tuesday at ten',
      },
      {
        action: 'I will send you a confirmation letter by Friday.',
        owner: 'authority',
        due: 'by Friday',
      },
      { action: expect.stringMatching(/^Please bring your passport/), owner: 'citizen' },
      { action: 'I will bring the documents.', owner: 'citizen' },
    ]);
    // "When can I come to the office?" was answered; the fee question met only a goodbye.
    expect(summary.open_questions).toEqual(['Do I need to pay a fee for the renewal?']);
    expect(summary.key_facts).toContain('It is 45712.');
    expect(summary.key_facts.length).toBeLessThanOrEqual(5);
    expect(sentiment).toEqual({
      overall: 'positive',
      per_speaker: { agent: 'neutral', caller: 'positive' },
      method: 'lexicon:callbrief-en-1',
    });
    expect(provenance).toMatchObject({ provider: 'extractive', model: 'extractive-rules-en' });
    expect(provenance).not.toHaveProperty('prompt_version');
  });

  it('summarizes an unpunctuated call with recognition errors', async () => {
    // Act
    const { summary, sentiment } = await summarizer.summarize({ transcript: transcript(MESSY) });

    // Assess
    expect(summary.reason_for_contact).toMatch(/calling about my residents permit/);
    expect(summary.next_steps).toEqual([
      expect.objectContaining({ owner: 'authority', due: 'tuesday at ten' }),
      expect.objectContaining({ action: expect.stringMatching(/letter/), due: 'by friday' }),
      expect.objectContaining({ action: expect.stringMatching(/^Please bring/), owner: 'citizen' }),
      expect.objectContaining({ action: 'I will bring the documents', owner: 'citizen' }),
    ]);
    expect(summary.open_questions).toEqual(['Do i need to pay a fee for the renewal?']);
    expect(summary.key_facts).toContain('It is four five seven one two');
    expect(sentiment.per_speaker.caller).toBe('negative');
  });

  it('splits a role-less recording at pauses and leaves owners unknown', async () => {
    // Prepare: a mono recording, one speaker role, words with timings
    const call = timedTurn(
      'unknown',
      'hello city housing office | how can i help you today | yes hello i need help with my housing benefit application | i sent the form three weeks ago | okay the application is missing your bank statement | you need to send us the bank statement within ten days | okay i will send it tomorrow | what happens if it is late | thank you goodbye',
    );

    // Act
    const { summary, sentiment } = await summarizer.summarize({ transcript: transcript([call]) });

    // Assess
    expect(summary.reason_for_contact).toBe('I need help with my housing benefit application');
    expect(summary.next_steps).toEqual([
      { action: expect.stringMatching(/bank statement/), owner: 'unknown', due: 'within ten days' },
      { action: 'I will send it tomorrow', owner: 'unknown', due: 'tomorrow' },
    ]);
    expect(summary.open_questions).toEqual(['What happens if it is late?']);
    expect(sentiment.per_speaker).toEqual({ unknown: 'neutral' });
  });

  it('cuts a long pause-less turn into short pieces', async () => {
    // Prepare
    const rambling = Array.from(
      { length: 12 },
      (_, i) => `the parking permit for zone ${i} costs money`,
    );

    // Act
    const { summary } = await summarizer.summarize({
      transcript: transcript([['caller', rambling.join(' ')]]),
    });

    // Assess
    for (const text of [summary.reason_for_contact, ...summary.key_facts]) {
      expect(text.split(' ').length).toBeLessThanOrEqual(30);
    }
  });

  it('takes an agent reply after more caller turns as the answer', async () => {
    // Prepare: the recogniser cut the caller's talk into two turns
    const call = transcript([
      ['caller', 'how long does the renewal take'],
      ['caller', 'because i travel in june'],
      ['agent', 'it usually takes about three weeks'],
      ['caller', 'can i pay by card'],
      ['agent', 'thank you goodbye'],
    ]);

    // Act
    const { summary } = await summarizer.summarize({ transcript: call });

    // Assess
    expect(summary.open_questions).toEqual(['Can i pay by card?']);
  });

  it('returns the same output for the same input', async () => {
    // Act
    const first = await summarizer.summarize({ transcript: transcript(MESSY) });
    const second = await summarizer.summarize({ transcript: transcript(MESSY) });

    // Assess
    expect(second.summary).toEqual(first.summary);
    expect(second.sentiment).toEqual(first.sentiment);
  });

  it('returns an empty but valid summary when nothing was recognised', async () => {
    // Act
    const { summary, sentiment } = await summarizer.summarize({
      transcript: transcript([['unknown', '   ']]),
    });

    // Assess
    expect(summary).toEqual({
      reason_for_contact: NO_SPEECH,
      key_facts: [],
      next_steps: [],
      open_questions: [],
    });
    expect(sentiment).toMatchObject({ overall: 'neutral', per_speaker: {} });
  });

  it('falls back to generic scoring for languages without rules', async () => {
    // Prepare
    const spanish = transcript(
      [
        ['agent', 'Buenos días, oficina de vivienda. ¿En qué puedo ayudarle?'],
        ['caller', 'Quiero solicitar la ayuda de vivienda. Envié el formulario hace tres semanas.'],
        ['agent', 'Su solicitud de ayuda de vivienda necesita el extracto bancario.'],
      ],
      'es',
    );

    // Act
    const { summary, sentiment, provenance } = await summarizer.summarize({ transcript: spanish });

    // Assess
    expect(provenance.model).toBe('extractive-generic');
    expect(summary.reason_for_contact).toMatch(/^Quiero solicitar/);
    expect(summary.key_facts).toContain(
      'Su solicitud de ayuda de vivienda necesita el extracto bancario.',
    );
    expect(summary.next_steps).toEqual([]);
    expect(sentiment).toEqual({
      overall: 'neutral',
      per_speaker: {},
      method: 'none:no-lexicon-for-es',
    });
  });
});

describe('Function: findDue', () => {
  it.each([
    ['i will send it by friday', 'by friday'],
    ['you will get a letter within two weeks', 'within two weeks'],
    ['please come on the fifth of may at ten', 'on the fifth of may at ten'],
    ['the deadline is 2027-01-31', '2027-01-31'],
    ['we will call you tomorrow morning', 'tomorrow morning'],
    ['by the end of the month please', 'by the end of the month'],
  ])('finds the stated deadline in "%s"', (text, due) => {
    expect(findDue(text)).toBe(due);
  });

  it('invents nothing when no deadline is stated', () => {
    expect(findDue('may i ask you something')).toBeUndefined();
  });
});

describe('Function: commitmentOwner', () => {
  it.each([
    ['agent', 'i will call you back', 'authority'],
    ['agent', 'you need to sign the form', 'citizen'],
    ['caller', "i'll bring it", 'citizen'],
    ['caller', 'so you will send me the form', 'authority'],
    ['unknown', 'i will send it', 'unknown'],
  ] as const)('gives %s "%s" to %s', (speaker, text, owner) => {
    expect(commitmentOwner(speaker, text)).toBe(owner);
  });

  it('finds no commitment in small talk', () => {
    expect(commitmentOwner('agent', 'the weather is nice')).toBeUndefined();
  });
});

describe('Function: valence', () => {
  it('flips and damps negated words', () => {
    expect(valence(['no', 'problem'])).toBeGreaterThan(0);
    expect(valence(['not', 'happy'])).toBeLessThan(0);
    expect(valence(['very', 'angry'])).toBeLessThan(valence(['angry']));
  });
});
