/**
 * Turns any recording ingest accepted into a 16-bit PCM WAV, streaming: the compressed file is
 * read in 64 KiB pieces, each decoded block is written out at once, so memory stays flat
 * however long the call. Rates are kept (8 kHz stays 8 kHz; an engine that needs 16 kHz
 * resamples itself), except Opus, decoded at its input rate capped at 16 kHz
 * (see streamingDecoder.ts).
 */
import { createReadStream } from 'node:fs';
import { CorruptAudioError, UnsupportedAudioError } from '../../shared/errors';
import { readFrames, readWavFormat } from '../wavReader';
import { WavWriter } from '../wavWriter';
import { type CompressedCodec, type DecodedBlock, openDecoder } from './streamingDecoder';

export interface AudioDescription {
  container: string;
  codec: string;
  sample_rate: number;
  channels: number;
  duration_seconds: number;
}

export interface DecodedWav {
  path: string;
  sampleRate: number;
  channels: number;
  frames: number;
  durationSeconds: number;
  /** Frames the decoder reported as damaged and skipped. */
  decodeErrors: number;
}

const READ_BYTES = 64 * 1024;
const COMPRESSED: ReadonlySet<string> = new Set(['opus', 'vorbis', 'flac', 'mp3']);
/** Containers whose header states the exact length, so a short decode means lost audio. */
const EXACT_LENGTH: ReadonlySet<string> = new Set(['flac', 'ogg']);

/** Whether `audio` is already what the audio tools read directly: integer PCM WAV. */
export function isPcmWav(audio: Pick<AudioDescription, 'container' | 'codec'>): boolean {
  return audio.container === 'wav' && audio.codec === 'pcm';
}

export async function decodeToWav(
  inputPath: string,
  outputPath: string,
  audio: AudioDescription,
): Promise<DecodedWav> {
  if (audio.container === 'wav') return convertWav(inputPath, outputPath);
  if (!COMPRESSED.has(audio.codec)) {
    throw new UnsupportedAudioError(`${audio.container}/${audio.codec} cannot be decoded`);
  }
  return decodeCompressed(inputPath, outputPath, audio);
}

/** Float and G.711 WAV: the reader already turns every block into 16-bit samples. */
async function convertWav(inputPath: string, outputPath: string): Promise<DecodedWav> {
  const format = await readWavFormat(inputPath);
  const { sampleRate, channels } = format;
  const writer = await WavWriter.create(outputPath, { sampleRate, channels });
  try {
    for await (const block of readFrames(inputPath, format)) await writer.write(block.samples);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return {
    path: outputPath,
    sampleRate,
    channels,
    ...lengthOf(format.frames, sampleRate),
    decodeErrors: 0,
  };
}

const lengthOf = (frames: number, sampleRate: number) => ({
  frames,
  durationSeconds: frames / sampleRate,
});

async function decodeCompressed(
  inputPath: string,
  outputPath: string,
  audio: AudioDescription,
): Promise<DecodedWav> {
  const decoder = await openDecoder(audio.codec as CompressedCodec, audio.sample_rate);
  let writer: WavWriter | undefined;
  let sampleRate = 0;
  let channels = 0;
  let frames = 0;
  let decodeErrors = 0;
  let scratch: Int16Array = new Int16Array(0);
  const write = async (block: DecodedBlock | undefined) => {
    if (!block) return;
    decodeErrors += block.errors.length;
    // Without samples the other fields are not meaningful (some decoders leave them unset).
    if (block.samplesDecoded === 0) return;
    if (!writer) {
      sampleRate = block.sampleRate;
      // mpg123 always gives two channels; a mono MP3 keeps one.
      channels = Math.min(block.channelData.length, audio.channels);
      if (channels < 1 || channels > 2) {
        throw new UnsupportedAudioError(
          `the ${audio.codec} stream decodes to ${channels} channels`,
        );
      }
      writer = await WavWriter.create(outputPath, { sampleRate, channels });
    }
    const samples = interleave(block, channels, scratch);
    if (samples.buffer !== scratch.buffer) scratch = samples;
    await writer.write(samples);
    frames += block.samplesDecoded;
  };
  try {
    for await (const chunk of createReadStream(inputPath, { highWaterMark: READ_BYTES })) {
      await write(await decoder.decode(chunk as Buffer));
    }
    await write(await decoder.flush());
    if (!writer) throw new CorruptAudioError(`the ${audio.codec} stream decoded to no audio`);
    await writer.close();
  } catch (error) {
    await writer?.abort();
    if (error instanceof UnsupportedAudioError || error instanceof CorruptAudioError) throw error;
    // The decoders throw plain errors on malformed streams: bad input, not a passing fault.
    throw new CorruptAudioError(`the ${audio.codec} stream could not be decoded`, {
      cause: error,
    });
  } finally {
    decoder.free();
  }
  const decoded = {
    path: outputPath,
    sampleRate,
    channels,
    ...lengthOf(frames, sampleRate),
    decodeErrors,
  };
  if (EXACT_LENGTH.has(audio.container) && decoded.durationSeconds < audio.duration_seconds - 0.5) {
    throw new CorruptAudioError(
      `truncated ${audio.container}: ${decoded.durationSeconds.toFixed(1)} s decoded of the ${audio.duration_seconds} s its header declares`,
    );
  }
  return decoded;
}

/**
 * Planar float channels to interleaved 16-bit samples, clipped, into `scratch` when it is large
 * enough: the writer copies what it gets, so one buffer serves every block and a two-hour call
 * leaves less garbage behind (the decoders' own output arrays are new each time).
 */
function interleave(block: DecodedBlock, channels: number, scratch: Int16Array): Int16Array {
  const n = block.samplesDecoded;
  const out =
    scratch.length >= n * channels
      ? scratch.subarray(0, n * channels)
      : new Int16Array(n * channels);
  for (let ch = 0; ch < channels; ch++) {
    const data = block.channelData[ch] as Float32Array;
    for (let i = 0, j = ch; i < n; i++, j += channels) {
      const v = data[i] as number;
      out[j] = v >= 1 ? 32767 : v <= -1 ? -32768 : Math.round(v * 32767);
    }
  }
  return out;
}
