/**
 * What the transcribe stage hands its speech-to-text provider: integer PCM WAV as received;
 * any other accepted recording decoded to 16-bit PCM WAV in the stage's scratch folder, unless
 * the provider takes the original container as it is (`sendOriginalAudio`, only when nothing
 * has to be split or cut).
 *
 * Decoding lives here, in transcribe, rather than in ingest writing a PCM copy: the chunking
 * layer already streams the downloaded file through /tmp, a decoded copy in S3 would be one
 * more object of personal data to retain and erase, and ingest stays a header check.
 */
import { extname, join } from 'node:path';
import { type AudioDescription, decodeToWav, isPcmWav } from './decoders/decodeToWav';

export interface OriginalAudioQuestion {
  container: string;
  codec: string;
  channels: number;
  sizeBytes: number;
}

export interface PreparedAudio {
  path: string;
  channels: number;
  sampleRate: number;
  durationSeconds: number;
  /** Whether `path` is the file as received, not a decoded copy. */
  original: boolean;
}

/** File extension of a container, so providers that look at names see the right type. */
export function extensionOf(audio: Pick<AudioDescription, 'container'>): string {
  return audio.container === 'wav' ? 'wav' : audio.container;
}

export async function audioForSpeechToText(
  path: string,
  audio: AudioDescription,
  options: {
    workDir: string;
    sizeBytes: number;
    takesOriginal?: (question: OriginalAudioQuestion) => boolean;
  },
): Promise<PreparedAudio> {
  const asReceived = {
    path,
    channels: audio.channels,
    sampleRate: audio.sample_rate,
    durationSeconds: audio.duration_seconds,
    original: true,
  };
  if (isPcmWav(audio)) return asReceived;
  const question = { ...audio, sizeBytes: options.sizeBytes };
  if (options.takesOriginal?.(question)) return asReceived;
  const decodedPath = join(options.workDir, `decoded-${extname(path).slice(1) || 'audio'}.wav`);
  const decoded = await decodeToWav(path, decodedPath, audio);
  return {
    path: decoded.path,
    channels: decoded.channels,
    sampleRate: decoded.sampleRate,
    durationSeconds: decoded.durationSeconds,
    original: false,
  };
}
