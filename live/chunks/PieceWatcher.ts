import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFrames, readWavFormat } from '../../functions/audio/wavReader';
import { resolveRecordingMetadata } from '../../functions/core/ingest/recordingMetadata';
import type { ContactRef } from '../../functions/shared/documents';
import type { PipelineConfig } from '../../functions/shared/pipelineConfig';
import type { ObjectStore } from '../../functions/shared/ports';
import { SAMPLE_RATE } from '../bridge/media';
import type { MediaChannel } from '../bridge/messages';
import type { LiveCall } from '../calls/LiveCall';
import type { CompletedCall } from './completeRecording';
import type { PieceStore } from './PieceStore';
import {
  BRIDGE_ROOT,
  callSidecarKey,
  endMarkerKey,
  parseEndMarker,
  pieceKey,
  pieceSeq,
  RECORDER_ROOT,
  recorderCallPrefix,
} from './pieceLayout';

export interface PieceWatchOptions {
  /** How often the live root is listed. @default 1000 */
  pollMs?: number;
  /** How long a missing piece is waited for once a later one (or the end marker) is there. @default 30000 */
  gapTimeoutMs?: number;
  /** A call without a new piece or an end marker for this long is ended as it is. @default 600000 */
  abandonMs?: number;
  /**
   * A bridge call (`live-audiohook/`) that no session of this process holds: assembled once its
   * end marker is this old (the bridge died while assembling). @default 120000
   */
  bridgeEndedMs?: number;
  /** …or once its newest piece is this old without an end marker (never reconnected). @default 1800000 */
  bridgeAbandonMs?: number;
}

export interface PieceWatcherServices {
  pieces: PieceStore;
  /** The recordings bucket through the pipeline's port, for ingest's metadata rules. */
  store: ObjectStore;
  recordingsBucket: string;
  config: PipelineConfig;
  /** A live call without a way back (NO_TRANSPORT), on the bridge's services. */
  newCall: () => LiveCall;
  complete: (call: CompletedCall) => Promise<unknown>;
  /** Whether a session of this process holds the bridge call under this prefix. */
  isActive?: (callPrefix: string) => boolean;
  workRoot: string;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

interface WatchedCall {
  prefix: string;
  ref: ContactRef;
  call: LiveCall;
  callerLanguage: string;
  caseWorkerLanguage: string;
  agentLanguage?: string;
  agentFirst: boolean;
  channels?: number;
  nextSeq: number;
  frames: number;
  missing: number;
  waitingSince?: number;
  lastProgress: number;
}

/**
 * Live input from recorders that cut audio but speak no AudioHook: lists `live/` every
 * `pollMs`, feeds each call's pieces in sequence order into a LiveCall (the same utterance,
 * segment and view pipeline as the bridge), and at the end marker assembles the recording and
 * hands it to the post-call pipeline. A duplicated piece is read once (its sequence number is
 * its identity); a piece that arrives early waits for the ones before it; a missing piece is
 * waited for `gapTimeoutMs`, then skipped (the call's segments and recording are then partial).
 *
 * A poller, not S3 notifications: a call's pieces must be read in order by the one process that
 * holds its voice-activity state for the whole call, notifications arrive unordered and
 * duplicated anyway, and after assembly a call's pieces are deleted, so the listing stays as
 * small as the number of calls running.
 */
export class PieceWatcher {
  private readonly calls = new Map<string, WatchedCall>();
  private readonly finishing = new Set<string>();
  /** Calls whose recording could not be assembled: left for the operator, not retried. */
  private readonly failed = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private workDir?: string;
  private readonly log: NonNullable<PieceWatcherServices['log']>;

