import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavFormat } from '../../../functions/audio/wavReader';
import { WavWriter } from '../../../functions/audio/wavWriter';
import { readSamples, removeDir, tempDir } from './audioFixtures';

describe('Class: WavWriter', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('wavwriter');
  });
  afterAll(() => removeDir(dir));

  it('writes small and large blocks into a WAV that sox and the reader agree on', async () => {
    // Prepare: writes smaller than, straddling and larger than the 64 KiB buffer
    const path = join(dir, 'out.wav');
    const samples = Int16Array.from({ length: 100_003 }, (_, i) => ((i * 37) % 65536) - 32768);
    const cuts = [0, 7, 20_000, 20_001, 90_000, samples.length];

    // Act
    const writer = await WavWriter.create(path, { sampleRate: 8000 });
    for (let i = 0; i + 1 < cuts.length; i++)
      await writer.write(samples.subarray(cuts[i], cuts[i + 1]));
    await writer.close();

    // Assess
    expect(execFileSync('soxi', ['-s', path]).toString().trim()).toBe(String(samples.length));
    expect(await readWavFormat(path)).toMatchObject({
      sampleRate: 8000,
      channels: 1,
      truncated: false,
    });
    expect(await readSamples(path)).toEqual(samples);
  });

  it('leaves a file readable to its end when it is never closed', async () => {
    // Prepare
    const path = join(dir, 'crashed.wav');
    const writer = await WavWriter.create(path, { sampleRate: 8000, channels: 2 });

    // Act: larger than the 64 KiB buffer, so it goes straight to disk
    await writer.write(new Int16Array(40_000).fill(5));

    // Assess
    expect(await readWavFormat(path)).toMatchObject({
      truncated: true,
      channels: 2,
      frames: 20_000,
    });
    await writer.abort();
  });
});
