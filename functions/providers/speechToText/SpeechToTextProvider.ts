import type { OriginalAudioQuestion } from '../../audio/audioForSpeechToText';
import type { Provenance, SpeakerRole, Turn } from '../../shared/documents';

export interface SpeechToTextRequest {
  /** Local path of the recording: integer PCM WAV, or the original when `takesOriginal` said so. */
  audioPath: string;
  channels: number;
  sampleRate: number;
  durationSeconds: number;
  /** Expected spoken language (BCP 47 primary tag), when the metadata names it. */
  language?: string;
  /** Zero-based channel index (as text) to speaker role; mono recordings use `unknown`. */
  channelRoles: Record<string, SpeakerRole>;
  /** Scratch directory the provider may write to; removed by the caller. */
  workDir: string;
}

export interface SpeechToTextResult {
  language: string;
  /** Turns in time order, indexes 0..n-1. */
  turns: Turn[];
  provenance: Provenance;
}

export interface SpeechToTextProvider {
  readonly type: string;
  transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult>;
  /**
   * Whether this recording may be sent as received (Ogg, FLAC, MP3, float or G.711 WAV) instead
   * of decoded to PCM WAV first. @default - never: everything is decoded
   */
  takesOriginal?(question: OriginalAudioQuestion): boolean;
}
