/**
 * Generates samples/citizen-call.wav: a two-voice English citizen-service call made with
 * espeak-ng, caller on the left channel, agent on the right (Amazon Connect's layout).
 *
 *   node --import tsx scripts/make-sample.ts          # regenerate audio and metadata
 *   node --import tsx scripts/make-sample.ts --wer    # also transcribe it and print word error rate
 *
 * Output is byte-identical run to run with the same espeak-ng and sox versions.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketsphinxSpeechToText } from '../functions/providers/speechToText/pocketsphinx';
import { runCommand } from '../functions/shared/runCommand';
import { exitWithUsageIfAsked } from './usage';

const USAGE = `Usage: npm run make-sample [-- --wer]

Regenerates samples/citizen-call.wav and its metadata with espeak-ng and SoX (a two-voice call,
caller left, agent right). Byte-identical run to run with the same tool versions.

  --wer       also transcribe it and print the word error rate
  -h, --help  show this help and do nothing else`;
exitWithUsageIfAsked(USAGE);

type Party = 'caller' | 'agent';

const SCRIPT: ReadonlyArray<readonly [Party, string]> = [
  ['agent', 'Good morning, city service center. My name is Anna. How can I help you?'],
  [
    'caller',
    'Hello, my name is Peter Miller. We moved to a new flat last month, and I want to register my new address.',
  ],
  ['agent', 'Of course. When did you move?'],
  [
    'caller',
    'We moved on the first of May. I live there with my wife and my son, so we are a family of three.',
  ],
  ['agent', 'Thank you. Do you also want to apply for housing benefit?'],
  ['caller', 'Yes, please. The rent is much higher now.'],
  ['agent', 'I will send you the application form by email today.'],
  ['caller', 'Thank you. I will upload the documents by Friday.'],
  [
    'agent',
    'Good. Please bring your passport and the rental contract to the appointment on Monday at ten in the morning.',
  ],
  ['caller', 'Yes, I will be there.'],
  ['agent', 'Thank you for calling. Have a nice day. Goodbye.'],
  ['caller', 'Goodbye, and thank you for your help.'],
];

// Chosen by measuring WER over voice, speed and pitch (see samples/README.md): the m5/m6
// variants with pitches apart were recognised best and stay easy to tell apart by ear.
const VOICES: Record<Party, string[]> = {
  caller: ['-v', 'en-us+m5', '-s', '140', '-p', '35'],
  agent: ['-v', 'en-us+m6', '-s', '140', '-p', '65'],
};
const LEAD_SECONDS = '0.5';
const GAP_SECONDS = '0.8';
const SPEECH_GAIN = '0.5';
/**
 * A line-noise floor (pink, about 27 dB below the speech) instead of digital silence: real
 * channels are never all zeros, and on zeros pocketsphinx's live normalisation starts so far
 * off that each channel's first turns came out as gibberish (WER 50 % without, 22 % with).
 */
const NOISE_GAIN = '0.0075';
const PCM_16K_MONO = ['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer'];
const CHANNEL_ROLES = { '0': 'caller', '1': 'agent' } as const;

const sox = (...args: string[]) => runCommand('sox', ['-R', ...args], { debianPackages: 'sox' });

