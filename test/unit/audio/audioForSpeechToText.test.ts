import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioForSpeechToText } from '../../../functions/audio/audioForSpeechToText';
import { readWavFormat } from '../../../functions/audio/wavReader';
import { removeDir, sox, tempDir } from './audioFixtures';

const opusAudio = (channels: number) => ({
  container: 'ogg',
  codec: 'opus',
  sample_rate: 8000,
  channels,
  duration_seconds: 1,
});

describe('Function: audioForSpeechToText', () => {
  let dir: string;
  let pcm: string;
  let opus: string;

  beforeAll(async () => {
    dir = await tempDir('prepare');
    pcm = join(dir, 'call.wav');
    sox('-n', '-r', '8000', '-c', '1', '-b', '16', pcm, 'synth', '1', 'sine', '300');
    opus = join(dir, 'call.ogg');
    execFileSync('opusenc', ['--quiet', pcm, opus]);
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  it('hands on PCM WAV as received', async () => {
    const audio = { ...opusAudio(1), container: 'wav', codec: 'pcm' };
    const prepared = await audioForSpeechToText(pcm, audio, { workDir: dir, sizeBytes: 16044 });
    expect(prepared).toMatchObject({ path: pcm, original: true, sampleRate: 8000 });
  });

  it('decodes Ogg/Opus to PCM WAV at 8 kHz when the provider does not take it', async () => {
    const prepared = await audioForSpeechToText(opus, opusAudio(1), {
      workDir: dir,
      sizeBytes: 5000,
      takesOriginal: () => false,
    });
    expect(prepared).toMatchObject({ original: false, sampleRate: 8000, channels: 1 });
    expect(await readWavFormat(prepared.path)).toMatchObject({ encoding: 'pcm', sampleRate: 8000 });
  });

  it('hands on the original when the provider takes it, and asks with size and channels', async () => {
    const questions: unknown[] = [];
    const prepared = await audioForSpeechToText(opus, opusAudio(1), {
      workDir: dir,
      sizeBytes: 5000,
      takesOriginal: (question) => {
        questions.push(question);
        return true;
      },
    });
    expect(prepared).toMatchObject({ path: opus, original: true });
    expect(questions).toEqual([
      expect.objectContaining({ container: 'ogg', channels: 1, sizeBytes: 5000 }),
    ]);
  });
});
