import { CorruptAudioError } from '../../shared/errors';

export interface WavLayout {
  /** The fmt chunk's format code; WAVE_FORMAT_EXTENSIBLE is resolved to its sub-format. */
  formatCode: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  dataOffset: number;
  /** Size the header declares for the data chunk. */
  declaredDataBytes: number;
}

/** WAVE_FORMAT_EXTENSIBLE: the real format code is the first two bytes of the sub-format GUID. */
const EXTENSIBLE = 0xfffe;

const ascii = (bytes: Uint8Array, offset: number) =>
  String.fromCharCode(...bytes.subarray(offset, offset + 4));

/** Whether the bytes start as a WAV file does: "RIFF", a size, "WAVE". */
export function isRiffWave(head: Uint8Array): boolean {
  return head.byteLength >= 12 && ascii(head, 0) === 'RIFF' && ascii(head, 8) === 'WAVE';
}

/**
 * Walks the RIFF chunks of a WAV header: the fmt chunk says what the samples are, the data
 * chunk where they start and how many bytes the header promises.
 */
export function readWavLayout(header: Uint8Array): WavLayout {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const tag = (offset: number) => ascii(header, offset);
  if (!isRiffWave(header)) {
    throw new CorruptAudioError('not a RIFF/WAVE file');
  }
  let offset = 12;
  let format: Omit<WavLayout, 'dataOffset' | 'declaredDataBytes'> | undefined;
  while (offset + 8 <= header.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ' && size >= 16 && body + 16 <= header.byteLength) {
      const code = view.getUint16(body, true);
      const extended = code === EXTENSIBLE && size >= 40 && body + 26 <= header.byteLength;
      format = {
        formatCode: extended ? view.getUint16(body + 24, true) : code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        byteRate: view.getUint32(body + 8, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    }
    if (id === 'data') {
      if (!format || format.byteRate === 0 || format.blockAlign === 0) {
        throw new CorruptAudioError('WAV data chunk comes before a valid fmt chunk');
      }
      return { ...format, dataOffset: body, declaredDataBytes: size };
    }
    // Chunks are word-aligned: an odd size is followed by a pad byte.
    offset = body + size + (size % 2);
  }
  throw new CorruptAudioError('no WAV data chunk within the first bytes of the file');
}
