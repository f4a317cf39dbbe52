/**
 * Generates samples/telephony/: short stereo calls in the layouts telephony systems deliver,
 * made with espeak-ng and SoX like scripts/make-sample.ts (caller left, agent right), and a chat.
 *
 *   node --import tsx scripts/make-telephony-samples.ts
 *
 * - connect-call.wav: an Amazon Connect recording. Its real key holds a colon, which not every
 *   file system allows, so it is uploaded with `--key` (CONNECT_KEY below, see the README).
 * - genesys-export/: a Genesys Cloud S3 export of one conversation with two recordings (before
 *   and after a transfer), each with its `_metadata.json`.
 * - housing-benefit-chat.contact.json: a chat contact (schemas/contact-text.schema.json).
 *
 * Output is byte-identical run to run with the same espeak-ng and SoX versions.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../functions/shared/runCommand';
import { exitWithUsageIfAsked } from './usage';

const USAGE = `Usage: node --import tsx scripts/make-telephony-samples.ts

Regenerates samples/telephony/ (an Amazon Connect recording, a Genesys Cloud export with two
recordings and their _metadata.json, a chat contact) with espeak-ng and SoX.

  -h, --help  show this help and do nothing else`;
exitWithUsageIfAsked(USAGE);

type Party = 'caller' | 'agent';
type Script = ReadonlyArray<readonly [Party, string]>;

export const CONNECT_CONTACT_ID = '3f0b1c9e-5d2a-4e7b-9c1f-0a8b6d4e2f17';
export const CONNECT_KEY = `connect/callbrief-demo/CallRecordings/2026/11/22/${CONNECT_CONTACT_ID}_20261122T09:37_UTC.wav`;
export const GENESYS_ORG = '6a4f2c1e-8b3d-4e5f-9a7b-1c2d3e4f5a6b';
export const GENESYS_CONVERSATION = '5e2b9a70-4c1d-4f8e-b3a2-9d8c7e6f5a41';
export const GENESYS_RECORDINGS = [
  'a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b',
  'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a5b',
] as const;

const CONNECT_CALL: Script = [
  ['agent', 'Job center, good morning. How can I help you?'],
  ['caller', 'Hello. I lost my job and I want to apply for unemployment benefit.'],
  ['agent', 'Please send us your termination letter by Friday.'],
  ['caller', 'Thank you, I will do that.'],
];
const GENESYS_CALLS: readonly Script[] = [
  [
    ['agent', 'City service center, my name is Tom. How can I help you?'],
    ['caller', 'Hello. I want to register my new address.'],
    ['agent', 'I will transfer you to the registration office.'],
  ],
  [
    ['agent', 'Registration office, good morning.'],
    ['caller', 'Hello. We moved to a new flat on the first of May.'],
    ['agent', 'Please bring your passport to the appointment on Monday.'],
    ['caller', 'Thank you, goodbye.'],
  ],
];

// Same voices and noise floor as scripts/make-sample.ts (see samples/README.md for why).
const VOICES: Record<Party, string[]> = {
  caller: ['-v', 'en-us+m5', '-s', '140', '-p', '35'],
  agent: ['-v', 'en-us+m6', '-s', '140', '-p', '65'],
};
const PCM_16K_MONO = ['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer'];
const sox = (...args: string[]) => runCommand('sox', ['-R', ...args], { debianPackages: 'sox' });

/** A stereo call, caller on the left channel (0) and agent on the right (1). */
async function buildCall(work: string, script: Script, out: string): Promise<number> {
  const channels: Record<Party, string[]> = { caller: [], agent: [] };
  await sox('-n', ...PCM_16K_MONO, join(work, 'lead.wav'), 'trim', '0', '0.5');
  await sox('-n', ...PCM_16K_MONO, join(work, 'gap.wav'), 'trim', '0', '0.8');
  for (const party of ['caller', 'agent'] as const) channels[party].push(join(work, 'lead.wav'));
  for (const [i, [party, text]] of script.entries()) {
    const raw = join(work, `raw-${i}.wav`);
    const turn = join(work, `turn-${i}.wav`);
    const quiet = join(work, `quiet-${i}.wav`);
    await runCommand('espeak-ng', [...VOICES[party], '-w', raw, text], {
      debianPackages: 'espeak-ng',
    });
    await sox('-D', raw, ...PCM_16K_MONO, turn, 'vol', '0.5');
    await sox(turn, quiet, 'vol', '0');
    const other = party === 'caller' ? 'agent' : 'caller';
    channels[party].push(turn, join(work, 'gap.wav'));
    channels[other].push(quiet, join(work, 'gap.wav'));
  }
  const [left, right] = [join(work, 'left.wav'), join(work, 'right.wav')];
  await sox(...channels.caller, left);
  await sox(...channels.agent, right);
  const seconds = (await runCommand('soxi', ['-D', left])).stdout.trim();
  const noise = join(work, 'noise.wav');
  await sox('-n', ...PCM_16K_MONO, noise, 'synth', seconds, 'pinknoise', 'vol', '0.0075');
  await sox(noise, join(work, 'noise-r.wav'), 'reverse');
  await sox('-M', left, right, join(work, 'speech.wav'));
  await sox('-M', noise, join(work, 'noise-r.wav'), join(work, 'noise2.wav'));
  await sox('-m', '-v', '1', join(work, 'speech.wav'), '-v', '1', join(work, 'noise2.wav'), out);
  return Number(seconds);
}

