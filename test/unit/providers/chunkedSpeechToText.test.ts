import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavFormat } from '../../../functions/audio/wavReader';
import { ChunkedSpeechToText } from '../../../functions/providers/speechToText/chunkedSpeechToText';
import type {
  SpeechToTextProvider,
  SpeechToTextRequest,
  SpeechToTextResult,
} from '../../../functions/providers/speechToText/SpeechToTextProvider';
import type { Turn } from '../../../functions/shared/documents';
import { TransientError } from '../../../functions/shared/errors';
import {
  findBursts,
  removeDir,
  silence,
  sox,
  speak,
  tempDir,
  writeToneCall,
} from '../audio/audioFixtures';

type Respond = (request: SpeechToTextRequest) => Promise<Partial<SpeechToTextResult>>;

/** Records calls and how many overlap; answers with `respond`. */
class FakeProvider implements SpeechToTextProvider {
  readonly type = 'fake';
  readonly calls: (SpeechToTextRequest & { frames: number; size: number })[] = [];
  active = 0;
  maxActive = 0;

  constructor(private readonly respond: Respond) {}

  async transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const { size } = await stat(request.audioPath);
      const { frames } = await readWavFormat(request.audioPath);
      this.calls.push({ ...request, frames, size });
      await sleep(10);
      const answer = await this.respond(request);
      return {
        language: 'en',
        turns: [],
        provenance: { provider: 'fake', model: 'm1', latency_ms: 1 },
        ...answer,
      };
    } finally {
      this.active--;
    }
  }
}

/** One turn with one word at piece-relative 0.1 s, named after the piece file. */
const namingWord: Respond = async (request) => {
  const name = basename(request.audioPath);
  const word = { text: name, start: 0.1, end: 0.2 };
  return {
    turns: [{ index: 0, speaker: 'unknown', start: 0.1, end: 0.2, text: name, words: [word] }],
  };
};

const request = (audioPath: string, workDir: string, over: Partial<SpeechToTextRequest> = {}) => ({
  audioPath,
  workDir,
  channels: 2,
  sampleRate: 16000,
  durationSeconds: 0,
  channelRoles: { '0': 'agent', '1': 'caller' } as const,
  ...over,
});

