/** Test audio: espeak-ng + sox recordings, hand-built WAV headers and fast synthetic tone calls. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFrames, readWavFormat } from '../../../functions/audio/wavReader';
import { WavWriter } from '../../../functions/audio/wavWriter';

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `callbrief-${prefix}-`));
export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

export function sox(...args: string[]): void {
  execFileSync('sox', args, { stdio: 'pipe' });
}

/** Speaks `text` into a 16 kHz mono 16-bit WAV (espeak-ng output is deterministic). */
export function speak(dir: string, name: string, text: string, voice = 'en-us'): string {
  const raw = join(dir, `${name}.raw.wav`);
  const out = join(dir, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, text], { stdio: 'pipe' });
  sox(raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed', out);
  return out;
}

/** `seconds` of digital silence, 16 kHz mono 16-bit. */
export function silence(dir: string, name: string, seconds: number): string {
  const out = join(dir, `${name}.wav`);
  sox(
    '-n',
    '-r',
    '16000',
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed',
    out,
    'trim',
    '0',
    String(seconds),
  );
  return out;
}

/** All interleaved samples of a (small) WAV. */
export async function readSamples(path: string): Promise<Int16Array> {
  const format = await readWavFormat(path);
  const out = new Int16Array(format.frames * format.channels);
  for await (const block of readFrames(path, format)) {
    out.set(block.samples, block.firstFrame * format.channels);
  }
  return out;
}

/** The bytes after a canonical 44-byte header. */
export async function dataBytesOf(path: string): Promise<Buffer> {
  return (await readFile(path)).subarray(44);
}

export function chunk(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, Buffer.alloc(body.length % 2)]);
}

export function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** A `fmt ` body; `extensible` wraps the tag in a WAVE_FORMAT_EXTENSIBLE subformat GUID. */
export function fmtBody(o: {
  tag?: number;
  channels: number;
  rate: number;
  bits: number;
  extensible?: boolean;
}): Buffer {
  const body = Buffer.alloc(o.extensible ? 40 : 16);
  const blockAlign = (o.channels * o.bits) / 8;
  body.writeUInt16LE(o.extensible ? 0xfffe : (o.tag ?? 1), 0);
  body.writeUInt16LE(o.channels, 2);
  body.writeUInt32LE(o.rate, 4);
  body.writeUInt32LE(o.rate * blockAlign, 8);
  body.writeUInt16LE(blockAlign, 12);
  body.writeUInt16LE(o.bits, 14);
  if (o.extensible) {
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(o.bits, 18);
    body.writeUInt16LE(o.tag ?? 1, 24);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(body, 26);
  }
  return body;
}

export interface Burst {
  start: number;
  end: number;
}

/** Deterministic PRNG (mulberry32), so synthetic calls are identical run to run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes a call of tone bursts ("words", 0.3-2.5 s) separated by digital silence (0.15-1.2 s),
 * a different schedule and pitch per channel. Returns each channel's bursts in frames.
 */
export async function writeToneCall(
  path: string,
  o: { sampleRate: number; channels: number; seconds: number; seed?: number },
): Promise<Burst[][]> {
  const total = Math.round(o.sampleRate * o.seconds);
  const schedules = Array.from({ length: o.channels }, (_, ch) => {
    const next = random((o.seed ?? 1) * 101 + ch);
    const bursts: Burst[] = [];
    for (let f = Math.round(o.sampleRate * 0.2 * (ch + 1)); ; ) {
      const end = f + Math.round(o.sampleRate * (0.3 + 2.2 * next()));
      if (end > total) break;
      bursts.push({ start: f, end });
      f = end + Math.round(o.sampleRate * (0.15 + 1.05 * next()));
    }
    return bursts;
  });
  const tables = schedules.map((_, ch) => {
    const period = 40 - 8 * (ch % 3); // 400, 500, 667 Hz at 16 kHz
    // Half-sample phase: no sample inside a burst is zero, so findBursts sees exact edges.
    return Int16Array.from({ length: period }, (_, i) =>
      Math.round(8000 * Math.sin((Math.PI * (2 * i + 1)) / period)),
    );
  });
  const writer = await WavWriter.create(path, { sampleRate: o.sampleRate, channels: o.channels });
  const cursor = schedules.map(() => 0);
  const blockFrames = 32768;
  for (let first = 0; first < total; first += blockFrames) {
    const frames = Math.min(blockFrames, total - first);
    const block = new Int16Array(frames * o.channels);
    for (let ch = 0; ch < o.channels; ch++) {
      const bursts = schedules[ch] as Burst[];
      const table = tables[ch] as Int16Array;
      for (let i = 0; i < frames; i++) {
        const f = first + i;
        let burst = bursts[cursor[ch] as number];
        while (burst && f >= burst.end) burst = bursts[++(cursor[ch] as number)];
        if (burst && f >= burst.start)
          block[i * o.channels + ch] = table[(f - burst.start) % table.length] as number;
      }
    }
    await writer.write(block);
  }
  await writer.close();
  return schedules;
}

/** Bursts found in a mono WAV: runs of non-zero samples with gaps under 10 ms. */
export async function findBursts(path: string): Promise<Burst[]> {
  const format = await readWavFormat(path);
  const gap = Math.round(format.sampleRate * 0.01);
  const bursts: Burst[] = [];
  let start = -1;
  let lastLoud = -1;
  for await (const block of readFrames(path, format)) {
    for (let i = 0; i < block.frames; i++) {
      if (block.samples[i] === 0) continue;
      const f = block.firstFrame + i;
      if (start >= 0 && f - lastLoud > gap) {
        bursts.push({ start, end: lastLoud + 1 });
        start = -1;
      }
      if (start < 0) start = f;
      lastLoud = f;
    }
  }
  if (start >= 0) bursts.push({ start, end: lastLoud + 1 });
  return bursts;
}
