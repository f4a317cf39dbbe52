import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LimitFunction } from 'p-limit';
import type { SpeechToTextProvider } from '../../functions/providers/speechToText/SpeechToTextProvider';
import type { TranslationProvider } from '../../functions/providers/translation/TranslationProvider';
import { assertSafeId } from '../../functions/shared/artifactKeys';
import type { ContactRef, SpeakerRole } from '../../functions/shared/documents';
import type { ObjectStore } from '../../functions/shared/ports';
import { validateDocument } from '../../functions/shared/schemas';
import {
  type CutUtterance,
  UtteranceCutter,
  type UtteranceCutterOptions,
} from '../audio/UtteranceCutter';
import type { OpenedCall, SessionEnd, SessionObserver } from '../bridge/AudioHookSession';
import { formatDuration } from '../bridge/duration';
import { SAMPLE_RATE } from '../bridge/media';
import type { DisconnectReason, MediaChannel, TranscriptEntity } from '../bridge/messages';
import type { CompletedCall } from '../chunks/completeRecording';
import type { PieceStore } from '../chunks/PieceStore';
import { PieceWriter } from '../chunks/PieceWriter';
import { bridgeCallPrefix, callSidecarKey } from '../chunks/pieceLayout';
import type { PieceFormat } from '../chunks/pieceWav';
import { type LiveSegment, liveSegmentKey, utteranceId } from './liveSegment';
import { transcribeUtterance } from './transcribeUtterance';

/** The way back to the telephony side: an AudioHook session, or nothing for uploaded pieces. */
export interface LiveTransport {
  sendTranscripts(entities: TranscriptEntity[]): boolean;
  disconnect(reason: DisconnectReason, info: string): void;
}

/** A call fed from uploaded pieces has no way back. */
export const NO_TRANSPORT: LiveTransport = {
  sendTranscripts: () => false,
  disconnect: () => {},
};

/** What a call starts with, from an AudioHook `open` or a recorder's pieces and metadata. */
export interface CallStart {
  ref: ContactRef;
  channels: MediaChannel[];
  /** Caller's language (BCP 47) when the telephony side names it. */
  language?: string;
  /**
   * Persist the received audio as pieces in this format (the AudioHook bridge). Calls fed from
   * uploaded pieces are durable already.
   */
  persist?: PieceFormat;
}

/** The live views' side of a call (live/views/LiveViews.ts). */
export interface LiveViewsPort {
  open(
    ref: ContactRef,
    languages: { caller: string; caseWorker: string },
  ): { caseWorker: string; citizen: string };
  publish(ref: ContactRef, segment: LiveSegment): void;
  end(ref: ContactRef): void;
}

export interface LiveServices {
  store: ObjectStore;
  resultsBucket: string;
  speechToText: SpeechToTextProvider;
  translation: TranslationProvider;
  /** Bounds provider calls across every call of the bridge. */
  limit: LimitFunction;
  languages: {
    caseWorker: string;
    /** Caller's language when the client names none. */
    defaultCaller: string;
    /** What the agent speaks. @default caseWorker */
    agent?: string;
  };
  /** Case of a call whose `customConfig` names none. */
  defaultCaseId: string;
  views: LiveViewsPort;
  /** Where persisted pieces go (the recordings bucket). */
  pieces: PieceStore;
  /** Seconds of audio per persisted piece. @default 2 */
  pieceSeconds?: number;
  /** End of a persisted call: assemble its pieces and hand the recording on. */
  completeRecording: (call: CompletedCall) => Promise<unknown>;
  /**
   * Registers this call as the contact's latest in this process; resolves when the contact's
   * earlier call here has finished (a replayed stream then starts after its clean end).
   */
  claim?: (ref: ContactRef, done: Promise<unknown>) => Promise<unknown>;
  cutter?: Partial<UtteranceCutterOptions>;
  /** Scratch space; each call gets its own folder inside. */
  workRoot: string;
  /** Progress for the operator (no call content). */
  log?: (event: string, detail: Record<string, unknown>) => void;
  /** A call opened: its view links (paths), for the operator to hand out. */
  onCallOpen?: (ref: ContactRef, links: { caseWorker: string; citizen: string }) => void;
  /** Each stored segment, e.g. for the CLI to print. */
  onSegment?: (segment: LiveSegment) => void;
  onCallEnd?: (summary: LiveCallSummary) => void;
}

