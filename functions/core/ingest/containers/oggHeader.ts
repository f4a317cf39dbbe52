/**
 * Reads an Ogg stream's codec from its first page and its length from its last page
 * (RFC 3533 page layout; RFC 7845 OpusHead; Vorbis I identification header). Only headers are
 * read: decoding happens in the transcribe stage.
 */
import { CorruptAudioError, UnsupportedAudioError } from '../../../shared/errors';

export interface OggStreamInfo {
  codec: 'opus' | 'vorbis';
  channels: number;
  /** Opus: the encoder's input rate (48000 when unset); Vorbis: the stream's rate. */
  sampleRate: number;
  /** Samples at the start that are not audio (Opus pre-skip, at 48 kHz). */
  preSkip: number;
  serial: number;
}

interface OggPage {
  offset: number;
  headerType: number;
  granule: bigint;
  serial: number;
  /** Offset of the page body and its length. */
  bodyOffset: number;
  bodyLength: number;
}

const CAPTURE = [0x4f, 0x67, 0x67, 0x53]; // "OggS"
const END_OF_STREAM = 0x04;

function readPage(bytes: Uint8Array, offset: number): OggPage | undefined {
  if (offset + 27 > bytes.length) return undefined;
  for (let i = 0; i < 4; i++) if (bytes[offset + i] !== CAPTURE[i]) return undefined;
  if (bytes[offset + 4] !== 0) return undefined; // stream structure version
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const segments = bytes[offset + 26] ?? 0;
  if (offset + 27 + segments > bytes.length) return undefined;
  let bodyLength = 0;
  for (let i = 0; i < segments; i++) bodyLength += bytes[offset + 27 + i] ?? 0;
  return {
    offset,
    headerType: bytes[offset + 5] ?? 0,
    granule: view.getBigInt64(offset + 6, true),
    serial: view.getUint32(offset + 14, true),
    bodyOffset: offset + 27 + segments,
    bodyLength,
  };
}

const text = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

/** The codec of the first logical stream, from its identification header. */
export function readOggHead(head: Uint8Array): OggStreamInfo {
  const page = readPage(head, 0);
  if (!page || page.bodyOffset + page.bodyLength > head.length) {
    throw new CorruptAudioError('the Ogg stream has no complete first page');
  }
  const body = head.subarray(page.bodyOffset, page.bodyOffset + page.bodyLength);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (text(body, 0, 8) === 'OpusHead' && body.length >= 19) {
    const inputRate = view.getUint32(12, true);
    return {
      codec: 'opus',
      channels: body[9] ?? 0,
      sampleRate: inputRate === 0 ? 48000 : inputRate,
      preSkip: view.getUint16(10, true),
      serial: page.serial,
    };
  }
  if (body[0] === 1 && text(body, 1, 6) === 'vorbis' && body.length >= 30) {
    return {
      codec: 'vorbis',
      channels: body[11] ?? 0,
      sampleRate: view.getUint32(12, true),
      preSkip: 0,
      serial: page.serial,
    };
  }
  throw new UnsupportedAudioError(`Ogg with the ${oggCodecName(body)} codec is not supported`);
}

/** Names the codecs Ogg also carries, so the error record says which one arrived. */
function oggCodecName(body: Uint8Array): string {
  if (text(body, 0, 8) === 'Speex   ') return 'Speex';
  if (text(body, 1, 4) === 'FLAC') return 'FLAC';
  if (text(body, 1, 6) === 'theora') return 'Theora (video)';
  if (text(body, 0, 5) === 'OVP80') return 'VP8 (video)';
  return 'unknown';
}

/**
 * The stream's length in seconds, from the granule position of its last page within `tail`
 * (the object's last bytes). A stream whose last page is cut off or lacks the end-of-stream
 * flag was not uploaded completely.
 */
export function oggDurationSeconds(info: OggStreamInfo, tail: Uint8Array): number {
  let last: OggPage | undefined;
  for (let at = tail.length - 27; at >= 0; at--) {
    const page = readPage(tail, at);
    if (page && page.serial === info.serial) {
      last = page;
      break;
    }
  }
  if (!last || last.bodyOffset + last.bodyLength !== tail.length) {
    throw new CorruptAudioError('truncated Ogg: the object ends inside an Ogg page');
  }
  if ((last.headerType & END_OF_STREAM) === 0) {
    throw new CorruptAudioError('truncated Ogg: the last page does not end the stream');
  }
  // Opus granules count 48 kHz samples whatever the input rate (RFC 7845 section 4).
  const rate = info.codec === 'opus' ? 48000 : info.sampleRate;
  const samples = Number(last.granule) - info.preSkip;
  if (!(samples > 0)) throw new CorruptAudioError('the Ogg stream holds no audio samples');
  return samples / rate;
}
