import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AudioPiece,
  chunkAtSilences,
  planCuts,
} from '../../../functions/audio/silenceChunker';
import { readWavFormat } from '../../../functions/audio/wavReader';
import { WavWriter } from '../../../functions/audio/wavWriter';
import { ConfigurationError, UnsupportedAudioError } from '../../../functions/shared/errors';
import {
  type Burst,
  dataBytesOf,
  removeDir,
  silence,
  sox,
  speak,
  tempDir,
  writeToneCall,
} from './audioFixtures';

const PHRASES = [
  'Good morning, city office.',
  'I am calling about my tax letter.',
  'It arrived on Monday.',
  'Can you check the amount?',
  'Yes, one moment please.',
  'The amount is correct.',
  'Thank you very much.',
  'Goodbye.',
];

/** Pieces are contiguous, cover [0, frames) once, and each file respects the limit. */
async function expectExactCover(pieces: AudioPiece[], frames: number, maxBytes: number) {
  expect(pieces[0]?.startFrame).toBe(0);
  expect(pieces.at(-1)?.endFrame).toBe(frames);
  for (const [i, piece] of pieces.entries()) {
    expect(piece.endFrame).toBeGreaterThan(piece.startFrame);
    if (i > 0) expect(piece.startFrame).toBe(pieces[i - 1]?.endFrame);
    const { size } = await stat(piece.path);
    expect(size).toBeLessThanOrEqual(maxBytes);
    expect(size).toBe(44 + 2 * (piece.endFrame - piece.startFrame));
  }
}

describe('Function: chunkAtSilences', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('chunker');
  });
  afterAll(() => removeDir(dir));

  it('cuts a spoken call inside the pauses between phrases and reproduces it byte for byte', async () => {
    // Prepare: phrases joined by 0.6 s of digital silence; remember where each pause is
    const pause = silence(dir, 'pause', 0.6);
    const parts = PHRASES.flatMap((text, i) => [speak(dir, `p${i}`, text), pause]).slice(0, -1);
    const call = join(dir, 'call.wav');
    sox(...parts, call);
    const pauses: Burst[] = [];
    let at = 0;
    for (const [i, part] of parts.entries()) {
      const { frames } = await readWavFormat(part);
      if (i % 2 === 1) pauses.push({ start: at, end: at + frames });
      at += frames;
    }
    const maxBytes = 44 + 8 * 32000; // 8 s per piece
    const outDir = join(dir, 'pieces');
    await mkdir(outDir);

    // Act
    const pieces = await chunkAtSilences(call, { outDir, maxBytes });

    // Assess
    const { frames } = await readWavFormat(call);
    expect(pieces.length).toBeGreaterThan(1);
    await expectExactCover(pieces, frames, maxBytes);
    const joined = Buffer.concat(await Promise.all(pieces.map((p) => dataBytesOf(p.path))));
    expect(joined.equals(await dataBytesOf(call))).toBe(true);
    for (const piece of pieces.slice(1)) {
      expect(pauses.some((p) => piece.startFrame > p.start && piece.startFrame < p.end)).toBe(true);
    }
    expect(pieces[1]?.startSeconds).toBe((pieces[1]?.startFrame ?? 0) / 16000);
  });

  it('cuts at the quietest stretch when there is no silence at all', async () => {
    // Prepare: 10 s of a loud tone, 20 dB quieter (still above -40 dBFS) from 6.0 to 6.1 s
    const path = join(dir, 'tone.wav');
    const writer = await WavWriter.create(path, { sampleRate: 8000 });
    const samples = Int16Array.from({ length: 80_000 }, (_, i) => {
      const amplitude = i >= 48_000 && i < 48_800 ? 800 : 8000;
      return Math.round(amplitude * Math.sin(i / 3));
    });
    await writer.write(samples);
    await writer.close();

    // Act
    const pieces = await chunkAtSilences(path, { outDir: dir, maxBytes: 44 + 8 * 16000 });

    // Assess
    expect(pieces).toHaveLength(2);
    expect(pieces[0]?.endFrame).toBeGreaterThan(48_000);
    expect(pieces[0]?.endFrame).toBeLessThan(48_800);
  });

  it('chunks a 20-minute call in bounded memory without cutting a tone burst', async () => {
    // Prepare
    const path = join(dir, 'long.wav');
    const [bursts = []] = await writeToneCall(path, {
      sampleRate: 16000,
      channels: 1,
      seconds: 1200,
    });
    const maxBytes = 5 * 1024 * 1024;
    const outDir = join(dir, 'long');
    await mkdir(outDir);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);

    // Act
    const started = performance.now();
    const pieces = await chunkAtSilences(path, { outDir, maxBytes });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    // Assess
    const format = await readWavFormat(path);
    const mb = format.dataBytes / 1e6;
    console.log(
      `chunked ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(0)} MB/s), rss +${((peak - before) / 1e6).toFixed(1)} MB`,
    );
    expect(peak - before).toBeLessThan(100e6);
    expect(pieces.length).toBeGreaterThanOrEqual(8);
    await expectExactCover(pieces, format.frames, maxBytes);
    for (const piece of pieces.slice(1)) {
      expect(bursts.some((b) => piece.startFrame > b.start && piece.startFrame < b.end)).toBe(
        false,
      );
    }
  });

  it('rejects stereo input and a limit below one second of audio', async () => {
    // Prepare
    const stereo = join(dir, 'stereo.wav');
    await writeToneCall(stereo, { sampleRate: 8000, channels: 2, seconds: 3 });
    const mono = join(dir, 'mono.wav');
    await writeToneCall(mono, { sampleRate: 8000, channels: 1, seconds: 3 });

    // Act & Assess
    await expect(chunkAtSilences(stereo, { outDir: dir, maxBytes: 1e6 })).rejects.toThrow(
      UnsupportedAudioError,
    );
    await expect(chunkAtSilences(mono, { outDir: dir, maxBytes: 10_000 })).rejects.toThrow(
      ConfigurationError,
    );
  });
});

describe('Function: planCuts', () => {
  it('prefers the longest silent run over a shorter, later dip', () => {
    // Prepare: 100 windows of 10 frames, loud; a 1-window dip at 95, a 5-window pause at 80-84
    const energies = new Float32Array(100).fill(0.1);
    energies[95] = 0;
    energies.fill(0, 80, 85);

    // Act
    const cuts = planCuts(energies, 10, 1000, 990);

    // Assess: middle window 82, at its centre
    expect(cuts).toEqual([825]);
  });

  it('keeps every span within the limit when the audio is uniformly loud', () => {
    // Prepare
    const energies = new Float32Array(1000).fill(0.1);

    // Act
    const cuts = planCuts(energies, 10, 10_000, 1234);

    // Assess
    const bounds = [0, ...cuts, 10_000];
    for (let i = 1; i < bounds.length; i++) {
      expect((bounds[i] ?? 0) - (bounds[i - 1] ?? 0)).toBeLessThanOrEqual(1234);
      expect(bounds[i]).toBeGreaterThan(bounds[i - 1] ?? 0);
    }
  });

  it('needs no cut when the audio fits', () => {
    expect(planCuts(new Float32Array(10), 10, 100, 100)).toEqual([]);
  });
});
