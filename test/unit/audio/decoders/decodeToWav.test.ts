import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToWav } from '../../../../functions/audio/decoders/decodeToWav';
import { readWavFormat } from '../../../../functions/audio/wavReader';
import { probeRecording } from '../../../../functions/core/ingest/probeRecording';
import { CorruptAudioError } from '../../../../functions/shared/errors';
import { readSamples, removeDir, sox, speak, tempDir } from '../audioFixtures';

/** Mean power per channel in dBFS. */
function levels(samples: Int16Array, channels: number): number[] {
  return Array.from({ length: channels }, (_, ch) => {
    let sum = 0;
    let n = 0;
    for (let i = ch; i < samples.length; i += channels, n++) sum += (samples[i] ?? 0) ** 2;
    return 10 * Math.log10(sum / n / 32768 ** 2 + 1e-12);
  });
}

const ENCODERS: Array<[string, string, (source: string, target: string) => void]> = [
  ['Ogg/Opus', 'opus', (s, t) => execFileSync('opusenc', ['--quiet', '--bitrate', '32', s, t])],
  ['Ogg/Vorbis', 'ogg', (s, t) => sox(s, '-C', '4', t)],
  ['FLAC', 'flac', (s, t) => sox(s, t)],
  ['MP3', 'mp3', (s, t) => execFileSync('lame', ['--quiet', '-b', '64', s, t])],
  ['mu-law WAV', 'wav', (s, t) => sox(s, '-e', 'mu-law', t)],
];

describe('Function: decodeToWav', () => {
  let dir: string;
  /** 16 kHz stereo: speech on the right channel, silence on the left. */
  let stereo: string;

  beforeAll(async () => {
    dir = await tempDir('decode');
    const speech = speak(dir, 'speech', 'Good morning, I am calling about my housing benefit.');
    stereo = join(dir, 'stereo.wav');
    sox('-M', '-v', '0', speech, speech, stereo);
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  it.each(ENCODERS)(
    'decodes %s to 16-bit PCM of the same length, rate, channels and loudness',
    async (_name, extension, encode) => {
      // Prepare
      const encoded = join(dir, `encoded-${extension}.${extension}`);
      encode(stereo, encoded);
      const bytes = new Uint8Array(await readFile(encoded));
      const audio = await probeRecording(bytes.subarray(0, 65536), bytes.length, async (n) =>
        bytes.subarray(bytes.length - n),
      );

      // Act
      const decoded = await decodeToWav(encoded, join(dir, `decoded-${extension}.wav`), audio);

      // Assess
      const original = await readWavFormat(stereo);
      const format = await readWavFormat(decoded.path);
      expect(format).toMatchObject({ encoding: 'pcm', bitsPerSample: 16, sampleRate: 16000 });
      expect(decoded).toMatchObject({ channels: 2, sampleRate: 16000, decodeErrors: 0 });
      expect(Math.abs(decoded.durationSeconds - original.durationSeconds)).toBeLessThan(0.08);
      const [left, right] = levels(await readSamples(decoded.path), 2);
      const [, speechLevel] = levels(await readSamples(stereo), 2);
      // The speech stays on its channel at its level; the silent channel stays silent.
      expect(Math.abs((right ?? 0) - (speechLevel ?? 0))).toBeLessThan(1.5);
      expect(left).toBeLessThan(-60);
    },
  );

  it('throws CorruptAudioError when a FLAC stream ends before its declared length', async () => {
    // Prepare
    const flac = join(dir, 'cut.flac');
    sox(stereo, flac);
    const bytes = new Uint8Array(await readFile(flac));
    const audio = await probeRecording(bytes.subarray(0, 65536), bytes.length);
    execFileSync('truncate', ['-s', String(Math.floor(bytes.length / 2)), flac]);

    // Act & Assess
    const decoding = decodeToWav(flac, join(dir, 'cut.wav'), audio);
    await expect(decoding).rejects.toThrow(CorruptAudioError);
    await expect(decodeToWav(flac, join(dir, 'cut.wav'), audio)).rejects.toThrow(/truncated flac/);
  });

  it('throws CorruptAudioError for bytes no decoder can read', async () => {
    // Prepare
    const path = join(dir, 'noise.opus');
    await writeFile(path, Buffer.alloc(20000, 7));
    const audio = {
      container: 'ogg',
      codec: 'opus',
      sample_rate: 16000,
      channels: 1,
      duration_seconds: 1,
    };

    // Act & Assess
    await expect(decodeToWav(path, join(dir, 'noise.wav'), audio)).rejects.toThrow(
      CorruptAudioError,
    );
  });
});
