import { execFileSync } from 'node:child_process';
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFrames, readWavFormat } from '../../../functions/audio/wavReader';
import { CorruptAudioError, UnsupportedAudioError } from '../../../functions/shared/errors';
import { chunk, fmtBody, readSamples, removeDir, riff, sox, speak, tempDir } from './audioFixtures';

describe('Function: readWavFormat', () => {
  let dir: string;
  let speech: string;

  beforeAll(async () => {
    dir = await tempDir('wavreader');
    speech = speak(dir, 'speech', 'Good morning, this is the city office.');
  });
  afterAll(() => removeDir(dir));

  it('reads the header fields of a canonical 16-bit mono file', async () => {
    // Prepare
    const soxFrames = Number(execFileSync('soxi', ['-s', speech]).toString());
    const { size } = await stat(speech);

    // Act
    const format = await readWavFormat(speech);

    // Assess
    expect(format).toMatchObject({
      sampleRate: 16000,
      channels: 1,
      bitsPerSample: 16,
      blockAlign: 2,
      dataOffset: 44,
      dataBytes: size - 44,
      truncated: false,
      frames: soxFrames,
    });
    expect(format.durationSeconds).toBeCloseTo(soxFrames / 16000, 9);
  });

  it('reads 24- and 32-bit WAVE_FORMAT_EXTENSIBLE files written by sox to the same 16-bit samples', async () => {
    // Prepare
    const m24 = join(dir, 'm24.wav');
    const m32 = join(dir, 'm32.wav');
    sox(speech, '-b', '24', m24);
    sox(speech, '-b', '32', m32);
    const expected = await readSamples(speech);

    // Act
    const [f24, f32] = [await readWavFormat(m24), await readWavFormat(m32)];

    // Assess: sox puts a `fact` chunk before `data`, which must be skipped
    expect(f24).toMatchObject({ bitsPerSample: 24, blockAlign: 3, frames: expected.length });
    expect(f32).toMatchObject({ bitsPerSample: 32, blockAlign: 4, frames: expected.length });
    expect(await readSamples(m24)).toEqual(expected);
    expect(await readSamples(m32)).toEqual(expected);
  });

  it('decodes 8-bit unsigned samples around 128', async () => {
    // Prepare
    const path = join(dir, 'u8.wav');
    const data = Buffer.from([0, 128, 255, 129]);
    await writeFile(
      path,
      riff(chunk('fmt ', fmtBody({ channels: 2, rate: 8000, bits: 8 })), chunk('data', data)),
    );

    // Act
    const samples = await readSamples(path);

    // Assess
    expect(Array.from(samples)).toEqual([-32768, 0, 32512, 256]);
  });

  it('skips unknown chunks (odd-sized LIST) and accepts an extensible PCM header', async () => {
    // Prepare
    const path = join(dir, 'extensible.wav');
    const data = Buffer.from(new Int16Array([1, -2, 300, -400, 32767, -32768]).buffer);
    const fmt = fmtBody({ channels: 2, rate: 16000, bits: 16, extensible: true });
    const list = chunk('LIST', Buffer.from('INFOICMT\x03\x00\x00\x00hi\x00', 'latin1'));
    await writeFile(
      path,
      riff(chunk('JUNK', Buffer.alloc(28)), chunk('fmt ', fmt), list, chunk('data', data)),
    );

    // Act
    const format = await readWavFormat(path);

    // Assess
    expect(list.length % 2).toBe(0); // padded
    expect(format).toMatchObject({ channels: 2, bitsPerSample: 16, frames: 3, dataBytes: 12 });
    expect(Array.from(await readSamples(path))).toEqual([1, -2, 300, -400, 32767, -32768]);
  });

  it('exposes the frames present when the data chunk claims more bytes than the file holds', async () => {
    // Prepare: cut off the end (odd count, so a half frame is left over)
    const path = join(dir, 'truncated.wav');
    await writeFile(path, await readFile(speech));
    const full = await readWavFormat(path);
    await truncate(path, (await stat(path)).size - 1001);

    // Act
    const format = await readWavFormat(path);

    // Assess
    expect(format.truncated).toBe(true);
    expect(format.declaredDataBytes).toBe(full.dataBytes);
    expect(format.dataBytes).toBe(full.dataBytes - 1002);
    expect(await readSamples(path)).toEqual((await readSamples(speech)).subarray(0, format.frames));
  });

  it('reads to the end of the file when the data size is a streaming placeholder', async () => {
    // Prepare
    const path = join(dir, 'streamed.wav');
    const bytes = await readFile(speech);
    bytes.writeUInt32LE(0xffffffff, 40);
    await writeFile(path, bytes);

    // Act
    const format = await readWavFormat(path);

    // Assess
    expect(format).toMatchObject({ truncated: true, dataBytes: bytes.length - 44 });
  });

  it.each([
    ['mu-law', ['-e', 'u-law'], 'mulaw', 1200],
    ['A-law', ['-e', 'a-law'], 'alaw', 1200],
    ['IEEE float', ['-e', 'floating-point', '-b', '32'], 'float', 1],
  ])(
    'reads %s as 16-bit samples close to the original',
    async (name, args, encoding, tolerance) => {
      // Prepare
      const path = join(dir, `${name}.wav`);
      sox(speech, ...(args as string[]), path);

      // Act
      const format = await readWavFormat(path);
      const samples = await readSamples(path);

      // Assess: G.711 keeps about 13 bits, so loud samples move by up to a few hundred steps.
      const original = await readSamples(speech);
      expect(format.encoding).toBe(encoding);
      expect(samples.length).toBe(original.length);
      let worst = 0;
      for (let i = 0; i < samples.length; i++) {
        worst = Math.max(worst, Math.abs((samples[i] ?? 0) - (original[i] ?? 0)));
      }
      expect(worst).toBeLessThanOrEqual(tolerance as number);
    },
  );

  it('throws UnsupportedAudioError for IMA ADPCM', async () => {
    // Prepare
    const path = join(dir, 'adpcm.wav');
    sox(speech, '-e', 'ima-adpcm', path);

    // Act & Assess
    await expect(readWavFormat(path)).rejects.toThrow(/IMA ADPCM/);
  });

  it('throws UnsupportedAudioError for random bytes and for big-endian RIFX', async () => {
    // Prepare
    const random = join(dir, 'random.bin');
    const rifx = join(dir, 'rifx.wav');
    await writeFile(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    await writeFile(rifx, Buffer.concat([Buffer.from('RIFX'), Buffer.alloc(40)]));

    // Act & Assess
    await expect(readWavFormat(random)).rejects.toThrow(UnsupportedAudioError);
    await expect(readWavFormat(rifx)).rejects.toThrow(/RIFX/);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), /empty/],
    [
      'RIFF without WAVE',
      Buffer.concat([Buffer.from('RIFF\x04\x00\x00\x00AVI ', 'latin1')]),
      /WAVE/,
    ],
    ['no fmt chunk', riff(chunk('data', Buffer.alloc(8))), /data chunk before fmt/],
    [
      'no data chunk',
      riff(chunk('fmt ', fmtBody({ channels: 1, rate: 8000, bits: 16 }))),
      /no data/,
    ],
    [
      'a short fmt chunk',
      riff(chunk('fmt ', Buffer.alloc(10)), chunk('data', Buffer.alloc(8))),
      /too short/,
    ],
    [
      'an inconsistent block align',
      riff(
        chunk('fmt ', fmtBody({ channels: 2, rate: 8000, bits: 16 }).fill(3, 12, 13)),
        chunk('data', Buffer.alloc(8)),
      ),
      /inconsistent/,
    ],
    [
      'a chunk running past the end',
      Buffer.concat([
        riff(chunk('fmt ', fmtBody({ channels: 1, rate: 8000, bits: 16 }))),
        Buffer.from('LIST\xff\x00\x00\x00', 'latin1'),
      ]),
      /runs past/,
    ],
    [
      'a data chunk without a whole frame',
      riff(
        chunk('fmt ', fmtBody({ channels: 2, rate: 8000, bits: 16 })),
        chunk('data', Buffer.alloc(3)),
      ),
      /no complete/,
    ],
  ])('throws CorruptAudioError for %s', async (_name, bytes, message) => {
    // Prepare
    const path = join(dir, 'corrupt.wav');
    await writeFile(path, bytes);

    // Act
    const error = await readWavFormat(path).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CorruptAudioError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('Function: readFrames', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await tempDir('readframes');
    const a = speak(dir, 'a', 'Hello');
    const b = speak(dir, 'b', 'Goodbye now', 'en-us+f2');
    path = join(dir, 'stereo.wav');
    sox('-M', a, b, path);
  });
  afterAll(() => removeDir(dir));

  it('yields frame-aligned blocks of the requested size that cover the range exactly', async () => {
    // Prepare
    const format = await readWavFormat(path);
    const all = await readSamples(path);

    // Act
    const blocks = [];
    for await (const block of readFrames(path, format, {
      fromFrame: 101,
      toFrame: 5000,
      blockBytes: 1001,
    })) {
      blocks.push(block);
    }

    // Assess: 1001 bytes round down to 250 stereo frames
    expect(blocks.every((b, i) => b.frames === 250 || i === blocks.length - 1)).toBe(true);
    expect(blocks[0]?.firstFrame).toBe(101);
    const joined = new Int16Array(blocks.flatMap((b) => Array.from(b.samples)));
    expect(joined).toEqual(all.subarray(101 * 2, 5000 * 2));
  });
});
