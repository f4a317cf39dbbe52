/**
 * Reads a native FLAC stream's STREAMINFO block (the mandatory first metadata block): rate,
 * channels, bits and total samples. Only the header is read: decoding happens in transcribe.
 */
import { CorruptAudioError, UnsupportedAudioError } from '../../../shared/errors';

export interface FlacStreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  totalSamples: number;
}

export function readFlacHead(head: Uint8Array): FlacStreamInfo {
  // "fLaC", then a 4-byte block header whose type must be 0 (STREAMINFO, 34 bytes).
  if (head.length < 8 + 34 || ((head[4] ?? 0) & 0x7f) !== 0) {
    throw new CorruptAudioError('FLAC stream without a STREAMINFO block');
  }
  const b = (i: number) => head[8 + i] ?? 0;
  // Bytes 10-17 of STREAMINFO: 20 bits rate, 3 bits channels-1, 5 bits bits-1, 36 bits samples.
  const sampleRate = (b(10) << 12) | (b(11) << 4) | (b(12) >> 4);
  const channels = ((b(12) >> 1) & 0x07) + 1;
  const bitsPerSample = (((b(12) & 0x01) << 4) | (b(13) >> 4)) + 1;
  const totalSamples =
    (b(13) & 0x0f) * 2 ** 32 + ((b(14) << 24) >>> 0) + (b(15) << 16) + (b(16) << 8) + b(17);
  if (sampleRate === 0) throw new CorruptAudioError('FLAC STREAMINFO with a sample rate of 0');
  if (totalSamples === 0) {
    throw new UnsupportedAudioError(
      'FLAC without a total sample count (a streamed FLAC) is not supported: its length is unknown',
    );
  }
  return { sampleRate, channels, bitsPerSample, totalSamples };
}
