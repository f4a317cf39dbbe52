import type { PieceStore } from './PieceStore';
import { endMarkerKey, pieceKey, pieceSeq } from './pieceLayout';
import { type PieceFormat, pieceWav, silenceByte } from './pieceWav';

/** Where a call's persisted audio ends: what a restarted bridge continues from. */
export interface PersistedState {
  /** Sequence number of the next piece. */
  nextSeq: number;
  /** Sample frames already durable, from the start of the contact. */
  frames: number;
}

/**
 * Persists a live call's audio as it arrives: the received bytes (and silence for reported gaps)
 * are buffered and written as numbered pieces every `pieceSeconds` of audio, or sooner when an
 * utterance is about to be stored (so every stored segment's audio is durable). The bridge then
 * holds at most one piece of audio per call in memory, and a bridge killed mid-call loses only
 * what was not yet written.
 */
export class PieceWriter {
  private chunks: Uint8Array[] = [];
  private bufferedBytes = 0;
  private durableFrames = 0;
  private state?: PersistedState;
  private chain: Promise<void> = Promise.resolve();
  private failure?: Error;
  private readonly frameBytes: number;
  private readonly pieceBytes: number;

  constructor(
    private readonly store: PieceStore,
    readonly callPrefix: string,
    private readonly format: PieceFormat,
    options: { pieceSeconds?: number } = {},
  ) {
    this.frameBytes = format.channels * (format.encoding === 'mulaw' ? 1 : 2);
    this.pieceBytes = Math.round((options.pieceSeconds ?? 2) * format.sampleRate) * this.frameBytes;
  }

  /**
   * Finds what earlier sessions of this contact persisted (a bridge restart): the next piece
   * number and the frames already durable. Must resolve before the first piece is written.
   */
  resume(): Promise<PersistedState> {
    const loaded = this.load();
    // Nothing is written before the earlier sessions' pieces are known.
    this.chain = loaded.then(
      () => undefined,
      (error: unknown) => {
        this.failure = error as Error;
      },
    );
    return loaded;
  }

  private async load(): Promise<PersistedState> {
    const pieces = (await this.store.list(`${this.callPrefix}pieces/`))
      .map((p) => pieceSeq(p.key))
      .filter((seq): seq is number => seq !== undefined)
      .sort((a, b) => a - b);
    const last = pieces.at(-1);
    let frames = 0;
    if (last !== undefined) {
      const meta = await this.store.metadata(pieceKey(this.callPrefix, last));
      frames = Number(meta?.['start-frame'] ?? 0) + Number(meta?.frames ?? 0);
    }
    this.state = { nextSeq: last === undefined ? 0 : last + 1, frames };
    return { ...this.state };
  }

  /** Frames of this session that are durable. */
  get durable(): number {
    return this.durableFrames;
  }

  append(bytes: Uint8Array): void {
    this.chunks.push(Uint8Array.from(bytes));
    this.bufferedBytes += bytes.length;
    if (this.bufferedBytes >= this.pieceBytes) this.schedule();
  }

  appendSilence(frames: number): void {
    // In slices of at most one piece: a long pause never allocates more than a piece at once.
    for (let left = frames; left > 0; ) {
      const take = Math.min(left, this.pieceBytes / this.frameBytes);
      this.append(new Uint8Array(take * this.frameBytes).fill(silenceByte(this.format.encoding)));
      left -= take;
    }
  }

  /** Resolves once the audio up to `frame` (of this session) is durable. */
  async durableThrough(frame: number): Promise<void> {
    if (frame <= this.durableFrames) return;
    await this.schedule();
    if (this.durableFrames < frame) throw this.failure ?? new Error('audio not persisted');
  }

  /** Writes what is buffered and the end-of-call marker; returns the number of pieces. */
  async end(): Promise<number> {
    await this.schedule();
    if (this.failure) throw this.failure;
    const state = this.state as PersistedState;
    await this.store.put(
      endMarkerKey(this.callPrefix),
      JSON.stringify({ pieces: state.nextSeq }),
      'application/json',
    );
    return state.nextSeq;
  }

  private schedule(): Promise<void> {
    this.chain = this.chain.then(() => this.flush());
    return this.chain;
  }

  private async flush(): Promise<void> {
    const state = this.state;
    if (!state || this.bufferedBytes === 0) return; // not resumed: the failure is recorded
    // Taken now: audio appended while the write is in flight goes into the next piece.
    const taken = this.chunks;
    const data = new Uint8Array(this.bufferedBytes);
    this.chunks = [];
    this.bufferedBytes = 0;
    let at = 0;
    for (const chunk of taken) {
      data.set(chunk, at);
      at += chunk.length;
    }
    const frames = data.length / this.frameBytes;
    try {
      const created = await this.store.createIfAbsent(
        pieceKey(this.callPrefix, state.nextSeq),
        pieceWav(this.format, data),
        { 'start-frame': String(state.frames), frames: String(frames) },
      );
      // Another writer of the same contact took this number: ours would overwrite its audio.
      if (!created) throw new PieceConflictError(state.nextSeq);
    } catch (error) {
      // The audio goes back in front of what arrived since; the next flush tries again.
      this.failure = error as Error;
      this.chunks = [data, ...this.chunks];
      this.bufferedBytes += data.length;
      return;
    }
    this.failure = undefined;
    state.nextSeq += 1;
    state.frames += frames;
    this.durableFrames += frames;
  }
}

export class PieceConflictError extends Error {
  constructor(seq: number) {
    super(`piece ${seq} of this call was already written by another session`);
    this.name = 'PieceConflictError';
  }
}
