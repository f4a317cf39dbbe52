import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFrames, readWavFormat } from '../../functions/audio/wavReader';
import { WavWriter } from '../../functions/audio/wavWriter';
import type { PieceStore } from './PieceStore';
import { pieceKey } from './pieceLayout';

export interface AssembledRecording {
  /** 16-bit PCM WAV, the pieces' channels in their order. */
  path: string;
  sha256: string;
  /** SHA-256 of the pieces' audio bytes exactly as uploaded, concatenated in sequence order. */
  receivedSha256: string;
  channels: number;
  frames: number;
  /** Pieces absent when the call was assembled (declared lost after the gap timeout). */
  missing: number[];
}

export class PieceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PieceFormatError';
  }
}

/**
 * Joins a call's pieces 0 … count-1 into one recording, one piece in memory at a time. Every
 * piece must be 8 kHz WAV with the channel count of the first; a missing one is skipped and
 * reported (the caller decides whether it may be: only after the gap timeout).
 */
export async function assembleRecording(
  store: PieceStore,
  callPrefix: string,
  count: number,
  workDir: string,
  sampleRate = 8000,
): Promise<AssembledRecording> {
  const received = createHash('sha256');
  const missing: number[] = [];
  const scratch = join(workDir, 'piece.wav');
  const path = join(workDir, 'recording.wav');
  let writer: WavWriter | undefined;
  let channels = 0;
  let frames = 0;
  try {
    for (let seq = 0; seq < count; seq++) {
      const bytes = await store.get(pieceKey(callPrefix, seq));
      if (!bytes) {
        missing.push(seq);
        continue;
      }
      await writeFile(scratch, bytes);
      const format = await readWavFormat(scratch);
      if (format.sampleRate !== sampleRate) {
        throw new PieceFormatError(`piece ${seq} is ${format.sampleRate} Hz, not ${sampleRate}`);
      }
      if (channels === 0) channels = format.channels;
      if (format.channels !== channels) {
        throw new PieceFormatError(`piece ${seq} has ${format.channels} channels, not ${channels}`);
      }
      writer ??= await WavWriter.create(path, { sampleRate, channels });
      received.update(bytes.subarray(format.dataOffset, format.dataOffset + format.dataBytes));
      for await (const block of readFrames(scratch, format)) await writer.write(block.samples);
      frames += format.frames;
    }
    writer ??= await WavWriter.create(path, { sampleRate, channels: 1 });
    await writer.close();
  } catch (error) {
    await writer?.abort();
    throw error;
  } finally {
    await rm(scratch, { force: true });
  }
  return {
    path,
    sha256: await sha256Of(path),
    receivedSha256: received.digest('hex'),
    channels: Math.max(channels, 1),
    frames,
    missing,
  };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
