/** The audio encodings a live piece carries as received: G.711 mu-law or 16-bit linear PCM. */
export type PieceEncoding = 'mulaw' | 'pcm16';

export interface PieceFormat {
  encoding: PieceEncoding;
  channels: number;
  sampleRate: number;
}

/**
 * A WAV file around audio bytes exactly as received (format tag 7 for mu-law, 1 for PCM): the
 * piece keeps the stream's own bytes, so the checksum of what was sent can be checked end to end.
 */
export function pieceWav(format: PieceFormat, data: Uint8Array): Uint8Array {
  const bytesPerSample = format.encoding === 'mulaw' ? 1 : 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format.encoding === 'mulaw' ? 7 : 1, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * format.channels * bytesPerSample, 28);
  header.writeUInt16LE(format.channels * bytesPerSample, 32);
  header.writeUInt16LE(bytesPerSample * 8, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  const out = new Uint8Array(44 + data.length);
  out.set(header, 0);
  out.set(data, 44);
  return out;
}

/** The encoded value of silence: mu-law 0xFF, PCM 0. */
export function silenceByte(encoding: PieceEncoding): number {
  return encoding === 'mulaw' ? 0xff : 0;
}