/** What a Genesys export writes beside a recording (the fields callbrief maps, and some more). */
function genesysMetadata(recordingId: string, index: number) {
  return {
    conversationId: GENESYS_CONVERSATION,
    recordingId,
    organizationId: GENESYS_ORG,
    mediaType: 'Call',
    mediaSubtype: 'Trunk',
    provider: 'Genesys Cloud',
    conversationStartTime: '2026-11-22T09:12:03.512Z',
    recordingStartTime: index === 0 ? '2026-11-22T09:12:09.020Z' : '2026-11-22T09:13:41.377Z',
    userIds: [index === 0 ? 'agent-tom' : 'agent-registration'],
    participants: [
      { purpose: 'customer', participantData: { language: 'en-US' } },
      { purpose: 'agent', userId: index === 0 ? 'agent-tom' : 'agent-registration' },
    ],
  };
}

/** The agent of this chat writes English too: said per message, as the case worker's is Spanish. */
const CHAT = {
  schema_version: '1.1',
  channel: 'chat',
  case_id: 'CASE-2026-0042',
  contact_id: 'chat-0002',
  language: 'en',
  started_at: '2026-11-24T10:02:00Z',
  messages: [
    {
      sender: 'citizen',
      time: '2026-11-24T10:02:00Z',
      text: 'Hello, I would like to know the status of my housing benefit application.',
    },
    {
      sender: 'agent',
      language: 'en',
      time: '2026-11-24T10:02:40Z',
      text: 'Good morning. How can I help you today?',
    },
    {
      sender: 'citizen',
      time: '2026-11-24T10:03:15Z',
      text: 'I uploaded the rental contract yesterday. Do you need anything else?',
    },
    {
      sender: 'agent',
      language: 'en',
      time: '2026-11-24T10:04:05Z',
      text: 'We also need your last three pay slips. Please upload them by Friday.',
    },
    {
      sender: 'citizen',
      time: '2026-11-24T10:04:30Z',
      text: 'Thank you, I will upload them tomorrow.',
    },
    {
      sender: 'agent',
      language: 'en',
      time: '2026-11-24T10:04:50Z',
      text: 'You are welcome. Have a nice day.',
    },
  ],
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function main(): Promise<void> {
  const out = join(import.meta.dirname, '..', 'samples', 'telephony');
  const work = await mkdtemp(join(tmpdir(), 'make-telephony-'));
  try {
    await mkdir(out, { recursive: true });
    const connect = join(out, 'connect-call.wav');
    console.log(
      `wrote ${connect} (${(await buildCall(work, CONNECT_CALL, connect)).toFixed(1)} s)`,
    );
    const conversation = join(
      out,
      'genesys-export',
      GENESYS_ORG,
      'year=2026/month=11/day=22/hour=09',
      `conversation_id=${GENESYS_CONVERSATION}`,
    );
    await mkdir(conversation, { recursive: true });
    for (const [i, recordingId] of GENESYS_RECORDINGS.entries()) {
      const file = join(conversation, `${recordingId}.wav`);
      const seconds = await buildCall(work, GENESYS_CALLS[i] ?? [], file);
      await writeFile(
        join(conversation, `${recordingId}_metadata.json`),
        json(genesysMetadata(recordingId, i)),
      );
      console.log(`wrote ${file} (${seconds.toFixed(1)} s) and its _metadata.json`);
    }
    await writeFile(join(out, 'housing-benefit-chat.contact.json'), json(CHAT));
    console.log(`wrote ${join(out, 'housing-benefit-chat.contact.json')}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// Imported by the tests for the ids and the Connect key; run as a script to generate.
if (import.meta.main) await main();
