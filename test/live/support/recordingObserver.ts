import { createHash } from 'node:crypto';
import type {
  AudioHookSession,
  OpenedCall,
  SessionEnd,
  SessionObserver,
} from '../../../live/bridge/AudioHookSession';

/** Records what the bridge hands to a call, per session, to assert isolation and endings. */
export class RecordingObserver implements SessionObserver {
  opened?: OpenedCall;
  samples = 0;
  frames = 0;
  readonly gaps: Array<[number, number]> = [];
  readonly languages: string[] = [];
  end?: SessionEnd;
  private readonly hash = createHash('sha256');
  private resolveEnd!: (end: SessionEnd) => void;
  readonly ended = new Promise<SessionEnd>((resolve) => {
    this.resolveEnd = resolve;
  });

  constructor(readonly session: AudioHookSession) {}

  onOpen(call: OpenedCall): void {
    this.opened = call;
  }
  onAudio(channels: Int16Array[], _offset: number, raw: Uint8Array): void {
    this.samples += channels[0]?.length ?? 0;
    this.frames += 1;
    this.hash.update(raw);
  }
  onGap(start: number, seconds: number): void {
    this.gaps.push([start, seconds]);
  }
  onLanguage(language: string): void {
    this.languages.push(language);
  }
  onEnd(end: SessionEnd): void {
    this.end = end;
    this.resolveEnd(end);
  }
  audioSha256(): string {
    return this.hash.copy().digest('hex');
  }
}
