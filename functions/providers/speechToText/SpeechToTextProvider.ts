import type { OriginalAudioQuestion } from '../../audio/audioForSpeechToText';
import type { Provenance, SpeakerRole, Turn } from '../../shared/documents';

/**
 * `language`: a diarized speaker whose turns are in the case worker's language is the agent,
 * any other speaker the caller (stable across the pieces of a long recording, whose labels are
 * not); `labels`: the provider's `speakerRoles` mapping only.
 */
export type MonoRoleRule = 'language' | 'labels';

export interface SpeechToTextRequest {
  /** Local path of the recording: integer PCM WAV, or the original when `takesOriginal` said so. */
  audioPath: string;
  channels: number;
  sampleRate: number;
  durationSeconds: number;
  /** Expected spoken language (BCP 47 primary tag), when the metadata names it. */
  language?: string;
  /**
   * Expected language per channel (index as text); a channel listed without a language is left
   * to the provider to detect. Overrides `language` for providers that transcribe per channel.
   */
  channelLanguages?: Record<string, string | undefined>;
  /** The case worker's language: on a diarized mono call, the speaker using it is the agent. */
  caseWorkerLanguage?: string;
  /** How diarized speakers of a mono call become roles. @default 'language' */
  monoRoleRule?: MonoRoleRule;
  /** Domain terms (names, benefits) the recogniser should expect. */
  vocabulary?: readonly string[];
  /** Zero-based channel index (as text) to speaker role; mono recordings use `unknown`. */
  channelRoles: Record<string, SpeakerRole>;
  /** Scratch directory the provider may write to; removed by the caller. */
  workDir: string;
}

/** A turn as a provider hears it, with what diarization said before roles are settled. */
export interface RecognisedTurn extends Turn {
  /** The provider's speaker label (diarization), before it is mapped to a role. */
  speaker_label?: string;
  /** The language the provider detected for this segment alone, when it reports one. */
  segment_language?: string;
}

export interface SpeechToTextResult {
  language: string;
  /** Turns in time order, indexes 0..n-1. */
  turns: RecognisedTurn[];
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
