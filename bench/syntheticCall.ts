// A long stereo call for memory benchmarks, written with the pipeline's streaming WAV writer.
import { WavWriter } from '../functions/audio/wavWriter';

const TURN_SECONDS = 8;
const PAUSE_SECONDS = 0.6;

/**
 * One conversational cycle, interleaved stereo: the caller speaks on channel 0, a pause, the
 * agent on channel 1, a pause. "Speech" is a 4 Hz syllable envelope over two tones, loud enough
 * (about -20 dBFS) that only the pauses count as silence for the chunker.
 */
function conversationCycle(sampleRate: number): Int16Array {
  const turnFrames = Math.round(TURN_SECONDS * sampleRate);
  const pauseFrames = Math.round(PAUSE_SECONDS * sampleRate);
  const frames = 2 * (turnFrames + pauseFrames);
  const samples = new Int16Array(frames * 2);
  for (let speaker = 0; speaker < 2; speaker++) {
    const first = speaker * (turnFrames + pauseFrames);
    for (let i = 0; i < turnFrames; i++) {
      const t = i / sampleRate;
      const syllable = Math.abs(Math.sin(Math.PI * 4 * t));
      const voice = Math.sin(2 * Math.PI * 180 * t) + 0.5 * Math.sin(2 * Math.PI * 720 * t);
      samples[(first + i) * 2 + speaker] = Math.round(2600 * syllable * voice);
    }
  }
  return samples;
}

/**
 * Writes `seconds` of a two-party call as 16-bit stereo PCM. Only one cycle (about 1 MB at
 * 16 kHz) is ever in memory; the writer streams it to disk cycle after cycle.
 */
export async function writeSyntheticCall(
  path: string,
  seconds: number,
  sampleRate = 16_000,
): Promise<number> {
  const cycle = conversationCycle(sampleRate);
  const cycleFrames = cycle.length / 2;
  const writer = await WavWriter.create(path, { sampleRate, channels: 2 });
  try {
    for (let left = Math.round(seconds * sampleRate); left > 0; left -= cycleFrames) {
      await writer.write(left >= cycleFrames ? cycle : cycle.subarray(0, left * 2));
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.dataBytes;
}