export interface LiveCallSummary {
  ref: ContactRef;
  end: SessionEnd;
  segments: number;
  failedUtterances: number;
  /** Seconds of audio this session received (gaps included). */
  recordingSeconds: number;
  /** Where this session continued the contact after an earlier one broke off (bridge restart). */
  resumedAtSeconds?: number;
}

const ROLE: Record<MediaChannel, SpeakerRole> = { external: 'caller', internal: 'agent' };
/** Seconds of arrival times kept to date an utterance's end. */
const ARRIVALS_KEPT = 40;

/**
 * One live call behind one AudioHook session: cuts each channel into utterances, transcribes
 * and translates them both ways, stores each as a live segment, shows it in the live views and
 * sends it back as a transcript event; at the end assembles the stereo recording and hands it
 * to the regular post-call pipeline. State is per call: nothing is shared between sessions but
 * the provider limit.
 */
export class LiveCall implements SessionObserver {
  private ref?: ContactRef;
  private channels: MediaChannel[] = [];
  private cutters: UtteranceCutter[] = [];
  private callerLanguage: string;
  private workDir?: string;
  private writer?: PieceWriter;
  /** Seconds of the contact before this session (earlier sessions' persisted audio). */
  private baseSeconds = 0;
  private resumed = false;
  private readonly pending = new Set<Promise<void>>();
  private arrivals: Array<[number, number]> = [];
  private segments = 0;
  private failed = 0;
  private recordedSamples = 0;
  private setup?: Promise<void>;
  private readonly log: NonNullable<LiveServices['log']>;
  // Declared before `done`: a class field declared later would reset it to undefined.
  private resolveDone!: (summary?: LiveCallSummary) => void;
  /** Resolves when every utterance and the recording upload of this call are done. */
  readonly done = new Promise<LiveCallSummary | undefined>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(
    private readonly session: LiveTransport,
    private readonly services: LiveServices,
  ) {
    this.callerLanguage = services.languages.defaultCaller;
    this.log = services.log ?? (() => {});
  }

  onOpen(call: OpenedCall): void {
    const caseId =
      typeof call.customConfig?.caseId === 'string' ? call.customConfig.caseId : undefined;
    let ref: ContactRef;
    try {
      ref = {
        case_id: assertSafeId('caseId', caseId ?? this.services.defaultCaseId),
        contact_id: assertSafeId('conversationId', call.conversationId),
      };
    } catch {
      this.session.disconnect('error', 'case or conversation id is not a safe id');
      return;
    }
    this.begin({
      ref,
      channels: call.media.channels,
      language: call.language,
      persist: {
        encoding: call.media.format === 'PCMU' ? 'mulaw' : 'pcm16',
        channels: call.media.channels.length,
        sampleRate: SAMPLE_RATE,
      },
    });
  }

  /** Starts the call (after `open`, or when a recorder's first piece arrived). */
  begin(start: CallStart): void {
    const ref = start.ref;
    this.ref = ref;
    if (start.language) this.callerLanguage = primary(start.language);
    this.channels = start.channels;
    this.cutters = this.channels.map(
      (_, channel) =>
        new UtteranceCutter({ ...this.services.cutter, channel, sampleRate: SAMPLE_RATE }),
    );
    const links = this.services.views.open(ref, this.languages());
    this.services.onCallOpen?.(ref, links);
    this.log('call-open', { channels: this.channels.length });
    const writer = start.persist
      ? new PieceWriter(this.services.pieces, bridgeCallPrefix(ref), start.persist, {
          pieceSeconds: this.services.pieceSeconds,
        })
      : undefined;
    this.writer = writer;
    const earlier = this.services.claim?.(ref, this.done);
    this.setup = (async () => {
      await earlier;
      this.workDir = await mkdtemp(join(this.services.workRoot, 'call-'));
      if (!writer) return;
      // A new session of a contact whose earlier session broke off (bridge killed): continue
      // its timeline where its persisted audio ends, so segment keys never collide.
      const state = await writer.resume();
      this.baseSeconds = state.frames / SAMPLE_RATE;
      this.resumed = state.nextSeq > 0;
      if (this.resumed) this.log('call-resumed', { pieces: state.nextSeq });
      // The call's facts beside its pieces, for whoever assembles them if this process cannot.
      else
        await this.services.pieces.put(
          callSidecarKey(writer.callPrefix),
          JSON.stringify({
            case_id: ref.case_id,
            contact_id: ref.contact_id,
            caller_language: this.callerLanguage,
            case_worker_language: this.services.languages.caseWorker,
            ...(this.services.languages.agent
              ? { agent_language: this.services.languages.agent }
              : {}),
            ...(this.channels.length === 2
              ? { agent_channel: Math.max(0, this.channels.indexOf('internal')) }
              : {}),
          }),
          'application/json',
        );
    })();
  }

