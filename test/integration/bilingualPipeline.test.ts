import { execFile } from 'node:child_process';
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRollup } from '../../functions/core/caseRollup/caseRollupDocument';
import type { CaseSummary, Transcript, Translation } from '../../functions/shared/documents';
import {
  type FakeServer,
  type RecordedRequest,
  startFakeServer,
} from '../contract/support/fakeServer';

const run = promisify(execFile);

/**
 * The core scenario of issue 15 through `npm start` with local servers speaking the providers'
 * wire formats: the caller speaks Turkish (A), the agent German (B), the case worker reads
 * German. A stereo call, then a mixed-language chat that reports a step of the call done, then
 * an e-mail written before the call, all in one case.
 */

const CASE = 'CASE-2026-0815';
const CALL = 'call-0001';
const CHAT = 'chat-0002';
const EMAIL = 'email-0000';

const CALLER_SAYS = 'Merhaba, kira sözleşmesini cuma gününe kadar yükleyeceğim';
const AGENT_SAYS = 'Guten Tag. Bitte laden Sie den Mietvertrag bis Freitag hoch.';
const CHAT_CITIZEN = ['Kira sözleşmesini yükledim.', 'Teşekkürler!'];
const CHAT_AGENT = ['Danke, der Mietvertrag ist angekommen.'];
const EMAIL_CITIZEN = ['Konut yardımı başvurusu yapmak istiyorum.'];
const TURKISH = new Set([CALLER_SAYS, ...CHAT_CITIZEN, ...EMAIL_CITIZEN]);

/** What the fake model writes, in German (the case worker's view is German). */
const SUMMARIES = {
  call: {
    reason_for_contact: 'Wohngeld: Unterlagen fehlen.',
    key_facts: ['Der Mietvertrag fehlt.'],
    next_steps: [
      { action: 'Der Bürger lädt den Mietvertrag hoch.', owner: 'citizen', due: 'bis Freitag' },
    ],
    open_questions: [],
  },
  chat: {
    reason_for_contact: 'Mietvertrag hochgeladen.',
    key_facts: ['Der Mietvertrag ist angekommen.'],
    next_steps: [],
    open_questions: [],
  },
  email: {
    reason_for_contact: 'Antrag auf Wohngeld.',
    key_facts: [],
    next_steps: [
      {
        action: 'Die Behörde prüft den Antrag.',
        owner: 'authority',
        due: 'innerhalb von zwei Wochen',
      },
    ],
    open_questions: [],
  },
};
const GERMAN = new Set([
  AGENT_SAYS,
  ...CHAT_AGENT,
  ...Object.values(SUMMARIES).flatMap((s) => [
    s.reason_for_contact,
    ...s.key_facts,
    ...s.next_steps.map((step) => step.action),
  ]),
]);

