/**
 * Splits a mono PCM WAV into 16-bit WAV pieces no larger than `maxBytes`, cutting in pauses.
 * Two streaming passes keep memory bounded: the first stores one energy value per short window
 * (about 1.4 MB for 2 h at 20 ms), the second copies samples into the pieces.
 */
import { basename, extname, join } from 'node:path';
import { ConfigurationError, UnsupportedAudioError } from '../shared/errors';
import { readFrames, readWavFormat } from './wavReader';
import { WAV_HEADER_BYTES, WavWriter } from './wavWriter';

export interface AudioPiece {
  path: string;
  /** First frame of the piece in the input (inclusive). */
  startFrame: number;
  /** End frame (exclusive); equals the next piece's `startFrame`. */
  endFrame: number;
  startSeconds: number;
  endSeconds: number;
}

export interface CutOptions {
  /** Share of the allowed span, counted back from the limit, searched for a pause. @default 0.3 */
  searchFraction?: number;
  /** Window mean power (dBFS) at or below which a window counts as silence. @default -40 */
  silenceThresholdDb?: number;
}

export interface SilenceChunkerOptions extends CutOptions {
  outDir: string;
  /** Largest piece file, header included. */
  maxBytes: number;
  /** Energy window length. @default 20 */
  windowMs?: number;
}

/** Within this many dB of the quietest window counts as "quiet" when nothing is silent. */
const NEAR_MINIMUM_DB = 6;
const FULL_SCALE_POWER = 32768 * 32768;

export async function chunkAtSilences(
  inputPath: string,
  options: SilenceChunkerOptions,
): Promise<AudioPiece[]> {
  const format = await readWavFormat(inputPath);
  if (format.channels !== 1) {
    throw new UnsupportedAudioError(
      `${inputPath}: silence chunking needs mono (split channels first)`,
    );
  }
  const { sampleRate, frames } = format;
  const maxFrames = Math.floor((options.maxBytes - WAV_HEADER_BYTES) / 2);
  if (maxFrames < sampleRate) {
    throw new ConfigurationError(
      `maxBytes ${options.maxBytes} leaves less than 1 s of audio per piece`,
    );
  }
  const windowFrames = Math.max(1, Math.round((sampleRate * (options.windowMs ?? 20)) / 1000));

  // Pass 1: mean power per window, as a fraction of full scale.
  const energies = new Float32Array(Math.ceil(frames / windowFrames));
  let window = 0;
  let filled = 0;
  let sum = 0;
  for await (const { samples } of readFrames(inputPath, format)) {
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i] as number;
      sum += s * s;
      if (++filled === windowFrames) {
        energies[window++] = sum / filled / FULL_SCALE_POWER;
        filled = 0;
        sum = 0;
      }
    }
  }
  if (filled > 0) energies[window] = sum / filled / FULL_SCALE_POWER;
  const bounds = [0, ...planCuts(energies, windowFrames, frames, maxFrames, options), frames];

  // Pass 2: copy each span into its own file; only one piece is open at a time.
  const stem = basename(inputPath, extname(inputPath));
  const pieces: AudioPiece[] = [];
  for (let p = 0; p + 1 < bounds.length; p++) {
    const startFrame = bounds[p] ?? 0;
    const endFrame = bounds[p + 1] ?? frames;
    const path = join(options.outDir, `${stem}-part-${String(p).padStart(3, '0')}.wav`);
    const writer = await WavWriter.create(path, { sampleRate });
    try {
      for await (const block of readFrames(inputPath, format, {
        fromFrame: startFrame,
        toFrame: endFrame,
      })) {
        await writer.write(block.samples);
      }
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    pieces.push({
      path,
      startFrame,
      endFrame,
      startSeconds: startFrame / sampleRate,
      endSeconds: endFrame / sampleRate,
    });
  }
  return pieces;
}

/**
 * Chooses cut frames so every span is at most `maxFrames` long. Each cut lies in the last
 * `searchFraction` of the allowed span, in the middle of the longest silent stretch there.
 * The longest stretch, not the single quietest window: a 20 ms dip can be a stop consonant
 * inside a word, a pause between words lasts longer. With no silence, the longest stretch
 * within 6 dB of the quietest window is used instead.
 */
export function planCuts(
  energies: Float32Array,
  windowFrames: number,
  totalFrames: number,
  maxFrames: number,
  options: CutOptions = {},
): number[] {
  const silence = 10 ** ((options.silenceThresholdDb ?? -40) / 10);
  const searchFrames = Math.floor(maxFrames * (options.searchFraction ?? 0.3));
  const cuts: number[] = [];
  for (let start = 0; totalFrames - start > maxFrames; ) {
    const limit = start + maxFrames;
    // Only windows lying wholly inside [limit - searchFrames, limit].
    const first = Math.ceil((limit - searchFrames) / windowFrames);
    const last = Math.floor(limit / windowFrames) - 1;
    let cut = limit;
    if (first <= last) {
      let minimum = Number.POSITIVE_INFINITY;
      for (let w = first; w <= last; w++) minimum = Math.min(minimum, energies[w] ?? 0);
      const quiet = minimum <= silence ? silence : minimum * 10 ** (NEAR_MINIMUM_DB / 10);
      const w = middleOfLongestRun(energies, first, last, quiet);
      cut = w * windowFrames + Math.floor(windowFrames / 2);
    }
    if (cut <= start || cut > limit) cut = limit;
    cuts.push(cut);
    start = cut;
  }
  return cuts;
}

/** Middle window of the longest run of windows at or below `level`; the later run wins ties. */
function middleOfLongestRun(energies: Float32Array, first: number, last: number, level: number) {
  let best = { from: last, length: 0 };
  let runFrom = -1;
  for (let w = first; w <= last + 1; w++) {
    const quiet = w <= last && (energies[w] ?? 0) <= level;
    if (quiet && runFrom < 0) runFrom = w;
    if (!quiet && runFrom >= 0) {
      if (w - runFrom >= best.length) best = { from: runFrom, length: w - runFrom };
      runFrom = -1;
    }
  }
  return best.from + Math.floor((best.length - 1) / 2);
}
