/** Splits a PCM WAV into one mono 16-bit WAV per channel in a single streaming pass. */
import { basename, extname, join } from 'node:path';
import { readFrames, readWavFormat } from './wavReader';
import { WavWriter } from './wavWriter';

/** Returns the written paths, index = channel: `<outDir>/<input name>-ch<n>.wav`. */
export async function splitChannels(inputPath: string, outDir: string): Promise<string[]> {
  const format = await readWavFormat(inputPath);
  const { channels, sampleRate } = format;
  const stem = basename(inputPath, extname(inputPath));
  const writers: WavWriter[] = [];
  try {
    for (let ch = 0; ch < channels; ch++) {
      writers.push(await WavWriter.create(join(outDir, `${stem}-ch${ch}.wav`), { sampleRate }));
    }
    for await (const block of readFrames(inputPath, format)) {
      for (const [ch, writer] of writers.entries()) {
        const mono = new Int16Array(block.frames);
        for (let i = 0, j = ch; i < block.frames; i++, j += channels)
          mono[i] = block.samples[j] ?? 0;
        await writer.write(mono);
      }
    }
    for (const writer of writers) await writer.close();
  } catch (error) {
    await Promise.all(writers.map((writer) => writer.abort()));
    throw error;
  }
  return writers.map((writer) => writer.path);
}
