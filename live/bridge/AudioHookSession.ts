import { formatDuration, parseDuration } from './duration';
import { bytesPerFrame, chooseMedia, deinterleave, SAMPLE_RATE } from './media';
import {
  type ClientMessageBase,
  clientMessageBase,
  clientParameters,
  type DisconnectReason,
  isClientMessageType,
  type MediaParameter,
  type ServerMessage,
  type ServerMessageType,
  type TranscriptEntity,
} from './messages';

/** Where a session stands in the protocol's lifecycle. */
export type SessionState =
  | 'awaiting-open' // connected, no `open` yet: no audio allowed
  | 'active' // `opened` sent: audio flows
  | 'paused' // the client reported `paused`: no audio until `resumed`
  | 'closing' // `disconnect` sent (waiting for `close`), or `close` received (flushing)
  | 'closed' // `closed` sent: the client closes the WebSocket
  | 'ended'; // the WebSocket is gone

/** How a session ended, for the call's owner. */
export type SessionEnd =
  | { how: 'closed'; reason: string } // client `close`, answered with `closed`
  | { how: 'disconnected'; reason: DisconnectReason; info: string } // the bridge ended it
  | { how: 'vanished' }; // the socket went away without `close`

export interface OpenedCall {
  sessionId: string;
  organizationId: string;
  conversationId: string;
  media: MediaParameter;
  language?: string;
  /** The integration's custom configuration (e.g. which case the calls belong to). */
  customConfig?: Record<string, unknown>;
}

/** What the session tells the call it carries. All calls are synchronous and must not throw. */
export interface SessionObserver {
  onOpen(call: OpenedCall): void;
  /** One frame, one PCM array per negotiated channel; `offsetSeconds` in the stream. */
  onAudio(channels: Int16Array[], offsetSeconds: number, raw: Uint8Array): void;
  /** Audio the client did not send (discarded, or skipped while paused): the timeline moves on. */
  onGap(startSeconds: number, seconds: number): void;
  onLanguage(language: string): void;
  /**
   * The client sent `close`: finish what is in flight (the last transcript events) before the
   * bridge answers `closed`. Bounded by `closeFlushMs`.
   */
  onClosing?(): Promise<void>;
  onEnd(end: SessionEnd): void;
}

/** The socket as the session needs it (ws.WebSocket fits). */
export interface SessionSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export interface SessionOptions {
  sessionId: string;
  socket: SessionSocket;
  observer: SessionObserver;
  /** Languages offered when the client asks for `supportedLanguages`. */
  supportedLanguages?: readonly string[];
  /** Largest text message accepted, in bytes. @default 65536 */
  maxTextBytes?: number;
  /** Time the client gets to answer `disconnect` with `close` before the socket is cut. @default 5000 */
  closeGraceMs?: number;
  /** Position mismatch tolerated, in seconds (clients round to milliseconds). @default 0.005 */
  positionTolerance?: number;
  /** Longest wait for `onClosing` before `closed` is sent anyway. @default 10000 */
  closeFlushMs?: number;
  /** Observability without call content: type and size only. */
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/**
 * One AudioHook session (protocol version 2) on one WebSocket: checks every client message
 * (shape, `seq` +1, `serverseq`, `position`, state), answers it, hands audio to the observer,
 * and ends exactly one way. Malformed or out-of-order input is answered with `disconnect`
 * (reason `error`), never with an exception: the bridge serves many sessions in one process.
 */
export class AudioHookSession {
  private stateValue: SessionState = 'awaiting-open';
  private seq = 0;
  private clientSeq = 0;
  private media?: MediaParameter;
  /** Stream position in samples: audio received plus gaps the client reported. */
  private positionSamples = 0;
  private graceTimer?: NodeJS.Timeout;
  private ending?: SessionEnd;
  private readonly log: NonNullable<SessionOptions['log']>;

  constructor(private readonly options: SessionOptions) {
    this.log = options.log ?? (() => {});
  }

  get state(): SessionState {
    return this.stateValue;
  }

  get positionSeconds(): number {
    return this.positionSamples / SAMPLE_RATE;
  }

  /** Entry point for every WebSocket message. */
  receive(data: Buffer, isBinary: boolean): void {
    try {
      const found = isBinary ? this.receiveAudio(data) : this.receiveText(data);
      if (found) this.disconnect('error', found);
    } catch (error) {
      // A bug here must end this session, not the process serving the others.
      this.log('session-fault', { error: (error as Error).name });
      this.disconnect('error', 'internal error');
    }
  }

