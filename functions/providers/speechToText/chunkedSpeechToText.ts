/**
 * Decorator that lets any mono, size-limited speech-to-text provider handle stereo and long
 * recordings: splits channels, cuts each channel at pauses into pieces under the upload limit,
 * transcribes pieces with bounded parallelism and merges the turns back onto one timeline.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { OriginalAudioQuestion } from '../../audio/audioForSpeechToText';
import { chunkAtSilences } from '../../audio/silenceChunker';
import { splitChannels } from '../../audio/splitChannels';
import { readWavFormat } from '../../audio/wavReader';
import type { SpeakerRole, Turn } from '../../shared/documents';
import { ConfigurationError } from '../../shared/errors';
import type {
  RecognisedTurn,
  SpeechToTextProvider,
  SpeechToTextRequest,
  SpeechToTextResult,
} from './SpeechToTextProvider';

export interface ChunkedSpeechToTextOptions {
  /** Largest file the inner provider accepts. @default 25 MiB */
  maxUploadBytes?: number;
  /** Inner calls in flight at once. @default 2 */
  concurrency?: number;
  /** Passed to the silence chunker. @default -40 */
  silenceThresholdDb?: number;
  /**
   * Send Ogg, FLAC, MP3 and non-PCM WAV recordings unchanged when nothing has to be split or
   * cut (mono, under the upload limit); otherwise they are decoded to PCM WAV first.
   * @default false
   */
  sendOriginalAudio?: boolean;
}

interface Piece {
  channel: number;
  path: string;
  /** Whether we wrote the file (and may delete it), as opposed to the caller's input. */
  owned: boolean;
  startSeconds: number;
  endSeconds: number;
}

export class ChunkedSpeechToText implements SpeechToTextProvider {
  /** Transparent: results carry the inner provider's identity. */
  readonly type: string;
  private readonly maxUploadBytes: number;
  private readonly concurrency: number;

  constructor(
    private readonly inner: SpeechToTextProvider,
    private readonly options: ChunkedSpeechToTextOptions = {},
  ) {
    this.type = inner.type;
    this.maxUploadBytes = options.maxUploadBytes ?? 25 * 1024 * 1024;
    this.concurrency = options.concurrency ?? 2;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new ConfigurationError(
        `concurrency must be a positive integer, got ${this.concurrency}`,
      );
    }
  }

  takesOriginal(question: OriginalAudioQuestion): boolean {
    return (
      this.options.sendOriginalAudio === true &&
      question.channels === 1 &&
      question.sizeBytes <= this.maxUploadBytes
    );
  }

  async transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult> {
    const started = performance.now();
    const workDir = join(request.workDir, 'chunked');
    await mkdir(workDir, { recursive: true });
    const { pieces, channels, sampleRate } = await this.preparePieces(request, workDir);

    const limit = pLimit(this.concurrency);
    let failure: { error: unknown } | undefined;
    const outcomes = await Promise.all(
      pieces.map((piece, p) =>
        limit(async () => {
          // After one failure the request fails anyway: do not spend more inner calls.
          if (failure) return undefined;
          try {
            return await this.transcribePiece(
              request,
              piece,
              join(workDir, `piece-${p}`),
              sampleRate,
            );
          } catch (error) {
            failure ??= { error };
            return undefined;
          }
        }),
      ),
    );
    if (failure) throw failure.error;
    const results = outcomes as SpeechToTextResult[];

    const turns = results
      .flatMap((result, p) => {
        const piece = pieces[p] as Piece;
        const hint = pieceLanguage(request, piece.channel);
        const roles = channels === 1 ? monoRoles(request, result.turns) : undefined;
        return result.turns.map((turn): Turn => {
          const { speaker_label, segment_language, ...plain } = turn;
          return {
            ...shift(plain, piece.startSeconds),
            channel: piece.channel,
            speaker:
              roles && speaker_label !== undefined
                ? (roles.get(speaker_label) ?? turn.speaker)
                : channels === 1 && turn.speaker !== 'unknown'
                  ? turn.speaker
                  : channelRole(request, piece.channel),
            // The segment's own detection, else the piece's, else what the channel should hold.
            language: segment_language ?? turn.language ?? known(result.language) ?? hint ?? 'und',
          };
        });
      })
      .sort((a, b) => a.start - b.start)
      .map((turn, index) => ({ ...turn, index }));

    const first = results[0] as SpeechToTextResult;
    return {
      language: majorityLanguage(results),
      turns,
      provenance: { ...first.provenance, latency_ms: Math.round(performance.now() - started) },
    };
  }

  private async transcribePiece(
    request: SpeechToTextRequest,
    piece: Piece,
    pieceDir: string,
    sampleRate: number,
  ): Promise<SpeechToTextResult> {
    try {
      // Own scratch space per call: inner providers may use fixed file names.
      await mkdir(pieceDir, { recursive: true });
      return await this.inner.transcribe({
        audioPath: piece.path,
        channels: 1,
        sampleRate,
        durationSeconds: piece.endSeconds - piece.startSeconds,
        language: pieceLanguage(request, piece.channel),
        channelRoles: { '0': channelRole(request, piece.channel) },
        ...(request.vocabulary ? { vocabulary: request.vocabulary } : {}),
        workDir: pieceDir,
      });
    } finally {
      // Keeps /tmp use near one copy of the recording (Lambda ephemeral storage is small).
      if (piece.owned) await rm(piece.path, { force: true });
    }
  }

  private async preparePieces(request: SpeechToTextRequest, workDir: string) {
    const { size } = await stat(request.audioPath);
    if (request.channels === 1 && size <= this.maxUploadBytes) {
      // Nothing to do: pass the file through untouched, whatever its format.
      const piece = { channel: 0, path: request.audioPath, owned: false, startSeconds: 0 };
      return {
        pieces: [{ ...piece, endSeconds: request.durationSeconds }],
        channels: 1,
        sampleRate: request.sampleRate,
      };
    }
    const format = await readWavFormat(request.audioPath);
    const channelPaths =
      format.channels === 1 ? [request.audioPath] : await splitChannels(request.audioPath, workDir);
    const pieces: Piece[] = [];
    for (const [channel, path] of channelPaths.entries()) {
      const owned = path !== request.audioPath;
      if ((await stat(path)).size <= this.maxUploadBytes) {
        const endSeconds = format.durationSeconds;
        pieces.push({ channel, path, owned, startSeconds: 0, endSeconds });
        continue;
      }
      const chunks = await chunkAtSilences(path, {
        outDir: workDir,
        maxBytes: this.maxUploadBytes,
        silenceThresholdDb: this.options.silenceThresholdDb,
      });
      if (owned) await rm(path, { force: true });
      pieces.push(...chunks.map((chunk) => ({ channel, owned: true, ...chunk })));
    }
    return { pieces, channels: format.channels, sampleRate: format.sampleRate };
  }
}

