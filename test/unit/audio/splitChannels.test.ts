import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitChannels } from '../../../functions/audio/splitChannels';
import { readWavFormat } from '../../../functions/audio/wavReader';
import { readSamples, removeDir, sox, speak, tempDir } from './audioFixtures';

describe('Function: splitChannels', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('split');
  });
  afterAll(() => removeDir(dir));

  it('writes each channel of a stereo call to its own mono file, sample for sample', async () => {
    // Prepare: two voices of different length (sox -M pads the shorter with silence)
    const agent = speak(dir, 'agent', 'City office, how can I help you today?');
    const caller = speak(dir, 'caller', 'My bin was not collected.', 'en-us+f2');
    const stereo = join(dir, 'call.wav');
    sox('-M', agent, caller, stereo);
    const { frames } = await readWavFormat(stereo);
    const padded = async (path: string) => {
      const out = new Int16Array(frames);
      out.set(await readSamples(path));
      return out;
    };

    // Act
    const paths = await splitChannels(stereo, dir);

    // Assess
    expect(paths).toEqual([join(dir, 'call-ch0.wav'), join(dir, 'call-ch1.wav')]);
    expect(await readWavFormat(paths[0] as string)).toMatchObject({ channels: 1, frames });
    expect(await readSamples(paths[0] as string)).toEqual(await padded(agent));
    expect(await readSamples(paths[1] as string)).toEqual(await padded(caller));
  });

  it('converts 24-bit input to 16-bit mono files', async () => {
    // Prepare
    const a = speak(dir, 'a24', 'One');
    const b = speak(dir, 'b24', 'Two', 'en-us+f2');
    const stereo24 = join(dir, 'call24.wav');
    sox('-M', a, b, '-b', '24', stereo24);

    // Act
    const paths = await splitChannels(stereo24, dir);

    // Assess
    const format = await readWavFormat(paths[1] as string);
    expect(format).toMatchObject({ bitsPerSample: 16, channels: 1 });
    expect((await readSamples(paths[1] as string)).subarray(0, 100)).toEqual(
      (await readSamples(b)).subarray(0, 100),
    );
  });
});