  /** The WebSocket closed (after `closed`, or the client vanished). */
  socketClosed(): void {
    if (this.stateValue === 'ended') return;
    clearTimeout(this.graceTimer);
    const end: SessionEnd = this.ending ?? { how: 'vanished' };
    this.stateValue = 'ended';
    this.options.observer.onEnd(end);
  }

  /** Sends transcript entities back (Transcription Connector); false when the session cannot. */
  sendTranscripts(entities: TranscriptEntity[]): boolean {
    if (!['active', 'paused', 'closing'].includes(this.stateValue)) return false;
    this.send('event', { entities });
    return true;
  }

  /** Asks the client to pause (`pause`) or resume (`resume`) the audio. */
  requestPause(pause: boolean): boolean {
    if (this.stateValue !== 'active' && this.stateValue !== 'paused') return false;
    this.send(pause ? 'pause' : 'resume', {});
    return true;
  }

  /** Ends the session from the server side: `disconnect`, then the client's `close`. */
  disconnect(reason: DisconnectReason, info: string): void {
    if (['closing', 'closed', 'ended'].includes(this.stateValue)) return;
    this.log('disconnect', { reason, info });
    this.send('disconnect', { reason, info });
    this.stateValue = 'closing';
    this.ending = { how: 'disconnected', reason, info };
    this.graceTimer = setTimeout(
      () => this.options.socket.terminate(),
      this.options.closeGraceMs ?? 5000,
    );
    this.graceTimer.unref();
  }

  private receiveAudio(frame: Buffer): Problem {
    if (this.stateValue === 'closing' || this.stateValue === 'closed') return; // in flight; ignored
    if (this.stateValue !== 'active' || !this.media) {
      return problem(`audio not allowed in state ${this.stateValue}`);
    }
    const frameBytes = bytesPerFrame(this.media);
    if (frame.length === 0 || frame.length % frameBytes !== 0) {
      return problem(`audio frame of ${frame.length} bytes is not whole samples`);
    }
    const offset = this.positionSeconds;
    const channels = deinterleave(frame, this.media);
    this.positionSamples += frame.length / frameBytes;
    this.options.observer.onAudio(channels, offset, frame);
  }

  private receiveText(data: Buffer): Problem {
    if (data.length > (this.options.maxTextBytes ?? 65536)) {
      return problem(`text message of ${data.length} bytes is too large`);
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      return problem('text message is not valid JSON');
    }
    const base = clientMessageBase.safeParse(json);
    if (!base.success) return problem('message is not a well-formed client message');
    const message = base.data;
    if (this.stateValue === 'closed') return; // the client may still be sending; nothing to answer
    if (this.stateValue === 'closing') {
      // After `disconnect` only the client's `close` matters, whatever else was wrong before.
      this.clientSeq = Math.max(this.clientSeq, message.seq);
      if (message.type === 'close') this.finishClose('disconnect');
      return;
    }
    if (message.seq !== this.clientSeq + 1) {
      return problem(`seq ${message.seq} out of order (expected ${this.clientSeq + 1})`);
    }
    this.clientSeq = message.seq;
    if (message.serverseq > this.seq) return problem('serverseq ahead of the server');
    if (message.id !== this.options.sessionId) return problem('session id mismatch');
    if (!isClientMessageType(message.type)) {
      return problem(`unknown message type ${JSON.stringify(message.type.slice(0, 32))}`);
    }
    const parameters = clientParameters[message.type].safeParse(message.parameters);
    if (!parameters.success) return problem(`invalid ${message.type} parameters`);
    if (message.type !== 'open' && this.stateValue === 'awaiting-open') {
      return problem(`${message.type} before open`);
    }
    const position = parseDuration(message.position) ?? 0;
    // A gap message may state the position before or after its gap: checked in gap().
    const gapMessage = message.type === 'discarded' || message.type === 'resumed';
    if (
      this.stateValue !== 'awaiting-open' &&
      !gapMessage &&
      Math.abs(position - this.positionSeconds) > (this.options.positionTolerance ?? 0.005)
    ) {
      return problem(
        `position ${message.position} does not match ${formatDuration(this.positionSeconds)} received`,
      );
    }
    this.log('message', { type: message.type, seq: message.seq });
    return this.dispatch(message, parameters.data as Record<string, unknown>, position);
  }

