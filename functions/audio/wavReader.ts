/**
 * Streaming reader for little-endian WAV (RIFF/WAVE) files: integer PCM (8/16/24/32-bit),
 * 32-bit IEEE float and G.711 (mu-law, A-law), every block turned into 16-bit samples.
 * Reads only chunk headers to find `fmt ` and `data`, then yields samples in fixed-size blocks,
 * so a recording of any length is never held in memory.
 * A `data` chunk that claims more bytes than the file holds is read up to its last whole frame
 * (`truncated: true`) instead of rejected: crashed recorders and streaming writers (size
 * 0xFFFFFFFF) leave such files, and the audio they hold is still good.
 * No RIFF/WAVE magic -> UnsupportedAudioError (another container); broken structure -> CorruptAudioError.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { CorruptAudioError, UnsupportedAudioError } from '../shared/errors';
import { wavFormatName } from './wavFormatNames';

/** How the samples are stored. */
export type WavEncoding = 'pcm' | 'float' | 'mulaw' | 'alaw';

export interface WavFormat {
  encoding: WavEncoding;
  sampleRate: number;
  channels: number;
  /** Container bits per sample: PCM 8 (unsigned), 16, 24 or 32 (signed); float 32; G.711 8. */
  bitsPerSample: number;
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
  /** File offset of the first sample byte. */
  dataOffset: number;
  /** Sample bytes actually present, whole frames only. */
  dataBytes: number;
  /** Size the `data` chunk header claims; larger than `dataBytes` when `truncated`. */
  declaredDataBytes: number;
  /** The file ends before the `data` chunk does (recorder crashed, upload cut, streaming writer). */
  truncated: boolean;
  frames: number;
  durationSeconds: number;
}

export interface FrameBlock {
  /** Index of the first frame in this block. */
  firstFrame: number;
  frames: number;
  /** Interleaved samples as signed 16-bit (other widths and encodings are converted). */
  samples: Int16Array;
}

export interface ReadFramesOptions {
  fromFrame?: number;
  /** Exclusive. @default format.frames */
  toFrame?: number;
  /** Approximate bytes read per block. @default 65536 */
  blockBytes?: number;
}

const ENCODINGS: Readonly<Record<number, { encoding: WavEncoding; bits: number[] }>> = {
  1: { encoding: 'pcm', bits: [8, 16, 24, 32] },
  3: { encoding: 'float', bits: [32] },
  6: { encoding: 'alaw', bits: [8] },
  7: { encoding: 'mulaw', bits: [8] },
};
const FORMAT_EXTENSIBLE = 0xfffe;
// The KSDATAFORMAT_SUBTYPE_* GUIDs without their first two bytes (the format tag).
const GUID_TAIL = Buffer.from('000000001000800000aa00389b71', 'hex');

export async function readWavFormat(path: string): Promise<WavFormat> {
  const handle = await open(path, 'r');
  try {
    return await parseHeader(handle, path);
  } finally {
    await handle.close();
  }
}

export async function* readFrames(
  path: string,
  format: WavFormat,
  options: ReadFramesOptions = {},
): AsyncGenerator<FrameBlock> {
  const { blockAlign } = format;
  const toInt16 = await sampleDecoder(format);
  const toFrame = Math.min(options.toFrame ?? format.frames, format.frames);
  const framesPerBlock = Math.max(1, Math.floor((options.blockBytes ?? 65536) / blockAlign));
  const handle = await open(path, 'r');
  try {
    for (let frame = options.fromFrame ?? 0; frame < toFrame; ) {
      const frames = Math.min(framesPerBlock, toFrame - frame);
      // A fresh buffer per block: consumers may keep the samples after the next read.
      const bytes = new Uint8Array(frames * blockAlign);
      const position = format.dataOffset + frame * blockAlign;
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, position);
      if (bytesRead !== bytes.length) {
        throw new CorruptAudioError(`${path}: file shrank while reading (offset ${position})`);
      }
      yield { firstFrame: frame, frames, samples: toInt16(bytes) };
      frame += frames;
    }
  } finally {
    await handle.close();
  }
}

type SampleDecoder = (bytes: Uint8Array) => Int16Array;

/**
 * The conversion of one block of sample bytes to 16-bit samples. G.711 goes through
 * `alawmulaw`, loaded only when a recording is G.711 so other recordings never load it.
 */
async function sampleDecoder(format: WavFormat): Promise<SampleDecoder> {
  if (format.encoding === 'float') return floatToInt16;
  if (format.encoding === 'pcm') return (bytes) => pcmToInt16(bytes, format.bitsPerSample);
  const module = await import('alawmulaw');
  // Its ES module has named exports; Node loads its CommonJS build, whose exports are `default`.
  const g711 = 'mulaw' in module ? module : (module as { default: typeof module }).default;
  return format.encoding === 'mulaw' ? g711.mulaw.decode : g711.alaw.decode;
}

/** 32-bit float in [-1, 1], clipped. Assumes a little-endian host, as the PCM path does. */
function floatToInt16(bytes: Uint8Array): Int16Array {
  const copy = bytes.slice(); // Float32Array needs 4-byte alignment
  const floats = new Float32Array(copy.buffer, 0, copy.length / 4);
  return floatsToInt16(floats);
}