/** The language expected on a channel; none (provider detects) when the channel has no hint. */
function pieceLanguage(request: SpeechToTextRequest, channel: number): string | undefined {
  const languages = request.channelLanguages;
  if (languages && Object.hasOwn(languages, String(channel))) return languages[String(channel)];
  return request.language;
}

const known = (language: string | undefined) =>
  language && language !== 'und' ? language : undefined;

/**
 * Roles of a diarized mono piece's speaker labels under the `language` rule: a label whose turns
 * are mostly in the case worker's language is the agent, any other the caller. Labels are
 * per request (speaker_0 may be the caller in one piece and the agent in the next); languages
 * are not, which keeps roles consistent across the pieces of a long recording. Undefined (the
 * provider's `speakerRoles` apply) under the `labels` rule or when segments carry no language.
 */
function monoRoles(
  request: SpeechToTextRequest,
  turns: RecognisedTurn[],
): Map<string, SpeakerRole> | undefined {
  if ((request.monoRoleRule ?? 'language') !== 'language' || !request.caseWorkerLanguage) {
    return undefined;
  }
  const votes = new Map<string, { same: number; other: number }>();
  for (const turn of turns) {
    if (turn.speaker_label === undefined || !known(turn.segment_language)) continue;
    const vote = votes.get(turn.speaker_label) ?? { same: 0, other: 0 };
    if (turn.segment_language === request.caseWorkerLanguage) vote.same += 1;
    else vote.other += 1;
    votes.set(turn.speaker_label, vote);
  }
  if (votes.size === 0) return undefined;
  return new Map(
    [...votes].map(([label, vote]) => [label, vote.same > vote.other ? 'agent' : 'caller']),
  );
}

function channelRole(request: SpeechToTextRequest, channel: number): SpeakerRole {
  return request.channelRoles[String(channel)] ?? 'unknown';
}

function shift(turn: Turn, offset: number): Turn {
  return {
    ...turn,
    start: at(turn.start + offset),
    end: at(turn.end + offset),
    ...(turn.words && {
      words: turn.words.map((w) => ({
        ...w,
        start: at(w.start + offset),
        end: at(w.end + offset),
      })),
    }),
  };
}

/** Rounds to microseconds so offsets do not leave float noise (600.1000000000001) in documents. */
function at(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/** Most frequent language among pieces that heard speech; ties go to the earliest piece. */
function majorityLanguage(results: SpeechToTextResult[]): string {
  const voiced = results.filter((r) => r.turns.length > 0);
  const counts = new Map<string, number>();
  for (const r of voiced.length > 0 ? voiced : results) {
    counts.set(r.language, (counts.get(r.language) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [language, count] of counts) {
    if (count > bestCount) [best, bestCount] = [language, count];
  }
  return best;
}