  constructor(
    private readonly services: PieceWatcherServices,
    private readonly options: PieceWatchOptions = {},
  ) {
    this.log = services.log ?? (() => {});
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.poll()
        .catch((error: unknown) => this.log('pieces-poll-failed', { error: (error as Error).name }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
  }

  /** One round: every call under `live/` moves as far as its pieces allow. */
  async poll(now = Date.now()): Promise<void> {
    this.workDir ??= await mkdtemp(join(this.services.workRoot, 'pieces-'));
    const byCall = new Map<string, { seqs: Set<number>; ended: boolean }>();
    for (const object of await this.services.pieces.list(RECORDER_ROOT)) {
      const prefix = recorderCallPrefix(object.key);
      if (!prefix) continue;
      const entry = byCall.get(prefix) ?? { seqs: new Set<number>(), ended: false };
      const seq = pieceSeq(object.key);
      if (seq !== undefined) entry.seqs.add(seq);
      if (object.key === endMarkerKey(prefix)) entry.ended = true;
      byCall.set(prefix, entry);
    }
    for (const [prefix, { seqs, ended }] of byCall) {
      if (this.finishing.has(prefix) || this.failed.has(prefix)) continue;
      try {
        await this.advance(prefix, seqs, ended, now);
      } catch (error) {
        this.log('pieces-call-failed', {
          error: (error as Error).name,
          message: (error as Error).message,
        });
      }
    }
    await this.sweepBridgeCalls(now);
  }

  /**
   * Bridge calls nobody will finish: the bridge died while assembling (end marker, no session),
   * or was killed and the client never came back (no new piece for `bridgeAbandonMs`). Their
   * recording is assembled from what was persisted, so the summary still appears.
   */
  private async sweepBridgeCalls(now: number): Promise<void> {
    const byCall = new Map<string, { last: number; end?: number; seqs: number[] }>();
    for (const object of await this.services.pieces.list(BRIDGE_ROOT)) {
      const [caseId, contactId] = object.key.slice(BRIDGE_ROOT.length).split('/');
      if (!caseId || !contactId) continue;
      const prefix = `${BRIDGE_ROOT}${caseId}/${contactId}/`;
      const entry = byCall.get(prefix) ?? { last: 0, seqs: [] };
      entry.last = Math.max(entry.last, object.lastModified);
      const seq = pieceSeq(object.key);
      if (seq !== undefined) entry.seqs.push(seq);
      if (object.key === endMarkerKey(prefix)) entry.end = object.lastModified;
      byCall.set(prefix, entry);
    }
    for (const [prefix, entry] of byCall) {
      if (this.finishing.has(prefix) || this.failed.has(prefix)) continue;
      if (this.services.isActive?.(prefix)) continue;
      const due =
        entry.end !== undefined
          ? now - entry.end >= (this.options.bridgeEndedMs ?? 120_000)
          : now - entry.last >= (this.options.bridgeAbandonMs ?? 1_800_000);
      if (!due) continue;
      this.finishing.add(prefix);
      try {
        const end = parseEndMarker(await this.readJson(endMarkerKey(prefix)));
        const resolved = await this.metadataOf(prefix, undefined);
        await this.services.complete({
          ref: resolved.ref,
          callPrefix: prefix,
          pieces: end?.pieces ?? Math.max(-1, ...entry.seqs) + 1,
          languages: {
            caller: resolved.languages.caller ?? 'und',
            caseWorker: resolved.languages.case_worker,
            ...(resolved.languages.agent ? { agent: resolved.languages.agent } : {}),
          },
          agentChannel: resolved.channelRoles['0'] === 'agent' ? 0 : 1,
          liveSegments: 'partial',
        });
        this.log('bridge-call-recovered', { ended: entry.end !== undefined });
      } catch (error) {
        this.failed.add(prefix);
        this.log('bridge-call-recovery-failed', { error: (error as Error).name });
      } finally {
        this.finishing.delete(prefix);
      }
    }
  }

  /** A call's metadata by the rules for recordings: its sidecar, then the piece's own metadata. */
  private async metadataOf(prefix: string, firstSeq: number | undefined) {
    const head =
      firstSeq === undefined
        ? undefined
        : await this.services.store.head(
            this.services.recordingsBucket,
            pieceKey(prefix, firstSeq),
          );
    return resolveRecordingMetadata(
      this.services.store,
      {
        bucket: this.services.recordingsBucket,
        key: callSidecarKey(prefix).replace(/\.meta\.json$/, '.wav'),
      },
      head ?? { size: 0, metadata: {} },
      this.services.config,
    );
  }

  private async advance(prefix: string, seqs: Set<number>, ended: boolean, now: number) {
    if (seqs.size === 0 && !ended) return; // only a sidecar so far
    const watched = this.calls.get(prefix) ?? (await this.open(prefix, seqs, now));
    const end = ended ? parseEndMarker(await this.readJson(endMarkerKey(prefix))) : undefined;
    const last = Math.max(-1, ...seqs);
    for (;;) {
      if (seqs.has(watched.nextSeq)) {
        await this.feed(watched, watched.nextSeq);
        watched.nextSeq += 1;
        watched.waitingSince = undefined;
        watched.lastProgress = now;
        continue;
      }
      const expected = end ? end.pieces : last + 1;
      if (watched.nextSeq >= expected) break;
      // A later piece (or the end marker) is there, this one is not: wait, then give it up.
      watched.waitingSince ??= now;
      if (now - watched.waitingSince < (this.options.gapTimeoutMs ?? 30_000)) return;
      this.log('piece-missing', { seq: watched.nextSeq });
      watched.missing += 1;
      watched.nextSeq += 1;
      watched.waitingSince = undefined;
    }
    const abandoned = !end && now - watched.lastProgress >= (this.options.abandonMs ?? 600_000);
    if (end || abandoned) await this.finish(watched, end?.pieces ?? last + 1, abandoned);
  }

  private async open(prefix: string, seqs: Set<number>, now: number): Promise<WatchedCall> {
    const first = Math.min(...seqs);
    // The same metadata rules as a recording's: sidecar `call.meta.json`, then the piece's own
    // x-amz-meta-* values, ids derived from the key when neither names them.
    const resolved = await this.metadataOf(prefix, Number.isFinite(first) ? first : undefined);
    const watched: WatchedCall = {
      prefix,
      ref: resolved.ref,
      call: this.services.newCall(),
      callerLanguage: resolved.languages.caller ?? 'und',
      caseWorkerLanguage: resolved.languages.case_worker,
      ...(resolved.languages.agent ? { agentLanguage: resolved.languages.agent } : {}),
      agentFirst: resolved.channelRoles['0'] === 'agent',
      nextSeq: 0,
      frames: 0,
      missing: 0,
      lastProgress: now,
    };
    this.calls.set(prefix, watched);
    this.log('pieces-call-open', {});
    return watched;
  }

  private async feed(watched: WatchedCall, seq: number): Promise<void> {
    const bytes = await this.services.pieces.get(pieceKey(watched.prefix, seq));
    if (!bytes) return;
    const path = join(this.workDir as string, 'piece.wav');
    await writeFile(path, bytes);
    let format: Awaited<ReturnType<typeof readWavFormat>>;
    try {
      format = await readWavFormat(path);
    } catch (error) {
      this.rejected(watched, seq, (error as Error).name);
      return;
    }
    const channels = watched.channels ?? format.channels;
    if (format.sampleRate !== SAMPLE_RATE || format.channels !== channels || channels > 2) {
      this.rejected(watched, seq, 'format');
      return;
    }
    if (watched.channels === undefined) {
      watched.channels = channels;
      const names: MediaChannel[] =
        channels === 1
          ? ['external']
          : watched.agentFirst
            ? ['internal', 'external']
            : ['external', 'internal'];
      watched.call.begin({ ref: watched.ref, channels: names, language: watched.callerLanguage });
    }
    const raw = bytes.subarray(format.dataOffset, format.dataOffset + format.dataBytes);
    for await (const block of readFrames(path, format)) {
      const split = Array.from({ length: channels }, () => new Int16Array(block.frames));
      for (let i = 0; i < block.frames; i++) {
        for (let c = 0; c < channels; c++) {
          (split[c] as Int16Array)[i] = block.samples[i * channels + c] ?? 0;
        }
      }
      const at = block.firstFrame * format.blockAlign;
      watched.call.onAudio(
        split,
        watched.frames / SAMPLE_RATE,
        raw.subarray(at, at + block.frames * format.blockAlign),
      );
      watched.frames += block.frames;
    }
  }

  private rejected(watched: WatchedCall, seq: number, reason: string): void {
    // A piece that cannot be read is treated like a missing one: the call goes on without it.
    this.log('piece-rejected', { seq, reason });
    watched.missing += 1;
  }

  private async finish(watched: WatchedCall, pieces: number, abandoned: boolean): Promise<void> {
    this.finishing.add(watched.prefix);
    try {
      watched.call.onEnd(abandoned ? { how: 'vanished' } : { how: 'closed', reason: 'end' });
      const summary = await watched.call.done;
      await this.services.complete({
        ref: watched.ref,
        callPrefix: watched.prefix,
        pieces,
        languages: {
          caller: watched.callerLanguage,
          caseWorker: watched.caseWorkerLanguage,
          ...(watched.agentLanguage ? { agent: watched.agentLanguage } : {}),
        },
        agentChannel: watched.agentFirst ? 0 : 1,
        liveSegments:
          watched.missing === 0 && !abandoned && (summary?.failedUtterances ?? 1) === 0
            ? 'complete'
            : 'partial',
      });
      this.log('pieces-call-end', { pieces, missing: watched.missing, abandoned });
    } catch (error) {
      this.failed.add(watched.prefix);
      throw error;
    } finally {
      this.calls.delete(watched.prefix);
      this.finishing.delete(watched.prefix);
    }
  }

  private async readJson(key: string): Promise<unknown> {
    const bytes = await this.services.pieces.get(key);
    if (!bytes) return undefined;
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    } catch {
      return undefined;
    }
  }
}
