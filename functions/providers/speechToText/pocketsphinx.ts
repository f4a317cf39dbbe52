import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SpeakerRole, Turn, Word } from '../../shared/documents';
import { ConfigurationError, TransientError, UnsupportedAudioError } from '../../shared/errors';
import { CommandFailedError, runCommand, tail } from '../../shared/runCommand';
import type {
  SpeechToTextProvider,
  SpeechToTextRequest,
  SpeechToTextResult,
} from './SpeechToTextProvider';

export interface PocketsphinxOptions {
  /** Only `en`: Debian ships the US English model alone. @default 'en' */
  language?: string;
  /** Channels decoded in parallel (one process each). @default 2 */
  concurrency?: number;
  /** A pause longer than this (seconds) between words of one channel starts a new turn. @default 1.0 */
  turnGapSeconds?: number;
  /** Binary names or paths, for tests. @default - looked up on PATH */
  binaries?: { sox?: string; pocketsphinx?: string; dpkgQuery?: string };
}

const PACKAGES = 'pocketsphinx pocketsphinx-en-us sox';
/** What the acoustic model was trained on: 16 kHz, mono, 16-bit signed PCM. */
const PCM_16K_MONO = ['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer'];
const NUMBER = /^-?\d+(\.\d+)?$/;

/** `<s>`, `</s>`, `<sil>`, `[NOISE]`, `[SPEECH]`, `+NSN+`: markers, not words. */
const isFiller = (token: string) => /^[<[+]/.test(token);
const round2 = (seconds: number) => Math.round(seconds * 100) / 100;

/** Word lines of `pocketsphinx_continuous -time yes`: `<word> <start> <end> <posterior>`. */
export function parseWords(output: string): Word[] {
  const words: Word[] = [];
  for (const line of output.split('\n')) {
    const [token, start, end, posterior, ...rest] = line.trim().split(/\s+/);
    // Hypothesis lines are words too; only the timed lines have three numbers.
    if (!token || rest.length > 0 || !start || !end || !posterior) continue;
    if (!NUMBER.test(start) || !NUMBER.test(end) || !NUMBER.test(posterior)) continue;
    if (isFiller(token)) continue;
    words.push({
      text: token.replace(/\(\d+\)$/, ''),
      start: round2(Number(start)),
      end: round2(Number(end)),
      // Clamped: log-domain rounding yields posteriors such as 1.0003.
      confidence: Math.min(1, Math.max(0, Number(posterior))),
    });
  }
  return words.sort((a, b) => a.start - b.start);
}

export function groupTurns(
  words: Word[],
  channel: number,
  speaker: SpeakerRole,
  gapSeconds: number,
): Turn[] {
  const groups: Word[][] = [];
  for (const word of words) {
    const current = groups.at(-1);
    const previous = current?.at(-1);
    if (current && previous && word.start - previous.end <= gapSeconds) current.push(word);
    else groups.push([word]);
  }
  return groups.map((group) => ({
    index: 0,
    speaker,
    channel,
    start: group[0]?.start ?? 0,
    end: group.at(-1)?.end ?? 0,
    text: group.map((word) => word.text).join(' '),
    words: group,
  }));
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class PocketsphinxSpeechToText implements SpeechToTextProvider {
  readonly type = 'pocketsphinx';
  private readonly concurrency: number;
  private readonly turnGapSeconds: number;
  private readonly sox: string;
  private readonly pocketsphinx: string;
  private readonly dpkgQuery: string;
  private modelVersion?: Promise<string | undefined>;

  constructor(options: PocketsphinxOptions = {}) {
    const language = options.language ?? 'en';
    if (language !== 'en') {
      throw new ConfigurationError(
        `pocketsphinx supports language "en" only (Debian ships the US English model), not "${language}"`,
      );
    }
    this.concurrency = options.concurrency ?? 2;
    this.turnGapSeconds = options.turnGapSeconds ?? 1.0;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new ConfigurationError(
        `concurrency must be a whole number >= 1, not ${this.concurrency}`,
      );
    }
    if (!(this.turnGapSeconds > 0)) {
      throw new ConfigurationError(`turnGapSeconds must be > 0, not ${this.turnGapSeconds}`);
    }
    this.sox = options.binaries?.sox ?? 'sox';
    this.pocketsphinx = options.binaries?.pocketsphinx ?? 'pocketsphinx_continuous';
    this.dpkgQuery = options.binaries?.dpkgQuery ?? 'dpkg-query';
  }

  async transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult> {
    const started = performance.now();
    const language = request.language?.split('-')[0]?.toLowerCase();
    if (language && language !== 'en') {
      throw new UnsupportedAudioError(
        `pocketsphinx transcribes English only; the recording is declared as "${request.language}"`,
      );
    }
    const modelVersion = this.installedModelVersion();
    const channels = await this.probeChannels(request.audioPath);
    const perChannel = await mapLimit(
      Array.from({ length: channels }, (_, channel) => channel),
      this.concurrency,
      async (channel) => {
        const words = await this.decodeChannel(request, channel, channels);
        const speaker = request.channelRoles[String(channel)] ?? 'unknown';
        return groupTurns(words, channel, speaker, this.turnGapSeconds);
      },
    );
    const turns = perChannel
      .flat()
      .sort((a, b) => a.start - b.start || (a.channel ?? 0) - (b.channel ?? 0))
      // The model's language, not a guess: it recognises nothing else.
      .map((turn, index) => ({ ...turn, index, language: 'en' }));
    const version = await modelVersion;
    return {
      language: 'en',
      turns,
      provenance: {
        provider: 'pocketsphinx',
        model: 'cmusphinx-en-us',
        ...(version ? { model_version: version } : {}),
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }

  /** The file's own channel count; a file sox cannot read can never be transcribed. */
  private async probeChannels(audioPath: string): Promise<number> {
    try {
      const { stdout } = await runCommand(this.sox, ['--i', '-c', audioPath], {
        debianPackages: PACKAGES,
      });
      const channels = Number.parseInt(stdout.trim(), 10);
      if (channels >= 1) return channels;
      throw new UnsupportedAudioError(`${basename(audioPath)} has no audio channels`);
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      throw new UnsupportedAudioError(
        `${basename(audioPath)} is not audio sox can read: ${error.stderrTail}`,
        { cause: error },
      );
    }
  }

  private async decodeChannel(request: SpeechToTextRequest, channel: number, channels: number) {
    const wav = join(request.workDir, `pocketsphinx-ch${channel}.wav`);
    const log = join(request.workDir, `pocketsphinx-ch${channel}.log`);
    const remix = channels > 1 ? ['remix', String(channel + 1)] : [];
    // -R: repeatable dither, so a retried message yields the same transcript.
    await this.run(this.sox, ['-R', request.audioPath, ...PCM_16K_MONO, wav, ...remix]);
    try {
      // The log goes to a file, not /dev/null: pocketsphinx reports fatal errors only there.
      const { stdout } = await this.run(
        this.pocketsphinx,
        ['-infile', wav, '-time', 'yes', '-logfn', log],
        log,
      );
      return parseWords(stdout);
    } finally {
      await rm(wav, { force: true });
    }
  }

  private async run(command: string, args: string[], logFile?: string) {
    try {
      return await runCommand(command, args, { debianPackages: PACKAGES });
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      const log = logFile ? tail(await readFile(logFile, 'utf8').catch(() => ''), 500) : '';
      throw new TransientError(`${error.message}${log ? ` (log: ${log})` : ''}`, { cause: error });
    }
  }

  /** Debian package version of the acoustic model; looked up once, omitted when unknown. */
  private installedModelVersion(): Promise<string | undefined> {
    this.modelVersion ??= runCommand(this.dpkgQuery, [
      '-W',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's format syntax, not JS
      '--showformat=${Version}',
      'pocketsphinx-en-us',
    ])
      .then(({ stdout }) => stdout.trim() || undefined)
      .catch(() => undefined);
    return this.modelVersion;
  }
}
