/**
 * Reads an MP3 stream's first frame header (ISO 11172-3 / 13818-3) after any ID3v2 tag, and
 * its Xing/Info header when the encoder wrote one (LAME always does), for the length.
 * Only headers are read: decoding happens in the transcribe stage.
 */
import { CorruptAudioError, UnsupportedAudioError } from '../../../shared/errors';

export interface Mp3StreamInfo {
  /** 1 for MPEG-1, 2 for MPEG-2, 2.5 for MPEG-2.5. */
  version: 1 | 2 | 2.5;
  sampleRate: number;
  channels: number;
  bitrateKbps: number;
  /** Offset of the first frame (after the ID3v2 tag). */
  audioOffset: number;
  /** Frames and stream bytes from the Xing/Info header, when present. */
  frames?: number;
  streamBytes?: number;
  samplesPerFrame: number;
}

const RATES: Record<number, number[]> = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  2.5: [11025, 12000, 8000],
};
// Layer III bitrates (kbit/s) by index; MPEG-2 and 2.5 share one table.
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** Bytes of the ID3v2 tag at the start, or 0 (its size is four 7-bit bytes). */
export function id3v2Length(head: Uint8Array): number {
  if (head[0] !== 0x49 || head[1] !== 0x44 || head[2] !== 0x33) return 0; // "ID3"
  const size =
    (((head[6] ?? 0) & 0x7f) << 21) |
    (((head[7] ?? 0) & 0x7f) << 14) |
    (((head[8] ?? 0) & 0x7f) << 7) |
    ((head[9] ?? 0) & 0x7f);
  const footer = ((head[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/** Bytes after the ID3 tag searched for the first frame (some taggers leave padding). */
const SYNC_SEARCH_BYTES = 4096;

function firstSync(head: Uint8Array, from: number): number {
  const end = Math.min(head.length - 4, from + SYNC_SEARCH_BYTES);
  for (let at = from; at <= end; at++) {
    if (head[at] === 0xff && ((head[at + 1] ?? 0) & 0xe0) === 0xe0) return at;
  }
  throw new CorruptAudioError('MP3: no frame header after the ID3 tag within the first bytes');
}

export function readMp3Head(head: Uint8Array): Mp3StreamInfo {
  const audioOffset = firstSync(head, id3v2Length(head));
  const h = head.subarray(audioOffset);
  const versionBits = ((h[1] ?? 0) >> 3) & 0x03;
  const layerBits = ((h[1] ?? 0) >> 1) & 0x03;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : versionBits === 0 ? 2.5 : 0;
  if (version === 0) throw new CorruptAudioError('MP3: reserved MPEG version in the frame header');
  if (layerBits === 0) {
    throw new UnsupportedAudioError('AAC in an ADTS stream is not supported');
  }
  if (layerBits !== 1) {
    const layer = layerBits === 3 ? 'I' : layerBits === 2 ? 'II' : 'reserved';
    throw new UnsupportedAudioError(
      `MPEG audio Layer ${layer} is not supported (only Layer III, MP3)`,
    );
  }
  const bitrateIndex = (h[2] ?? 0) >> 4;
  const rateIndex = ((h[2] ?? 0) >> 2) & 0x03;
  const bitrateKbps = (version === 1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex];
  const sampleRate = RATES[version]?.[rateIndex];
  if (!bitrateKbps || !sampleRate) {
    throw new CorruptAudioError('MP3: free-format or reserved bitrate or sample rate');
  }
  const mono = (h[3] ?? 0) >> 6 === 3;
  const samplesPerFrame = version === 1 ? 1152 : 576;
  const info: Mp3StreamInfo = {
    version,
    sampleRate,
    channels: mono ? 1 : 2,
    bitrateKbps,
    audioOffset,
    samplesPerFrame,
  };
  // The Xing/Info header sits in the first frame, after the side information.
  const sideInfo = version === 1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const x = 4 + sideInfo;
  const tag = String.fromCharCode(...h.subarray(x, x + 4));
  if ((tag === 'Xing' || tag === 'Info') && x + 16 <= h.length) {
    const view = new DataView(h.buffer, h.byteOffset + x + 4);
    const flags = view.getUint32(0);
    let at = 4;
    if (flags & 0x1) {
      info.frames = view.getUint32(at);
      at += 4;
    }
    if (flags & 0x2) info.streamBytes = view.getUint32(at);
  }
  return info;
}

/**
 * The length in seconds: exact from the Xing/Info frame count, else estimated from the first
 * frame's bitrate (exact for constant-bitrate streams). A Xing byte count larger than the
 * object means an upload that was cut off.
 */
export function mp3DurationSeconds(info: Mp3StreamInfo, objectSize: number): number {
  if (info.streamBytes !== undefined && info.audioOffset + info.streamBytes > objectSize) {
    throw new CorruptAudioError(
      `truncated MP3: the Xing header declares ${info.streamBytes} bytes of audio but the object holds ${objectSize - info.audioOffset}`,
    );
  }
  if (info.frames !== undefined && info.frames > 0) {
    // The Xing/Info frame itself carries no audio and is not counted.
    return (info.frames * info.samplesPerFrame) / info.sampleRate;
  }
  return ((objectSize - info.audioOffset) * 8) / (info.bitrateKbps * 1000);
}