async function buildCall(work: string, out: string): Promise<void> {
  const channels: Record<Party, string[]> = { caller: [], agent: [] };
  await sox('-n', ...PCM_16K_MONO, join(work, 'lead.wav'), 'trim', '0', LEAD_SECONDS);
  await sox('-n', ...PCM_16K_MONO, join(work, 'gap.wav'), 'trim', '0', GAP_SECONDS);
  for (const party of ['caller', 'agent'] as const) channels[party].push(join(work, 'lead.wav'));
  for (const [i, [party, text]] of SCRIPT.entries()) {
    const raw = join(work, `raw-${i}.wav`);
    const turn = join(work, `turn-${i}.wav`);
    const quiet = join(work, `quiet-${i}.wav`);
    await runCommand('espeak-ng', [...VOICES[party], '-w', raw, text], {
      debianPackages: 'espeak-ng',
    });
    // -D: no dither, so the silent channel stays exact and the output repeatable.
    await sox('-D', raw, ...PCM_16K_MONO, turn, 'vol', SPEECH_GAIN);
    await sox(turn, quiet, 'vol', '0');
    const other = party === 'caller' ? 'agent' : 'caller';
    channels[party].push(turn, join(work, 'gap.wav'));
    channels[other].push(quiet, join(work, 'gap.wav'));
  }
  const left = join(work, 'left.wav');
  const right = join(work, 'right.wav');
  await sox(...channels.caller, left);
  await sox(...channels.agent, right);
  const { stdout } = await runCommand('soxi', ['-D', left], { debianPackages: 'sox' });
  const noise = join(work, 'noise.wav');
  await sox('-n', ...PCM_16K_MONO, noise, 'synth', stdout.trim(), 'pinknoise', 'vol', NOISE_GAIN);
  // Reversed, the same noise serves as an uncorrelated floor for the other channel.
  await sox(noise, join(work, 'noise-r.wav'), 'reverse');
  await sox('-M', left, right, join(work, 'speech.wav'));
  await sox('-M', noise, join(work, 'noise-r.wav'), join(work, 'noise2.wav'));
  await sox('-m', '-v', '1', join(work, 'speech.wav'), '-v', '1', join(work, 'noise2.wav'), out);
}

const words = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];

/** Word-level Levenshtein distance: substitutions + deletions + insertions. */
function editDistance(reference: string[], hypothesis: string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (const [i, ref] of reference.entries()) {
    const current = [i + 1];
    for (const [j, hyp] of hypothesis.entries()) {
      const substitute = (previous[j] ?? 0) + (ref === hyp ? 0 : 1);
      current.push(Math.min((previous[j + 1] ?? 0) + 1, (current[j] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[hypothesis.length] ?? 0;
}

async function measureWer(audioPath: string, work: string): Promise<void> {
  const result = await new PocketsphinxSpeechToText().transcribe({
    audioPath,
    channels: 2,
    sampleRate: 16000,
    durationSeconds: 0,
    language: 'en',
    channelRoles: CHANNEL_ROLES,
    workDir: work,
  });
  let errors = 0;
  let total = 0;
  for (const party of ['caller', 'agent'] as const) {
    const reference = SCRIPT.filter(([p]) => p === party).flatMap(([, text]) => words(text));
    const hypothesis = result.turns
      .filter((t) => t.speaker === party)
      .flatMap((t) => words(t.text));
    const distance = editDistance(reference, hypothesis);
    errors += distance;
    total += reference.length;
    console.log(
      `${party}: WER ${((100 * distance) / reference.length).toFixed(1)} % ` +
        `(${distance}/${reference.length})\n  ${hypothesis.join(' ')}`,
    );
  }
  console.log(
    `overall: WER ${((100 * errors) / total).toFixed(1)} % (${errors}/${total}), ` +
      `${result.turns.length} turns, recognition ${result.provenance.latency_ms} ms`,
  );
}

const samples = join(import.meta.dirname, '..', 'samples');
const work = await mkdtemp(join(tmpdir(), 'make-sample-'));
try {
  const out = join(samples, 'citizen-call.wav');
  await buildCall(work, out);
  const meta = {
    case_id: 'CASE-2026-0042',
    contact_id: 'call-0001',
    caller_language: 'en',
    agent_channel: 1,
  };
  await writeFile(join(samples, 'citizen-call.meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  const { stdout } = await runCommand('soxi', ['-D', out]);
  console.log(`wrote ${out} (${Number(stdout).toFixed(1)} s)`);
  if (process.argv.includes('--wer')) await measureWer(out, work);
} finally {
  await rm(work, { recursive: true, force: true });
}
