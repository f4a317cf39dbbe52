/** One stretch of speech on one channel, cut out of the stream. */
export interface CutUtterance {
  channel: number;
  /** Seconds from the start of the stream. */
  start: number;
  end: number;
  samples: Int16Array;
  /** True when the maximum length, a gap or the end of the call cut it, not a pause. */
  forced: boolean;
}

export interface UtteranceCutterOptions {
  channel: number;
  sampleRate: number;
  /** Longest utterance; longer speech is cut here and goes on in the next one. @default 15 */
  maxSeconds?: number;
  /** Silence that ends an utterance. @default 0.4 */
  hangoverSeconds?: number;
  /** Shortest speech kept (coughs and clicks are dropped). @default 0.25 */
  minSpeechSeconds?: number;
  /** Audio kept before the first loud frame, so soft word onsets are not clipped. @default 0.2 */
  preRollSeconds?: number;
  /** A frame is speech when its level is this many dB above the noise floor. @default 12 */
  marginDb?: number;
  /** Frames quieter than this are never speech (dBFS). @default -50 */
  absoluteFloorDb?: number;
}

const FRAME_SECONDS = 0.02;

/**
 * Energy-based voice activity detection for one channel: 20 ms frames, a level in dBFS, a noise
 * floor that follows the quietest frames, and a hangover before an utterance ends. Telephony
 * audio is clean enough for this; a model-based VAD would need weights this project cannot
 * download. Memory is bounded by `maxSeconds` of samples.
 */
export class UtteranceCutter {
  private readonly frame: number;
  private readonly maxSamples: number;
  private readonly hangoverFrames: number;
  private readonly minSpeechFrames: number;
  private readonly preRollFrames: number;
  private readonly margin: number;
  private readonly floorDb: number;
  private noiseDb = -70;
  /** Samples of the current frame not yet full. */
  private pending: Int16Array;
  private pendingLength = 0;
  /** Position of the next sample to arrive, in samples. */
  private position = 0;
  private preRoll: Int16Array[] = [];
  private current?: {
    start: number;
    chunks: Int16Array[];
    length: number;
    speechFrames: number;
    silentFrames: number;
  };

  constructor(private readonly options: UtteranceCutterOptions) {
    this.frame = Math.round(options.sampleRate * FRAME_SECONDS);
    this.maxSamples = Math.round((options.maxSeconds ?? 15) * options.sampleRate);
    this.hangoverFrames = Math.round((options.hangoverSeconds ?? 0.4) / FRAME_SECONDS);
    this.minSpeechFrames = Math.round((options.minSpeechSeconds ?? 0.25) / FRAME_SECONDS);
    this.preRollFrames = Math.round((options.preRollSeconds ?? 0.2) / FRAME_SECONDS);
    this.margin = options.marginDb ?? 12;
    this.floorDb = options.absoluteFloorDb ?? -50;
    this.pending = new Int16Array(this.frame);
  }

  /** Feeds samples in stream order; returns the utterances they completed. */
  push(samples: Int16Array): CutUtterance[] {
    const done: CutUtterance[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.frame - this.pendingLength, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + take), this.pendingLength);
      this.pendingLength += take;
      offset += take;
      if (this.pendingLength === this.frame) {
        const cut = this.frameDone(this.pending.slice());
        if (cut) done.push(cut);
        this.pendingLength = 0;
      }
    }
    return done;
  }

  /** The stream skipped `seconds` (discarded or paused audio): whatever was open ends here. */
  gap(seconds: number): CutUtterance[] {
    const done = this.flush();
    this.position += Math.round(seconds * this.options.sampleRate);
    return done;
  }

  /** End of the stream (or a gap): the utterance in progress, if it holds enough speech. */
  flush(): CutUtterance[] {
    if (this.pendingLength > 0) {
      // A partial last frame belongs to the utterance in progress, never starts one.
      const tail = this.pending.slice(0, this.pendingLength);
      if (this.current) this.append(tail);
      this.position += this.pendingLength;
      this.pendingLength = 0;
    }
    this.preRoll = [];
    const cut = this.finish(true);
    return cut ? [cut] : [];
  }

  private frameDone(frame: Int16Array): CutUtterance | undefined {
    const level = levelDb(frame);
    const speech = level > this.floorDb && level > this.noiseDb + this.margin;
    if (!speech) {
      // The floor follows quiet frames quickly and loud ones slowly.
      this.noiseDb += (level - this.noiseDb) * (level < this.noiseDb ? 0.5 : 0.02);
    }
    this.position += frame.length;
    if (!this.current) {
      if (!speech) {
        this.preRoll.push(frame);
        if (this.preRoll.length > this.preRollFrames) this.preRoll.shift();
        return undefined;
      }
      const lead = this.preRoll.reduce((n, f) => n + f.length, 0);
      this.current = {
        start: this.position - frame.length - lead,
        chunks: [...this.preRoll],
        length: lead,
        speechFrames: 0,
        silentFrames: 0,
      };
      this.preRoll = [];
    }
    this.append(frame);
    const current = this.current;
    if (speech) {
      current.speechFrames += 1;
      current.silentFrames = 0;
    } else {
      current.silentFrames += 1;
    }
    if (current.silentFrames >= this.hangoverFrames) return this.finish(false);
    if (current.length >= this.maxSamples) return this.finish(true);
    return undefined;
  }

  private append(frame: Int16Array): void {
    if (!this.current) return;
    this.current.chunks.push(frame);
    this.current.length += frame.length;
  }

  private finish(forced: boolean): CutUtterance | undefined {
    const current = this.current;
    this.current = undefined;
    if (!current || current.speechFrames < this.minSpeechFrames) return undefined;
    // Trailing silence (the hangover) is not part of what was said.
    const keep = current.length - current.silentFrames * this.frame;
    const samples = new Int16Array(keep);
    let at = 0;
    for (const chunk of current.chunks) {
      if (at >= keep) break;
      const part = chunk.subarray(0, Math.min(chunk.length, keep - at));
      samples.set(part, at);
      at += part.length;
    }
    const rate = this.options.sampleRate;
    return {
      channel: this.options.channel,
      start: current.start / rate,
      end: (current.start + keep) / rate,
      samples,
      forced,
    };
  }
}

/** RMS level of a frame in dBFS (full scale = 32768). */
export function levelDb(frame: Int16Array): number {
  let sum = 0;
  for (const sample of frame) sum += sample * sample;
  const rms = Math.sqrt(sum / Math.max(1, frame.length));
  return 20 * Math.log10(Math.max(rms, 1) / 32768);
}
