/**
 * Streaming reader for little-endian PCM WAV (RIFF/WAVE) files.
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

export interface WavFormat {
  sampleRate: number;
  channels: number;
  /** Container bits per sample: 8 (unsigned), 16, 24 or 32 (signed). */
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
  /** Interleaved samples as signed 16-bit (8/24/32-bit input is scaled to 16 bits). */
  samples: Int16Array;
}

export interface ReadFramesOptions {
  fromFrame?: number;
  /** Exclusive. @default format.frames */
  toFrame?: number;
  /** Approximate bytes read per block. @default 65536 */
  blockBytes?: number;
}

const FORMAT_PCM = 0x0001;
const FORMAT_EXTENSIBLE = 0xfffe;
// KSDATAFORMAT_SUBTYPE_PCM without its first two bytes (the format tag, checked separately).
const PCM_GUID_TAIL = Buffer.from('000000001000800000aa00389b71', 'hex');

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
  const { blockAlign, bitsPerSample } = format;
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
      yield { firstFrame: frame, frames, samples: toInt16(bytes, bitsPerSample) };
      frame += frames;
    }
  } finally {
    await handle.close();
  }
}

/** Decodes little-endian PCM bytes. Assumes a little-endian host (x86_64, arm64). */
function toInt16(bytes: Uint8Array, bits: number): Int16Array {
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

type PcmFormat = Pick<WavFormat, 'sampleRate' | 'channels' | 'bitsPerSample' | 'blockAlign'>;

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
    const isPcmGuid = body.subarray(26, 40).equals(PCM_GUID_TAIL);
    tag = isPcmGuid ? body.readUInt16LE(24) : -1;
  }
  if (tag !== FORMAT_PCM) {
    const name = tag === -1 ? 'a non-PCM extensible subformat' : wavFormatName(tag);
    throw new UnsupportedAudioError(`${path}: ${name} WAV is not supported; convert to PCM`);
  }
  if (![8, 16, 24, 32].includes(bitsPerSample)) {
    throw new UnsupportedAudioError(
      `${path}: ${bitsPerSample}-bit PCM is not supported (8, 16, 24 or 32)`,
    );
  }
  if (channels === 0 || sampleRate === 0 || blockAlign !== (channels * bitsPerSample) / 8) {
    throw new CorruptAudioError(
      `${path}: inconsistent fmt chunk (channels ${channels}, rate ${sampleRate}, block ${blockAlign}, bits ${bitsPerSample})`,
    );
  }
  return { sampleRate, channels, bitsPerSample, blockAlign };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
