import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../../local/localPipeline';
import { instantEngines } from '../../../local/soak/instantEngines';
import { everyVersion, findNeedles, sendErase, syntheticCall, upload } from './support';

const CASE = 'JC-ERASE-4711';
const CONTACTS = ['c-call-8812', 'c-chat-8813', 'c-broken-8814', 'c-badchat-8815', 'c-live-8816'];
const NAME = 'Ayşe Yılmaz';
const IBAN = 'DE89 3704 0044 0532 0130 00';
const EMAIL = 'ayse.yilmaz@example.org';
/** In file names, as telephony exports often carry the caller's name. */
const FOLDER = 'recordings/ayse-yilmaz';
const NEEDLES = [CASE, ...CONTACTS, NAME, IBAN, EMAIL, 'ayse-yilmaz'];

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

const meta = (contactId: string) => JSON.stringify({ case_id: CASE, contact_id: contactId });

describe('Integration: erasure finds everything of a case', () => {
  let dir: string;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-erase-all-'));
    pipeline = await LocalPipeline.start({
      pipeline: config,
      stateDir: join(dir, 'state'),
      providers: instantEngines(),
    });
    const [good, other, conflicting] = await Promise.all([
      syntheticCall(3),
      syntheticCall(2),
      syntheticCall(4),
    ]);
    // A good call, its sidecar naming the case.
    await upload(pipeline, `${FOLDER}/call-1.wav.meta.json`, meta('c-call-8812'));
    await upload(pipeline, `${FOLDER}/call-1.wav`, good);
    // A chat that names the citizen.
    await upload(
      pipeline,
      `${FOLDER}/chat-1.contact.json`,
      JSON.stringify({
        schema_version: '1.0',
        channel: 'chat',
        case_id: CASE,
        contact_id: 'c-chat-8813',
        language: 'en',
        messages: [
          { sender: 'citizen', time: 0, text: `Hello, this is ${NAME}, about my housing benefit.` },
          { sender: 'agent', time: 5, text: 'Thank you, we will send you the form.' },
        ],
      }),
    );
    // A corrupt recording whose sidecar names the case.
    await upload(pipeline, `${FOLDER}/broken.wav.meta.json`, meta('c-broken-8814'));
    await upload(pipeline, `${FOLDER}/broken.wav`, 'RIFF....WAVEfmt this is not audio at all');
    // An invalid chat document (a message without its time) carrying an IBAN and an e-mail.
    await upload(
      pipeline,
      `${FOLDER}/chat-bad.contact.json`,
      JSON.stringify({
        schema_version: '1.0',
        channel: 'chat',
        case_id: CASE,
        contact_id: 'c-badchat-8815',
        messages: [{ sender: 'citizen', text: `My IBAN is ${IBAN}, write to ${EMAIL}.` }],
      }),
    );
    // Audio of a live call in progress, as the AudioHook bridge persists it (live/chunks/).
    await upload(pipeline, `live-audiohook/${CASE}/c-live-8816/pieces/00000000.wav`, good);
    // Another case that must survive.
    await upload(
      pipeline,
      'recordings/keep/call.wav.meta.json',
      JSON.stringify({ case_id: 'KEEP-1', contact_id: 'keep-c1' }),
    );
    await upload(pipeline, 'recordings/keep/call.wav', other);
    await pipeline.waitUntilIdle();
    // A second recording for the good call's contact, with different audio: a conflict.
    await upload(pipeline, `${FOLDER}/call-1-again.wav.meta.json`, meta('c-call-8812'));
    await upload(pipeline, `${FOLDER}/call-1-again.wav`, conflicting);
    await pipeline.waitUntilIdle();
    // A case worker's correction of the good call's summary.
    await pipeline.sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.queues.review.url,
        MessageBody: JSON.stringify({
          type: 'review-summary',
          case_id: CASE,
          contact_id: 'c-call-8812',
          decision: 'corrected',
          reviewed_by: 'caseworker-17',
          summary: {
            reason_for_contact: `${NAME} asks about a parking permit.`,
            key_facts: [],
            next_steps: [],
            open_questions: [],
          },
        }),
      }),
    );
    await pipeline.waitUntilIdle();
    // The good call, the chat and the other case were published.
    expect(await pipeline.drainSummaryReady()).toHaveLength(3);
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the case, its rejected inputs and their error records before erasure', async () => {
    const results = (await everyVersion(pipeline, pipeline.resultsBucket)).map((v) => v.key);
    expect(results).toEqual(
      expect.arrayContaining([
        `cases/${CASE}/contacts/c-call-8812/summary.json`,
        `cases/${CASE}/contacts/c-call-8812/summary.corrected.json`,
        `cases/${CASE}/contacts/c-chat-8813/summary.json`,
        `cases/${CASE}/case.json`,
      ]),
    );
    // Corrupt audio, invalid document and conflict, each filed under the case.
    const errors = results.filter((key) => key.startsWith(`errors/ingest/cases/${CASE}/`));
    expect(errors).toHaveLength(3);
    const found = await findNeedles(pipeline, NEEDLES);
    for (const needle of NEEDLES)
      expect(found.some((f) => f.startsWith(`${needle} in`))).toBe(true);
  });

  it('leaves no object or version containing the case id, a contact id or a personal value', async () => {
    await sendErase(pipeline, {
      case_id: CASE,
      request_id: 'dpo-2026-17',
      requested_by: 'case-system-jobcentre-north',
    });
    await pipeline.waitUntilIdle();

    expect(await findNeedles(pipeline, NEEDLES)).toEqual([]);
    const results = await everyVersion(pipeline, pipeline.resultsBucket);
    const receipt = results.find((v) => v.key.includes('/requests/dpo-2026-17.json'));
    expect(receipt).toBeDefined();
    expect(JSON.parse(receipt?.text ?? '{}')).toMatchObject({
      type: 'erasure-receipt',
      requested_by: 'case-system-jobcentre-north',
      // 8 versions of uploads and sidecars, and the live piece.
      deleted: { recordings_bucket: 9 },
      second_sweep: { deleted: { recordings_bucket: 0, results_bucket: 0 } },
    });
    // The other case is untouched.
    const keys = results.map((v) => v.key);
    expect(keys).toContain('cases/KEEP-1/contacts/keep-c1/summary.json');
    const recordings = await everyVersion(pipeline, pipeline.recordingsBucket);
    expect(recordings.map((v) => v.key).sort()).toEqual([
      'recordings/keep/call.wav',
      'recordings/keep/call.wav.meta.json',
    ]);
  });

  it('refuses a later upload naming the erased case, and a new erase request removes it', async () => {
    await upload(pipeline, `${FOLDER}/late.wav.meta.json`, meta('c-late-8816'));
    await upload(pipeline, `${FOLDER}/late.wav`, await syntheticCall(2));
    await pipeline.waitUntilIdle();

    const results = await everyVersion(pipeline, pipeline.resultsBucket);
    const refused = results.filter((v) => v.key.startsWith('errors/ingest/erased-cases/'));
    expect(refused).toHaveLength(1);
    expect(JSON.parse(refused[0]?.text ?? '{}')).toMatchObject({ code: 'case-erased' });
    // The refusal holds no personal data: neither the case nor the object's name.
    expect(refused[0]?.text).not.toMatch(new RegExp(`${CASE}|ayse|late\\.wav|c-late`));
    // Nothing of the case but the index entry that lets erasure find the upload.
    const ofCase = results.filter((v) => v.key.includes(CASE) || v.text.includes(CASE));
    expect(ofCase.map((v) => v.key)).toEqual([expect.stringMatching(`^cases/${CASE}/inputs/`)]);
    expect(await findNeedles(pipeline, [NAME, IBAN, EMAIL])).toEqual([]);
    expect(await pipeline.drainSummaryReady()).toEqual([]);

    await sendErase(pipeline, {
      case_id: CASE,
      request_id: 'dpo-2026-18',
      requested_by: 'case-system-jobcentre-north',
    });
    await pipeline.waitUntilIdle();
    expect(await findNeedles(pipeline, NEEDLES)).toEqual([]);
  });
});