  private dispatch(
    message: ClientMessageBase,
    parameters: Record<string, unknown>,
    position: number,
  ): Problem {
    switch (message.type) {
      case 'open':
        if (this.stateValue !== 'awaiting-open') return problem('open twice');
        return this.open(parameters as unknown as OpenParameters);
      case 'close':
        this.flushThenClose(String(parameters.reason));
        return undefined;
      case 'ping':
        this.send('pong', {});
        return undefined;
      case 'error':
        // The client reports its own problem; the session goes on until it closes.
        this.log('client-error', { code: parameters.code });
        return;
      case 'paused':
        this.stateValue = 'paused';
        return;
      case 'resumed': {
        if (this.stateValue !== 'paused') return problem('resumed while not paused');
        const found = this.gap(
          parameters.start as string,
          parameters.discarded as string,
          position,
        );
        if (!found) this.stateValue = 'active';
        return found;
      }
      case 'discarded':
        return this.gap(parameters.start as string, parameters.discarded as string, position);
      case 'update':
        this.options.observer.onLanguage(String(parameters.language));
        this.send('updated', {});
        return undefined;
    }
  }

  /** Transcripts of the last utterances still go out as `event`s, then `closed`. */
  private flushThenClose(reason: string): void {
    const flush = this.options.observer.onClosing;
    if (!flush) {
      this.finishClose(reason);
      return;
    }
    this.stateValue = 'closing';
    this.ending = { how: 'closed', reason };
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.closeFlushMs ?? 10_000);
    });
    void Promise.race([flush.call(this.options.observer).catch(() => undefined), limit]).then(
      () => {
        clearTimeout(timer);
        if (this.stateValue === 'closing') this.finishClose(reason);
      },
    );
  }

  private finishClose(reason: string): void {
    this.send('closed', {});
    if (!this.ending) this.ending = { how: 'closed', reason };
    this.stateValue = 'closed';
  }

  private open(parameters: OpenParameters): Problem {
    const offered = parameters.media;
    const media = chooseMedia(offered);
    if (offered.length > 0 && !media) {
      return problem('none of the offered media is supported (PCMU or L16, 8 kHz)');
    }
    const opened: Record<string, unknown> = { startPaused: false, media: media ? [media] : [] };
    if (parameters.supportedLanguages && this.options.supportedLanguages) {
      opened.supportedLanguages = [...this.options.supportedLanguages];
    }
    this.send('opened', opened);
    this.stateValue = 'active';
    if (!media) return; // a connection probe: no audio will come
    this.media = media;
    this.options.observer.onOpen({
      sessionId: this.options.sessionId,
      organizationId: parameters.organizationId,
      conversationId: parameters.conversationId,
      media,
      language: parameters.language,
      customConfig: parameters.customConfig,
    });
  }

  /** `discarded`/`resumed`: the stream position jumps over audio that will never arrive. */
  private gap(start: string, discarded: string, position: number): Problem {
    const startSeconds = parseDuration(start) ?? 0;
    const seconds = parseDuration(discarded) ?? 0;
    const tolerance = this.options.positionTolerance ?? 0.005;
    const near = (a: number, b: number) => Math.abs(a - b) <= tolerance;
    if (!near(startSeconds, this.positionSeconds)) {
      return problem(`gap start ${start} is not the current position`);
    }
    if (!near(position, startSeconds) && !near(position, startSeconds + seconds)) {
      return problem('position does not match the gap');
    }
    if (seconds <= 0) return;
    this.positionSamples += Math.round(seconds * SAMPLE_RATE);
    if (this.media) this.options.observer.onGap(startSeconds, seconds);
  }

  private send(type: ServerMessageType, parameters: Record<string, unknown>): void {
    const message: ServerMessage = {
      version: '2',
      id: this.options.sessionId,
      type,
      seq: ++this.seq,
      clientseq: this.clientSeq,
      parameters,
    };
    this.options.socket.send(JSON.stringify(message));
  }
}

/** Why a client message breaks the protocol; answered with `disconnect` (reason `error`). */
type Problem = string | undefined;
const problem = (text: string): Problem => text;

interface OpenParameters {
  organizationId: string;
  conversationId: string;
  media: unknown[];
  language?: string;
  supportedLanguages?: boolean;
  customConfig?: Record<string, unknown>;
}