export function floatsToInt16(floats: Float32Array): Int16Array {
  const out = new Int16Array(floats.length);
  for (let i = 0; i < floats.length; i++) {
    const v = floats[i] as number;
    out[i] = v >= 1 ? 32767 : v <= -1 ? -32768 : Math.round(v * 32767);
  }
  return out;
}

/** Decodes little-endian PCM bytes. Assumes a little-endian host (x86_64, arm64). */
function pcmToInt16(bytes: Uint8Array, bits: number): Int16Array {
  if (bits === 16) return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const step = bits / 8;
  const out = new Int16Array(bytes.length / step);
  // Keep the most significant 16 bits; 8-bit WAV is unsigned with 128 as zero.
  for (let i = 0, j = step - 2; i < out.length; i++, j += step) {
    out[i] =
      bits === 8 ? ((bytes[i] ?? 128) - 128) << 8 : (bytes[j] ?? 0) | ((bytes[j + 1] ?? 0) << 8);
  }
  return out;
}

type PcmFormat = Pick<
  WavFormat,
  'encoding' | 'sampleRate' | 'channels' | 'bitsPerSample' | 'blockAlign'
>;

async function parseHeader(handle: FileHandle, path: string): Promise<WavFormat> {
  const fileSize = (await handle.stat()).size;
  if (fileSize === 0) throw new CorruptAudioError(`${path}: empty file`);
  const head = await readAt(handle, 0, 12);
  const magic = head.toString('latin1', 0, 4);
  if (magic === 'RIFX' || magic === 'RF64') {
    throw new UnsupportedAudioError(
      `${path}: ${magic} WAV is not supported (only little-endian RIFF)`,
    );
  }
  if (magic !== 'RIFF' || head.length < 12 || head.toString('latin1', 8, 12) !== 'WAVE') {
    if (magic === 'RIFF') throw new CorruptAudioError(`${path}: RIFF file without a WAVE header`);
    throw new UnsupportedAudioError(`${path}: not a WAV file (no RIFF/WAVE header)`);
  }
  let fmt: PcmFormat | undefined;
  // Walk chunks by their headers only; unknown chunks (LIST, fact, bext, JUNK...) are skipped.
  for (let offset = 12; offset + 8 <= fileSize; ) {
    const chunk = await readAt(handle, offset, 8);
    const id = chunk.toString('latin1', 0, 4);
    const size = chunk.readUInt32LE(4);
    const bodyOffset = offset + 8;
    if (id === 'data') {
      if (!fmt) throw new CorruptAudioError(`${path}: data chunk before fmt chunk`);
      const available = Math.min(size, fileSize - bodyOffset);
      const dataBytes = available - (available % fmt.blockAlign);
      if (dataBytes === 0)
        throw new CorruptAudioError(`${path}: data chunk holds no complete audio frame`);
      const frames = dataBytes / fmt.blockAlign;
      return {
        ...fmt,
        dataOffset: bodyOffset,
        dataBytes,
        declaredDataBytes: size,
        truncated: size > fileSize - bodyOffset,
        frames,
        durationSeconds: frames / fmt.sampleRate,
      };
    }
    if (bodyOffset + size > fileSize) {
      throw new CorruptAudioError(
        `${path}: ${JSON.stringify(id)} chunk at ${offset} runs past the end of the file`,
      );
    }
    if (id === 'fmt ') fmt = parseFmt(await readAt(handle, bodyOffset, Math.min(size, 40)), path);
    offset = bodyOffset + size + (size % 2); // chunks are padded to even sizes
  }
  throw new CorruptAudioError(`${path}: no ${fmt ? 'data' : 'fmt'} chunk found`);
}

function parseFmt(body: Buffer, path: string): PcmFormat {
  if (body.length < 16)
    throw new CorruptAudioError(`${path}: fmt chunk too short (${body.length} bytes)`);
  let tag = body.readUInt16LE(0);
  const channels = body.readUInt16LE(2);
  const sampleRate = body.readUInt32LE(4);
  const blockAlign = body.readUInt16LE(12);
  const bitsPerSample = body.readUInt16LE(14);
  if (tag === FORMAT_EXTENSIBLE) {
    if (body.length < 40)
      throw new CorruptAudioError(`${path}: WAVE_FORMAT_EXTENSIBLE fmt chunk too short`);
    const isKnownGuid = body.subarray(26, 40).equals(GUID_TAIL);
    tag = isKnownGuid ? body.readUInt16LE(24) : -1;
  }
  const known = ENCODINGS[tag];
  if (!known) {
    const name = tag === -1 ? 'an unknown extensible subformat' : wavFormatName(tag);
    throw new UnsupportedAudioError(`${path}: ${name} WAV is not supported`);
  }
  if (!known.bits.includes(bitsPerSample)) {
    throw new UnsupportedAudioError(
      `${path}: ${bitsPerSample}-bit ${known.encoding} is not supported (${known.bits.join(', ')})`,
    );
  }
  if (channels === 0 || sampleRate === 0 || blockAlign !== (channels * bitsPerSample) / 8) {
    throw new CorruptAudioError(
      `${path}: inconsistent fmt chunk (channels ${channels}, rate ${sampleRate}, block ${blockAlign}, bits ${bitsPerSample})`,
    );
  }
  return { encoding: known.encoding, sampleRate, channels, bitsPerSample, blockAlign };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
