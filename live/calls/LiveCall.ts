import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LimitFunction } from 'p-limit';
import { WavWriter } from '../../functions/audio/wavWriter';
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
import type {
  AudioHookSession,
  OpenedCall,
  SessionEnd,
  SessionObserver,
} from '../bridge/AudioHookSession';
import { formatDuration } from '../bridge/duration';
import { SAMPLE_RATE } from '../bridge/media';
import type { MediaChannel, TranscriptEntity } from '../bridge/messages';
import { type LiveSegment, liveSegmentKey, utteranceId } from './liveSegment';
import { transcribeUtterance } from './transcribeUtterance';

/** Where a finished call's recording goes so the regular pipeline summarises it. */
export interface RecordingUpload {
  ref: ContactRef;
  /** The assembled stereo WAV (channel 1 caller, channel 2 agent). */
  path: string;
  sha256: string;
  /** SHA-256 of the audio frames exactly as received, in order. */
  receivedSha256: string;
  callerLanguage: string;
  caseWorkerLanguage: string;
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
  uploadRecording: (upload: RecordingUpload) => Promise<void>;
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
  recordingSeconds: number;
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
  private recording?: WavWriter;
  private writes: Promise<void> = Promise.resolve();
  private readonly receivedHash = createHash('sha256');
  private readonly pending = new Set<Promise<void>>();
  private arrivals: Array<[number, number]> = [];
  private segments = 0;
  private failed = 0;
  private recordedSamples = 0;
  private setup?: Promise<void>;
  private readonly log: NonNullable<LiveServices['log']>;
  // Declared before `done`: a class field declared later would reset it to undefined.
  private resolveDone!: () => void;
  /** Resolves when every utterance and the recording upload of this call are done. */
  readonly done = new Promise<void>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(
    private readonly session: AudioHookSession,
    private readonly services: LiveServices,
  ) {
    this.callerLanguage = services.languages.defaultCaller;
    this.log = services.log ?? (() => {});
  }

  onOpen(call: OpenedCall): void {
    const caseId =
      typeof call.customConfig?.caseId === 'string' ? call.customConfig.caseId : undefined;
    try {
      this.ref = {
        case_id: assertSafeId('caseId', caseId ?? this.services.defaultCaseId),
        contact_id: assertSafeId('conversationId', call.conversationId),
      };
    } catch {
      this.session.disconnect('error', 'case or conversation id is not a safe id');
      return;
    }
    if (call.language) this.callerLanguage = primary(call.language);
    this.channels = call.media.channels;
    this.cutters = this.channels.map(
      (_, channel) =>
        new UtteranceCutter({ ...this.services.cutter, channel, sampleRate: SAMPLE_RATE }),
    );
    const links = this.services.views.open(this.ref, this.languages());
    this.services.onCallOpen?.(this.ref, links);
    this.log('call-open', { channels: this.channels.length });
    this.setup = (async () => {
      this.workDir = await mkdtemp(join(this.services.workRoot, 'call-'));
      this.recording = await WavWriter.create(join(this.workDir, 'recording.wav'), {
        sampleRate: SAMPLE_RATE,
        channels: 2,
      });
    })();
    this.writes = this.setup;
  }

  onAudio(channels: Int16Array[], offsetSeconds: number, raw: Uint8Array): void {
    if (!this.ref) return;
    this.receivedHash.update(raw);
    this.arrivals.push([offsetSeconds, performance.now()]);
    if (this.arrivals.length > ARRIVALS_KEPT * 50)
      this.arrivals = this.arrivals.slice(-ARRIVALS_KEPT * 25);
    this.record(channels);
    channels.forEach((samples, channel) => {
      for (const cut of this.cutters[channel]?.push(samples) ?? []) this.process(cut);
    });
  }

  onGap(_startSeconds: number, seconds: number): void {
    if (!this.ref) return;
    // Silence keeps the recording's timeline equal to the stream's.
    const total = Math.round(seconds * SAMPLE_RATE);
    for (let done = 0; done < total; done += SAMPLE_RATE) {
      const length = Math.min(SAMPLE_RATE, total - done);
      this.record(this.channels.map(() => new Int16Array(length)));
    }
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

  private record(channels: Int16Array[]): void {
    const length = channels[0]?.length ?? 0;
    // Stereo always: channel 1 the caller (external), channel 2 the agent (internal).
    const external = channels[this.channels.indexOf('external')];
    const internal = channels[this.channels.indexOf('internal')];
    const interleaved = new Int16Array(length * 2);
    for (let i = 0; i < length; i++) {
      interleaved[2 * i] = external?.[i] ?? 0;
      interleaved[2 * i + 1] = internal?.[i] ?? 0;
    }
    this.recordedSamples += length;
    this.writes = this.writes.then(() => this.recording?.write(interleaved));
  }

  private process(cut: CutUtterance): void {
    const ref = this.ref;
    if (!ref) return;
    const endedAt = this.arrivalOf(cut.end);
    const task = this.services
      .limit(() => this.segmentOf(ref, cut, endedAt))
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
  ): Promise<LiveSegment | undefined> {
    await this.setup;
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
      utterance_id: utteranceId(ref, cut.channel, cut.start),
      channel: cut.channel,
      speaker,
      start: round3(cut.start),
      end: round3(cut.end),
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
    // Idempotent: a repeated utterance (same channel and start) keeps its first segment.
    const key = liveSegmentKey(ref, cut.channel, cut.start);
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
        offset: formatDuration(segment.start),
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
    try {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      await this.writes;
      const recording = this.recording;
      if (recording && this.recordedSamples > 0) {
        await recording.close();
        this.services.views.end(ref);
        await this.services.uploadRecording({
          ref,
          path: recording.path,
          sha256: await sha256Of(recording.path),
          receivedSha256: this.receivedHash.digest('hex'),
          callerLanguage: this.callerLanguage,
          caseWorkerLanguage: this.services.languages.caseWorker,
        });
      } else {
        await recording?.abort();
        this.services.views.end(ref);
      }
      this.services.onCallEnd?.({
        ref,
        end,
        segments: this.segments,
        failedUtterances: this.failed,
        recordingSeconds: this.recordedSamples / SAMPLE_RATE,
      });
      this.log('call-end', { how: end.how, segments: this.segments, failed: this.failed });
    } finally {
      if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
      this.resolveDone();
    }
  }
}

async function sha256Of(path: string): Promise<string> {
  const { createReadStream } = await import('node:fs');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const primary = (language: string) => (language.split(/[-_]/)[0] ?? language).toLowerCase();
const round3 = (n: number) => Math.round(n * 1000) / 1000;
