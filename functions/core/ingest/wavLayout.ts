import { CorruptAudioError } from '../../shared/errors';

export interface WavLayout {
  dataOffset: number;
  /** Size the header declares for the data chunk. */
  declaredDataBytes: number;
  byteRate: number;
  blockAlign: number;
}

/**
 * Walks the RIFF chunks of a WAV header to find where the samples start and how many bytes the
 * header promises. The probing library identifies the format; this answers "is it all there?".
 */
export function readWavLayout(header: Uint8Array): WavLayout {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const tag = (offset: number) => String.fromCharCode(...header.subarray(offset, offset + 4));
  if (header.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new CorruptAudioError('not a RIFF/WAVE file');
  }
  let offset = 12;
  let byteRate = 0;
  let blockAlign = 0;
  while (offset + 8 <= header.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 20 <= header.byteLength) {
      byteRate = view.getUint32(offset + 16, true);
      blockAlign = view.getUint16(offset + 20, true);
    }
    if (id === 'data') {
      if (byteRate === 0 || blockAlign === 0) {
        throw new CorruptAudioError('WAV data chunk comes before a valid fmt chunk');
      }
      return { dataOffset: offset + 8, declaredDataBytes: size, byteRate, blockAlign };
    }
    // Chunks are word-aligned: an odd size is followed by a pad byte.
    offset += 8 + size + (size % 2);
  }
  throw new CorruptAudioError('no WAV data chunk within the first bytes of the file');
}