function formField(request: RecordedRequest, name: string): string | undefined {
  return request.body
    .toString('utf8')
    .match(new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)`))?.[1];
}

/** A Whisper-style server that answers in the language it was told to expect. */
function transcription(request: RecordedRequest) {
  const language = formField(request, 'language');
  const text = language === 'tr' ? CALLER_SAYS : language === 'de' ? AGENT_SAYS : undefined;
  if (!text) return { status: 400, body: { error: `unexpected language ${language}` } };
  return {
    body: {
      language: language === 'tr' ? 'turkish' : 'german',
      duration: 10,
      text,
      segments: [{ id: 0, start: language === 'tr' ? 1 : 4, end: 3, text }],
    },
  };
}

/** A chat model: which summary is told by the transcript; open steps given are judged. */
function summarize(request: RecordedRequest) {
  const body = JSON.parse(request.body.toString()) as { messages: Array<{ content: string }> };
  const user = body.messages.at(-1)?.content ?? '';
  const kind = user.includes('Mietvertrag ist angekommen')
    ? 'chat'
    : user.includes('Konut')
      ? 'email'
      : 'call';
  const open = /Open steps of the case[^\n]*\n(.*)$/s.exec(user)?.[1];
  const steps = open ? (JSON.parse(open) as Array<{ step_id: string; action: string }>) : [];
  const completed =
    kind === 'chat'
      ? steps
          .filter((step) => step.action.includes('Mietvertrag'))
          .map((step) => ({ step_id: step.step_id, evidence: 'Der Mietvertrag ist angekommen.' }))
      : [];
  const answer = {
    ...SUMMARIES[kind],
    sentiment: {
      overall: 'neutral',
      per_speaker: { agent: 'neutral', caller: 'positive', unknown: null },
      per_turn: [{ index: 0, label: 'positive' }],
    },
    completed_steps: completed,
  };
  return {
    body: {
      model: 'mistral-test',
      choices: [{ message: { role: 'assistant', content: JSON.stringify(answer) } }],
    },
  };
}

interface DeeplRequest {
  text: string[];
  source_lang: string;
  target_lang: string;
}

describe('Integration: a bilingual case (caller Turkish, agent German) through HTTP providers', () => {
  let dir: string;
  let stt: FakeServer;
  let deepl: FakeServer;
  let chat: FakeServer;
  let output: string;
  let rollupAfterChat: string;
  let deeplAfterCall: number;

  let runs = 0;
  // --out holds one run's results only: each run writes its own folder, gathered in `output`.
  const cli = async (...files: string[]) => {
    runs += 1;
    const runOutput = join(dir, `out-${runs}`);
    const result = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'local/cli.ts',
        '--config',
        join(dir, 'config.json'),
        '--out',
        runOutput,
        '--state',
        join(dir, 'state'),
        ...files,
      ],
      {
        env: {
          ...process.env,
          CALLBRIEF_TEST_KEY: 'test-key-123',
          NODE_OPTIONS: '--openssl-legacy-provider',
        },
      },
    );
    await cp(runOutput, output, { recursive: true });
    return result.stdout;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-bilingual-'));
    output = join(dir, 'out');
    stt = await startFakeServer((request) => transcription(request));
    deepl = await startFakeServer((request) => {
      const { text, target_lang } = JSON.parse(request.body.toString()) as DeeplRequest;
      return { body: { translations: text.map((t) => ({ text: `[${target_lang}] ${t}` })) } };
    });
    chat = await startFakeServer((request) => summarize(request));
    const transport = {
      apiKeyEnv: 'CALLBRIEF_TEST_KEY',
      allowLoopback: true,
      retryBaseDelayMs: 10,
    };
    const config = {
      speechToText: {
        type: 'openai-compatible',
        baseUrl: stt.baseUrl,
        model: 'whisper',
        ...transport,
      },
      translation: { type: 'deepl', baseUrl: deepl.origin, ...transport },
      summarization: {
        type: 'openai-compatible',
        baseUrl: chat.baseUrl,
        model: 'mistral-test',
        ...transport,
      },
      languages: { caseWorker: 'de' },
      transcriptionConcurrency: 1,
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));

    // A stereo call on Wednesday 2 December 2026, 10:00 in Berlin (Amazon Connect key, UTC).
    const call = join(dir, 'call.wav');
    await copyFile('samples/citizen-call.wav', call);
    await writeFile(
      join(dir, 'call.wav.meta.json'),
      JSON.stringify({ case_id: CASE, contact_id: CALL, caller_language: 'tr', agent_channel: 1 }),
    );
    const key = `connect/demo/CallRecordings/2026/12/02/${'3f0b1c9e-5d2a-4e7b-9c1f-0a8b6d4e2f17'}_20261202T09:00_UTC.wav`;
    expect(await cli(call, '--key', key)).toContain('1 of 1 recordings summarized');
    deeplAfterCall = deepl.requests.length;

    // The next day: a chat, the citizen in Turkish, the agent in German.
    const chatDoc = {
      schema_version: '1.1',
      channel: 'chat',
      case_id: CASE,
      contact_id: CHAT,
      language: 'tr',
      started_at: '2026-12-03T14:00:00Z',
      messages: [
        { sender: 'citizen', time: 0, text: CHAT_CITIZEN[0] },
        { sender: 'agent', time: 30, text: CHAT_AGENT[0] },
        { sender: 'citizen', time: 60, text: CHAT_CITIZEN[1] },
      ],
    };
    await writeFile(join(dir, 'chat.contact.json'), JSON.stringify(chatDoc));
    expect(await cli(join(dir, 'chat.contact.json'))).toContain('1 of 1 recordings summarized');
    rollupAfterChat = await readFile(join(output, 'cases', CASE, 'case.json'), 'utf8');

    // Processed last, written first: an e-mail from the day before the call.
    const email = {
      ...chatDoc,
      channel: 'email',
      contact_id: EMAIL,
      started_at: '2026-12-01T08:00:00Z',
      messages: [{ sender: 'citizen', time: 0, text: EMAIL_CITIZEN[0] }],
    };
    await writeFile(join(dir, 'email.contact.json'), JSON.stringify(email));
    expect(await cli(join(dir, 'email.contact.json'))).toContain('1 of 1 recordings summarized');
  }, 180_000);

  afterAll(async () => {
    await Promise.all([stt?.close(), deepl?.close(), chat?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const artifact = async <T>(contact: string, name: string): Promise<T> =>
    JSON.parse(await readFile(join(output, 'cases', CASE, 'contacts', contact, name), 'utf8')) as T;

  it("asks speech-to-text for Turkish on the caller's channel and German on the agent's", () => {
    expect(stt.requests.map((r) => formField(r, 'language'))).toEqual(['tr', 'de']);
  });

  it('records the language of every turn of the call and the chat', async () => {
    const call = await artifact<Transcript>(CALL, 'transcript.json');
    expect(call.turns.map((t) => [t.speaker, t.language])).toEqual([
      ['caller', 'tr'],
      ['agent', 'de'],
    ]);
    const chatTranscript = await artifact<Transcript>(CHAT, 'transcript.json');
    expect(chatTranscript.turns.map((t) => [t.speaker, t.language])).toEqual([
      ['caller', 'tr'],
      ['agent', 'de'],
      ['caller', 'tr'],
    ]);
  });

  it.each([CALL, CHAT])(
    'writes two full views of %s, copying turns already in the language',
    async (contact) => {
      const transcript = await artifact<Transcript>(contact, 'transcript.json');
      const german = await artifact<Translation>(contact, 'translation.de.json');
      const turkish = await artifact<Translation>(contact, 'translation.tr.json');
      transcript.turns.forEach((turn, i) => {
        const [inGerman, inTurkish] = [german.turns[i], turkish.turns[i]];
        if (turn.language === 'de') {
          expect(inGerman).toMatchObject({ status: 'copied', text: turn.text });
          expect(inTurkish).toMatchObject({ status: 'translated', text: `[TR] ${turn.text}` });
        } else {
          expect(inGerman).toMatchObject({ status: 'translated', text: `[DE] ${turn.text}` });
          expect(inTurkish).toMatchObject({ status: 'copied', text: turn.text });
        }
        expect(inGerman?.source_language).toBe(turn.language);
      });
    },
  );

  it('sends no text in its target language and names the right source language', () => {
    expect(deepl.requests.length).toBeGreaterThan(0);
    for (const request of deepl.requests) {
      const { text, source_lang, target_lang } = JSON.parse(
        request.body.toString(),
      ) as DeeplRequest;
      expect(source_lang).not.toBe(target_lang);
      for (const sent of text) {
        if (source_lang === 'TR') expect(TURKISH.has(sent), sent).toBe(true);
        else expect([source_lang, GERMAN.has(sent)], sent).toEqual(['DE', true]);
      }
    }
  });

  it("summarizes from the case worker's view and gives the caller the summary in Turkish", async () => {
    const summary = await artifact<CaseSummary>(CALL, 'summary.json');
    expect(summary.languages).toEqual({ spoken: 'tr', case_worker: 'de', caller: 'tr' });
    expect(summary.summary.reason_for_contact).toBe(SUMMARIES.call.reason_for_contact);
    expect(summary.caller_summary.reason_for_contact).toBe(
      `[TR] ${SUMMARIES.call.reason_for_contact}`,
    );
    // Wednesday 2 December, "bis Freitag": Friday 4 December; the words are kept.
    expect(summary.summary.next_steps[0]).toMatchObject({
      due: 'bis Freitag',
      due_date: '2026-12-04',
    });
    expect(summary.caller_summary.next_steps[0]).toMatchObject({ due_date: '2026-12-04' });
    // Turn 0 as the model judged it; turn 1, left out by the model, from the German lexicon.
    expect(summary.sentiment.per_turn?.map((t) => [t.index, t.method])).toEqual([
      [0, 'llm:mistral-test'],
      [1, 'lexicon:callbrief-de-1'],
    ]);
    expect(summary.sources.caller_translation?.key).toMatch(/translation\.tr\.json$/);
    expect(deeplAfterCall).toBeGreaterThan(0);
  });

  it("closes the call's step with the later chat, naming the chat", async () => {
    const rollup = JSON.parse(rollupAfterChat) as CaseRollup;
    const [step] = rollup.next_steps;
    expect(step).toMatchObject({
      contact_id: CALL,
      status: 'done',
      due_date: '2026-12-04',
      closed_by: { contact_id: CHAT, method: 'llm' },
    });
    expect(rollup.status).toBe('no-open-steps');
    const chatSummary = await artifact<CaseSummary>(CHAT, 'summary.json');
    expect(chatSummary.completed_steps).toEqual([
      { step_id: step?.step_id, method: 'llm', evidence: 'Der Mietvertrag ist angekommen.' },
    ]);
  });

  it('orders the contacts by their own start, not by when they were processed', async () => {
    const rollup = JSON.parse(await readFile(join(output, 'cases', CASE, 'case.json'), 'utf8'));
    expect((rollup as CaseRollup).contacts.map((c) => c.contact_id)).toEqual([EMAIL, CALL, CHAT]);
    const email = (rollup as CaseRollup).next_steps.find((s) => s.contact_id === EMAIL);
    // "innerhalb von zwei Wochen" from Tuesday 1 December.
    expect(email).toMatchObject({ status: 'open', due_date: '2026-12-15' });
  });

  it('changes nothing when the chat is published again', async () => {
    const before = await readFile(join(output, 'cases', CASE, 'case.json'), 'utf8');
    await cli(join(dir, 'chat.contact.json'));
    expect(await readFile(join(output, 'cases', CASE, 'case.json'), 'utf8')).toBe(before);
  });
});
