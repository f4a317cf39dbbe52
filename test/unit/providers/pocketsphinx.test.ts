import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  groupTurns,
  PocketsphinxSpeechToText,
  parseWords,
} from '../../../functions/providers/speechToText/pocketsphinx';
import type { SpeechToTextRequest } from '../../../functions/providers/speechToText/SpeechToTextProvider';
import type { Turn } from '../../../functions/shared/documents';
import {
  ConfigurationError,
  PermanentError,
  TransientError,
  UnsupportedAudioError,
} from '../../../functions/shared/errors';
import { runCommand } from '../../../functions/shared/runCommand';

const CALLER_TEXT = 'I want to register my new address. We moved last week.';
const AGENT_TEXT = 'Thank you. I will send you the form by email today.';
const PCM_16K_MONO = ['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer'];

let dir: string;
const path = (name: string) => join(dir, name);
const sox = (...args: string[]) => runCommand('sox', ['-R', ...args]);

/** espeak-ng speech as 16 kHz mono, plus a silent twin of the same length. */
async function speak(name: string, voice: string[], text: string) {
  await runCommand('espeak-ng', [...voice, '-w', path(`${name}-raw.wav`), text]);
  await sox(path(`${name}-raw.wav`), ...PCM_16K_MONO, path(`${name}.wav`), 'vol', '0.5');
  await sox(path(`${name}.wav`), path(`${name}-quiet.wav`), 'vol', '0');
}

/** Pink noise about 27 dB below the speech, the level the bundled sample uses. */
async function addNoise(input: string, channels: number, output: string) {
  const { stdout: seconds } = await runCommand('soxi', ['-D', path(input)]);
  const noise = path(`noise-${output}`);
  const format = ['-r', '16000', '-c', String(channels), '-b', '16'];
  await sox('-n', ...format, noise, 'synth', seconds.trim(), 'pinknoise', 'vol', '0.0075');
  await sox('-m', '-v', '1', path(input), '-v', '1', noise, path(output));
}

function request(audio: string, overrides: Partial<SpeechToTextRequest> = {}): SpeechToTextRequest {
  return {
    audioPath: path(audio),
    channels: 2,
    sampleRate: 16000,
    durationSeconds: 0,
    channelRoles: { '0': 'caller', '1': 'agent' },
    workDir: dir,
    ...overrides,
  };
}