describe('Class: ChunkedSpeechToText', () => {
  let dir: string;
  let stereo: string;
  let mono: string;

  beforeAll(async () => {
    dir = await tempDir('chunked-stt');
    const pause = silence(dir, 'pause', 0.5);
    const agent = [
      'City office, good morning.',
      'Which letter do you mean?',
      'Let me check.',
      'It is correct.',
    ];
    const caller = [
      'Hello, I have a question.',
      'The tax letter from May.',
      'Thank you.',
      'Goodbye.',
    ];
    const track = (name: string, lines: string[], voice: string) => {
      const parts = lines.flatMap((l, i) => [speak(dir, `${name}${i}`, l, voice), pause]);
      const out = join(dir, `${name}.wav`);
      sox(...parts, out);
      return out;
    };
    mono = track('agent', agent, 'en-us');
    stereo = join(dir, 'call.wav');
    sox('-M', mono, track('caller', caller, 'en-us+f2'), stereo);
  });
  afterAll(() => removeDir(dir));

  it('transcribes each channel in pieces, offsets times and assigns roles by channel', async () => {
    // Prepare: a 4 s limit forces several pieces per channel
    const inner = new FakeProvider(namingWord);
    const chunked = new ChunkedSpeechToText(inner, { maxUploadBytes: 44 + 4 * 32000 });
    const workDir = join(dir, 'work1');

    // Act
    const result = await chunked.transcribe(request(stereo, workDir));

    // Assess: every piece heard once, each word at its piece's start + 0.1 s
    const pieceStart = new Map<string, number>();
    for (const ch of ['ch0', 'ch1']) {
      let at = 0;
      for (const call of inner.calls
        .filter((c) => c.audioPath.includes(ch))
        .sort((a, b) => a.audioPath.localeCompare(b.audioPath))) {
        pieceStart.set(basename(call.audioPath), at / 16000);
        at += call.frames;
      }
    }
    expect(inner.calls.length).toBeGreaterThanOrEqual(6);
    expect(result.turns).toHaveLength(inner.calls.length);
    const words = result.turns.flatMap((t) => t.words ?? []);
    expect(new Set(words.map((w) => w.text))).toEqual(new Set(pieceStart.keys()));
    for (const word of words)
      expect(word.start).toBeCloseTo((pieceStart.get(word.text) ?? -1) + 0.1, 6);
    expect(result.turns.map((t) => t.index)).toEqual(result.turns.map((_, i) => i));
    expect(isSortedByStart(result.turns)).toBe(true);
    for (const turn of result.turns) {
      expect(turn.speaker).toBe(turn.channel === 0 ? 'agent' : 'caller');
      expect(turn.text).toContain(`ch${turn.channel}`);
    }
    for (const call of inner.calls) {
      expect(call).toMatchObject({ channels: 1, sampleRate: 16000 });
      expect(call.channelRoles).toEqual({
        '0': call.audioPath.includes('ch0') ? 'agent' : 'caller',
      });
      expect(call.size).toBeLessThanOrEqual(44 + 4 * 32000);
    }
    expect(new Set(inner.calls.map((c) => c.workDir)).size).toBe(inner.calls.length);
    expect(result.provenance).toMatchObject({ provider: 'fake', model: 'm1' });
    expect(result.provenance.latency_ms).toBeGreaterThanOrEqual((inner.calls.length / 2) * 10 - 5);
  });

  it.each([1, 2, 3])('keeps at most %i inner calls in flight', async (concurrency) => {
    // Prepare
    const inner = new FakeProvider(namingWord);
    const chunked = new ChunkedSpeechToText(inner, { maxUploadBytes: 44 + 3 * 32000, concurrency });

    // Act
    await chunked.transcribe(request(stereo, join(dir, `work-c${concurrency}`)));

    // Assess
    expect(inner.calls.length).toBeGreaterThan(concurrency);
    expect(inner.maxActive).toBe(concurrency);
  });

  it('reports the language most pieces heard, ignoring pieces without speech', async () => {
    // Prepare: 5 pieces; 000 English, 001-002 silent and "French", 003-004 German
    const inner = new FakeProvider(async (req) => {
      const piece = Number(basename(req.audioPath).slice(-7, -4));
      if (piece === 1 || piece === 2) return { language: 'fr', turns: [] };
      return { ...(await namingWord(req)), language: piece === 0 ? 'en' : 'de' };
    });
    const chunked = new ChunkedSpeechToText(inner, { maxUploadBytes: 44 + 2 * 32000 });

    // Act
    const result = await chunked.transcribe(request(mono, join(dir, 'work-lang'), { channels: 1 }));

    // Assess: had the silent pieces voted, French would win the tie as the earlier language
    expect(inner.calls).toHaveLength(5);
    expect(result.language).toBe('de');
  });

  it('passes a small mono file through untouched and keeps a diarized speaker', async () => {
    // Prepare
    const inner = new FakeProvider(async () => ({
      turns: [
        { index: 0, speaker: 'caller', start: 0.5, end: 1, text: 'hi' },
        { index: 1, speaker: 'unknown', start: 1.5, end: 2, text: 'yes' },
      ],
    }));
    const chunked = new ChunkedSpeechToText(inner);

    // Act
    const result = await chunked.transcribe(
      request(mono, join(dir, 'work-mono'), { channels: 1, channelRoles: { '0': 'agent' } }),
    );

    // Assess
    expect(inner.calls.map((c) => c.audioPath)).toEqual([mono]);
    expect(result.turns.map((t) => [t.speaker, t.channel, t.start])).toEqual([
      ['caller', 0, 0.5],
      ['agent', 0, 1.5],
    ]);
  });

  it('takes the original container only when configured, mono and under the limit', () => {
    const inner = new FakeProvider(async () => ({}));
    const question = { container: 'ogg', codec: 'opus', channels: 1, sizeBytes: 1000 };
    const sending = new ChunkedSpeechToText(inner, {
      maxUploadBytes: 2000,
      sendOriginalAudio: true,
    });
    expect(sending.takesOriginal(question)).toBe(true);
    expect(sending.takesOriginal({ ...question, channels: 2 })).toBe(false);
    expect(sending.takesOriginal({ ...question, sizeBytes: 3000 })).toBe(false);
    expect(new ChunkedSpeechToText(inner, { maxUploadBytes: 2000 }).takesOriginal(question)).toBe(
      false,
    );
  });

  it('rethrows the first inner failure and stops starting new calls', async () => {
    // Prepare
    const failure = new TransientError('throttled');
    const inner = new FakeProvider(async (req) => {
      if (req.audioPath.endsWith('part-001.wav')) throw failure;
      return namingWord(req);
    });
    const chunked = new ChunkedSpeechToText(inner, {
      maxUploadBytes: 44 + 3 * 32000,
      concurrency: 1,
    });

    // Act & Assess
    await expect(chunked.transcribe(request(stereo, join(dir, 'work-fail')))).rejects.toBe(failure);
    expect(inner.calls).toHaveLength(2);
  });

  it('transcribes a 60-minute stereo call under a 25 MiB limit with nothing lost or doubled at seams', async () => {
    // Prepare: tone bursts ("words") between silences; the fake reports one word per burst
    const path = join(dir, 'long.wav');
    const sampleRate = 16000;
    const schedules = await writeToneCall(path, {
      sampleRate,
      channels: 2,
      seconds: 3600,
      seed: 7,
    });
    const inner = new FakeProvider(async (req) => {
      const turns: Turn[] = (await findBursts(req.audioPath)).map((b, index) => {
        const [start, end] = [b.start / sampleRate, b.end / sampleRate];
        return {
          index,
          speaker: 'unknown',
          start,
          end,
          text: 'tone',
          words: [{ text: 'tone', start, end }],
        };
      });
      return { turns };
    });
    const chunked = new ChunkedSpeechToText(inner);

    // Act
    const started = performance.now();
    const result = await chunked.transcribe(
      request(path, join(dir, 'work-long'), { durationSeconds: 3600 }),
    );
    console.log(
      `60-minute stereo call: ${inner.calls.length} pieces in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // Assess
    expect(inner.calls.length).toBeGreaterThanOrEqual(10);
    expect(inner.calls.every((c) => c.size <= 25 * 1024 * 1024)).toBe(true);
    expect(isSortedByStart(result.turns)).toBe(true);
    for (const [ch, bursts] of schedules.entries()) {
      const turns = result.turns.filter((t) => t.channel === ch);
      expect(turns).toHaveLength(bursts.length);
      turns.forEach((turn, i) => {
        expect(turn.start).toBeCloseTo((bursts[i]?.start ?? 0) / sampleRate, 5);
        expect(turn.end).toBeCloseTo((bursts[i]?.end ?? 0) / sampleRate, 5);
      });
    }
  });
});

function isSortedByStart(turns: Turn[]): boolean {
  return turns.every((t, i) => i === 0 || (turns[i - 1]?.start ?? 0) <= t.start);
}