  onAudio(channels: Int16Array[], offsetSeconds: number, raw: Uint8Array): void {
    if (!this.ref) return;
    this.writer?.append(raw);
    this.recordedSamples += channels[0]?.length ?? 0;
    this.arrivals.push([offsetSeconds, performance.now()]);
    if (this.arrivals.length > ARRIVALS_KEPT * 50)
      this.arrivals = this.arrivals.slice(-ARRIVALS_KEPT * 25);
    channels.forEach((samples, channel) => {
      for (const cut of this.cutters[channel]?.push(samples) ?? []) this.process(cut);
    });
  }

  onGap(_startSeconds: number, seconds: number): void {
    if (!this.ref) return;
    // Silence keeps the recording's timeline equal to the stream's.
    const frames = Math.round(seconds * SAMPLE_RATE);
    this.writer?.appendSilence(frames);
    this.recordedSamples += frames;
    for (const cutter of this.cutters) for (const cut of cutter.gap(seconds)) this.process(cut);
  }

  onLanguage(language: string): void {
    this.callerLanguage = primary(language);
  }

  async onClosing(): Promise<void> {
    // The utterance in progress at a close is still processed and sent before `closed`.
    for (const cutter of this.cutters) for (const cut of cutter.flush()) this.process(cut);
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  onEnd(end: SessionEnd): void {
    if (!this.ref) {
      this.resolveDone();
      return;
    }
    const ref = this.ref;
    // A client that vanished leaves its last utterance open: still processed (only a crash of
    // the bridge itself loses the utterance in flight).
    for (const cutter of this.cutters) for (const cut of cutter.flush()) this.process(cut);
    void this.finish(ref, end).catch((error: unknown) =>
      this.log('call-finish-failed', {
        error: (error as Error).name,
        message: (error as Error).message,
      }),
    );
  }

  private languages() {
    return { caller: this.callerLanguage, caseWorker: this.services.languages.caseWorker };
  }

  private process(cut: CutUtterance): void {
    const ref = this.ref;
    if (!ref) return;
    const endedAt = this.arrivalOf(cut.end);
    // Persisting the utterance's audio starts now, beside transcription: a segment is stored
    // only once its audio is durable, so a restarted bridge never continues before it.
    const durable = this.setup?.then(() =>
      this.writer?.durableThrough(Math.round(cut.end * SAMPLE_RATE)),
    );
    void durable?.catch(() => undefined);
    const task = this.services
      .limit(() => this.segmentOf(ref, cut, endedAt, durable))
      .then(
        (segment) => {
          if (segment) this.deliver(segment, cut.channel);
        },
        (error: unknown) => {
          this.failed += 1;
          this.log('utterance-failed', { error: (error as Error).name });
        },
      );
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Wall time (performance.now) at which the audio at `offset` arrived. */
  private arrivalOf(offset: number): number {
    for (let i = this.arrivals.length - 1; i >= 0; i--) {
      const [start, at] = this.arrivals[i] as [number, number];
      if (start <= offset) return at;
    }
    return performance.now();
  }

  private async segmentOf(
    ref: ContactRef,
    cut: CutUtterance,
    endedAt: number,
    durable?: Promise<void>,
  ): Promise<LiveSegment | undefined> {
    await this.setup;
    const base = this.baseSeconds;
    const channel = this.channels[cut.channel] ?? 'external';
    const speaker = ROLE[channel];
    const languages = this.languages();
    const agentLanguage = this.services.languages.agent ?? languages.caseWorker;
    const language = speaker === 'caller' ? languages.caller : agentLanguage;
    const otherLanguage = speaker === 'caller' ? languages.caseWorker : languages.caller;
    const result = await transcribeUtterance({
      ref,
      utterance: cut,
      sampleRate: SAMPLE_RATE,
      speaker,
      language,
      otherLanguage,
      speechToText: this.services.speechToText,
      translation: this.services.translation,
      workDir: this.workDir ?? this.services.workRoot,
    });
    if (!result) return undefined;
    const segment: LiveSegment = {
      schema_version: '1.1',
      case_id: ref.case_id,
      contact_id: ref.contact_id,
      utterance_id: utteranceId(ref, cut.channel, base + cut.start),
      channel: cut.channel,
      speaker,
      start: round3(base + cut.start),
      end: round3(base + cut.end),
      language: result.language,
      text: result.text,
      ...(result.translation
        ? { translation: { language: result.translation.language, text: result.translation.text } }
        : {}),
      case_worker_language: languages.caseWorker,
      caller_language: languages.caller,
      provenance: {
        speech_to_text: result.speechToText,
        ...(result.translation ? { translation: result.translation.provenance } : {}),
      },
      latency_ms: Math.round(performance.now() - endedAt),
      created_at: new Date().toISOString(),
    };
    // What case systems read is checked against the published schema before it is stored.
    validateDocument('live-segment', segment);
    // The views show the line as soon as the translation exists, not after the store write
    // (a view ignores a line it already shows, so a replayed utterance is not doubled there).
    this.services.views.publish(ref, segment);
    await durable;
    // Idempotent: a repeated utterance (same channel and start) keeps its first segment.
    const key = liveSegmentKey(ref, cut.channel, base + cut.start);
    const created = await this.services.store.createJsonIfAbsent(
      this.services.resultsBucket,
      key,
      segment,
    );
    if (!created)
      return (
        (await this.services.store.getJson<LiveSegment>(this.services.resultsBucket, key)) ??
        segment
      );
    return segment;
  }

  private deliver(segment: LiveSegment, channel: number): void {
    this.segments += 1;
    this.services.onSegment?.(segment);
    const entity: TranscriptEntity = {
      type: 'transcript',
      data: {
        id: segment.utterance_id,
        channelId: channel,
        isFinal: true,
        // Offsets in the transcript events count from this session's start.
        offset: formatDuration(Math.max(0, segment.start - this.baseSeconds)),
        duration: formatDuration(segment.end - segment.start),
        alternatives: [
          {
            confidence: 1,
            languages: [segment.language],
            interpretations: [{ type: 'display', transcript: segment.text }],
          },
        ],
      },
    };
    this.session.sendTranscripts([entity]);
  }

  private async finish(ref: ContactRef, end: SessionEnd): Promise<void> {
    let summary: LiveCallSummary | undefined;
    try {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      await this.setup;
      this.services.views.end(ref);
      if (this.writer) {
        const pieces = await this.writer.end();
        const agentChannel = this.channels.indexOf('internal');
        await this.services.completeRecording({
          ref,
          callPrefix: this.writer.callPrefix,
          pieces,
          languages: {
            caller: this.callerLanguage,
            caseWorker: this.services.languages.caseWorker,
            ...(this.services.languages.agent ? { agent: this.services.languages.agent } : {}),
          },
          ...(agentChannel >= 0 ? { agentChannel } : {}),
          // A session that continued a broken-off one lost the utterance in flight at the break.
          liveSegments: this.failed === 0 && !this.resumed ? 'complete' : 'partial',
        });
      }
      summary = {
        ref,
        end,
        segments: this.segments,
        failedUtterances: this.failed,
        recordingSeconds: this.recordedSamples / SAMPLE_RATE,
        ...(this.resumed ? { resumedAtSeconds: this.baseSeconds } : {}),
      };
      this.services.onCallEnd?.(summary);
      this.log('call-end', { how: end.how, segments: this.segments, failed: this.failed });
    } finally {
      if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
      this.resolveDone(summary);
    }
  }
}

const primary = (language: string) => (language.split(/[-_]/)[0] ?? language).toLowerCase();
const round3 = (n: number) => Math.round(n * 1000) / 1000;