const words = (turns: Turn[]) => turns.flatMap((turn) => turn.text.split(' '));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pocketsphinx-test-'));
  await speak('caller', ['-v', 'en-us+m5', '-s', '140', '-p', '35'], CALLER_TEXT);
  await speak('agent', ['-v', 'en-us+m6', '-s', '140', '-p', '65'], AGENT_TEXT);
  await sox('-n', ...PCM_16K_MONO, path('gap.wav'), 'trim', '0', '0.8');
  const left = ['caller.wav', 'gap.wav', 'agent-quiet.wav', 'gap.wav'].map(path);
  const right = ['caller-quiet.wav', 'gap.wav', 'agent.wav', 'gap.wav'].map(path);
  await sox(...left, path('left.wav'));
  await sox(...right, path('right.wav'));
  await sox('-M', path('left.wav'), path('right.wav'), path('speech.wav'));
  // A noise floor as on a real line: on digital silence pocketsphinx's live normalisation
  // starts far off and garbles each channel's first words (see samples/README.md).
  await addNoise('speech.wav', 2, 'stereo.wav');
  await sox(path('caller.wav'), path('gap.wav'), path('agent.wav'), path('mono-speech.wav'));
  await addNoise('mono-speech.wav', 1, 'mono.wav');
  await sox('-n', ...PCM_16K_MONO, path('silence.wav'), 'trim', '0', '2');
  await Promise.all(['labelled', 'unlabelled'].map((name) => mkdir(path(name))));
  await writeFile(path('notes.wav'), 'this is a text file, not a recording\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Class: PocketsphinxSpeechToText', () => {
  const provider = new PocketsphinxSpeechToText();

  it('transcribes a stereo call with the caller on the left and the agent on the right', async () => {
    // Act
    const result = await provider.transcribe(request('stereo.wav'));

    // Assess
    expect(result.language).toBe('en');
    expect(result.turns.length).toBeGreaterThanOrEqual(2);
    expect(result.turns.map((turn) => turn.index)).toEqual(result.turns.map((_, i) => i));
    const starts = result.turns.map((turn) => turn.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const turn of result.turns) {
      expect(turn.speaker).toBe(turn.channel === 0 ? 'caller' : 'agent');
      for (const word of turn.words ?? []) {
        expect(word.start).toBeGreaterThanOrEqual(turn.start);
        expect(word.end).toBeLessThanOrEqual(turn.end);
        expect(word.confidence).toBeGreaterThanOrEqual(0);
        expect(word.confidence).toBeLessThanOrEqual(1);
      }
    }
    const caller = result.turns.filter((turn) => turn.speaker === 'caller');
    const agent = result.turns.filter((turn) => turn.speaker === 'agent');
    expect(words(caller)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(register|address|moved|new|week)$/)]),
    );
    expect(words(agent)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(send|form|email|today)$/)]),
    );
    // The agent answers after the caller has finished.
    expect(agent[0]?.start).toBeGreaterThan(caller[0]?.end ?? Number.POSITIVE_INFINITY);
    expect(result.provenance).toMatchObject({ provider: 'pocketsphinx', model: 'cmusphinx-en-us' });
    expect(result.provenance.latency_ms).toBeGreaterThan(0);
  });

  it('transcribes a mono recording as one channel with the role channel 0 maps to', async () => {
    // Act
    const [labelled, unlabelled] = await Promise.all([
      provider.transcribe(request('mono.wav', { channels: 1, workDir: path('labelled') })),
      provider.transcribe(
        request('mono.wav', { channels: 1, channelRoles: {}, workDir: path('unlabelled') }),
      ),
    ]);

    // Assess
    expect(labelled.turns.length).toBeGreaterThanOrEqual(1);
    expect(labelled.turns.every((turn) => turn.channel === 0 && turn.speaker === 'caller')).toBe(
      true,
    );
    expect(unlabelled.turns.length).toBe(labelled.turns.length);
    expect(unlabelled.turns.every((turn) => turn.speaker === 'unknown')).toBe(true);
    expect(words(labelled.turns)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(register|address|email|today)$/)]),
    );
  });

  it('returns no turns for a silent recording', async () => {
    // Act
    const result = await provider.transcribe(request('silence.wav', { channels: 1 }));

    // Assess
    expect(result.turns).toEqual([]);
  });

  it('throws UnsupportedAudioError when the file is not audio', async () => {
    // Act
    const run = provider.transcribe(request('notes.wav'));

    // Assess
    await expect(run).rejects.toThrow(UnsupportedAudioError);
    await expect(run).rejects.toThrow(/notes\.wav is not audio sox can read/);
  });

  it('throws UnsupportedAudioError when the recording is declared in another language', async () => {
    // Act
    const run = provider.transcribe(request('mono.wav', { language: 'de' }));

    // Assess
    await expect(run).rejects.toThrow(UnsupportedAudioError);
  });

  it('throws ConfigurationError naming the packages when a binary is missing', async () => {
    // Prepare
    const missing = new PocketsphinxSpeechToText({
      binaries: { pocketsphinx: 'no-such-pocketsphinx' },
    });

    // Act
    const run = missing.transcribe(request('mono.wav', { channels: 1 }));

    // Assess
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(/apt-get install pocketsphinx pocketsphinx-en-us sox/);
  });

  it('throws TransientError when the recognizer fails', async () => {
    // Prepare: `false` exits 1 like a recognizer that crashed
    const failing = new PocketsphinxSpeechToText({ binaries: { pocketsphinx: 'false' } });

    // Act
    const run = failing.transcribe(request('mono.wav', { channels: 1 }));

    // Assess
    await expect(run).rejects.toThrow(TransientError);
    await expect(run).rejects.not.toThrow(PermanentError);
  });

  it('throws ConfigurationError when constructed for a language other than English', () => {
    // Act & Assess
    expect(() => new PocketsphinxSpeechToText({ language: 'de' })).toThrow(ConfigurationError);
  });

  it('throws ConfigurationError when concurrency is not a whole number >= 1', () => {
    // Act & Assess
    expect(() => new PocketsphinxSpeechToText({ concurrency: 0 })).toThrow(ConfigurationError);
    expect(() => new PocketsphinxSpeechToText({ concurrency: 1.5 })).toThrow(ConfigurationError);
  });
});

describe('Function: parseWords', () => {
  it('keeps timed words, drops fillers and hypothesis lines, strips variants, clamps posteriors', () => {
    // Prepare
    const output = [
      'i will send the form',
      '<s> 0.000 0.160 1.000300',
      'i 0.170 0.280 0.315141',
      '[NOISE] 0.290 0.400 0.5',
      'the(2) 0.410 0.5 1.000100',
      '<sil> 0.510 0.750 1.000300',
      'form 0.760 1.084 0.02',
      '</s> 1.090 1.260 1.000000',
    ].join('\n');

    // Act
    const words = parseWords(output);

    // Assess
    expect(words).toEqual([
      { text: 'i', start: 0.17, end: 0.28, confidence: 0.315141 },
      { text: 'the', start: 0.41, end: 0.5, confidence: 1 },
      { text: 'form', start: 0.76, end: 1.08, confidence: 0.02 },
    ]);
  });
});

describe('Function: groupTurns', () => {
  it('starts a new turn when the pause between words exceeds the gap', () => {
    // Prepare
    const words = [
      { text: 'hello', start: 0.5, end: 0.9 },
      { text: 'there', start: 1.5, end: 1.9 },
      { text: 'goodbye', start: 3.0, end: 3.4 },
    ];

    // Act
    const turns = groupTurns(words, 1, 'agent', 1.0);

    // Assess
    expect(
      turns.map(({ text, start, end, speaker, channel }) => ({
        text,
        start,
        end,
        speaker,
        channel,
      })),
    ).toEqual([
      { text: 'hello there', start: 0.5, end: 1.9, speaker: 'agent', channel: 1 },
      { text: 'goodbye', start: 3.0, end: 3.4, speaker: 'agent', channel: 1 },
    ]);
  });
});
