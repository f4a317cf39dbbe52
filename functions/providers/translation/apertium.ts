import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Provenance } from '../../shared/documents';
import { ConfigurationError, PermanentError, TransientError } from '../../shared/errors';
import type {
  TranslationProvider,
  TranslationRequest,
  TranslationResult,
} from './TranslationProvider';

const execFileAsync = promisify(execFile);

/**
 * ISO 639-1 codes (which callers use, and which older apertium packages use in mode names, e.g.
 * `en-eo`) to the ISO 639-3 codes of current apertium modes, so both spellings meet.
 */
const ISO_639_3: ReadonlyMap<string, string> = new Map(
  `an:arg ca:cat de:deu en:eng eo:epo es:spa eu:eus fr:fra gl:glg is:isl it:ita mk:mkd nl:nld
   oc:oci pt:por ro:ron sh:hbs`
    .split(/\s+/)
    .map((pair) => pair.split(':') as [string, string]),
);

/** Pivot languages, in order of preference: Spanish has the most pairs in Debian, then English. */
const PIVOTS = ['spa', 'eng'];

/**
 * Segments go one per blank-line block, each closed by a spaced period. A blank line alone is a
 * sentence boundary for apertium's txt format, except after a word it reads as an abbreviation
 * ("sep", "etc"), which swallows the boundary and lets words move between segments; a separate
 * "." always ends the sentence and comes back at the end of the segment, where it is removed.
 */
const SEGMENT_SEPARATOR = '\n\n';
const SEGMENT_END = ' .';

const INSTALL_HINT = 'apt-get install apertium apertium-eng-spa';

export interface ApertiumOptions {
  /** Installed translation directions (mode names, e.g. `eng-spa`); discovered when omitted. */
  installedPairs?: readonly string[];
  /** @default 'apertium' */
  binary?: string;
  /** Per apertium run. @default 120_000 */
  timeoutMs?: number;
}

/** `en`, `en-GB`, `eng` -> `eng`. */
export function apertiumLanguage(code: string): string {
  const primary = code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return ISO_639_3.get(primary) ?? primary;
}

/**
 * The modes to chain for from -> to: the direct pair, else a two-leg pivot, else undefined.
 * Variant modes (`eng-cat_valencia`, `eo-en-j`) are ignored: only plain `xx-yy` names count.
 */
export function planApertiumRoute(
  from: string,
  to: string,
  installedPairs: readonly string[],
): string[] | undefined {
  const modeByPair = new Map<string, string>();
  for (const mode of [...installedPairs].sort()) {
    const match = /^([a-z]{2,3})-([a-z]{2,3})$/.exec(mode);
    if (!match?.[1] || !match[2]) continue;
    const key = `${apertiumLanguage(match[1])}-${apertiumLanguage(match[2])}`;
    if (!modeByPair.has(key)) modeByPair.set(key, mode);
  }
  const source = apertiumLanguage(from);
  const target = apertiumLanguage(to);
  const direct = modeByPair.get(`${source}-${target}`);
  if (direct) return [direct];
  for (const pivot of PIVOTS) {
    if (pivot === source || pivot === target) continue;
    const first = modeByPair.get(`${source}-${pivot}`);
    const second = modeByPair.get(`${pivot}-${target}`);
    if (first && second) return [first, second];
  }
  return undefined;
}

export class ApertiumTranslation implements TranslationProvider {
  readonly type = 'apertium';
  readonly #binary: string;
  readonly #timeoutMs: number;
  #installed?: Promise<readonly string[]>;
  readonly #versions = new Map<string, Promise<string | undefined>>();

  constructor(options: ApertiumOptions = {}) {
    this.#binary = options.binary ?? 'apertium';
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    if (options.installedPairs) this.#installed = Promise.resolve(options.installedPairs);
  }

  /** Installed modes, listed once per instance (`apertium -l` takes about 50 ms). */
  installedPairs(): Promise<readonly string[]> {
    if (!this.#installed) {
      const listing = this.#run(['-l']).then((out) =>
        out
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      );
      // Forget a failed discovery so installing apertium later does not need a restart.
      listing.catch(() => {
        if (this.#installed === listing) this.#installed = undefined;
      });
      this.#installed = listing;
    }
    return this.#installed;
  }

  /** The modes chained for from -> to; PermanentError when no route exists. */
  async routeFor(from: string, to: string): Promise<string[]> {
    const installed = await this.installedPairs();
    const route = planApertiumRoute(from, to, installed);
    if (route) return route;
    throw new PermanentError(
      'unsupported-language-pair',
      `apertium cannot translate ${from} -> ${to} (directly or via Spanish or English); ` +
        `installed pairs: ${installed.join(', ') || 'none'}`,
    );
  }

  async translate({ texts, from, to }: TranslationRequest): Promise<TranslationResult> {
    const started = performance.now();
    if (apertiumLanguage(from) === apertiumLanguage(to)) {
      return {
        texts: [...texts],
        provenance: { provider: 'apertium', model: 'identity', latency_ms: 0 },
      };
    }
    const route = await this.routeFor(from, to);
    // Segments with nothing to translate (empty, punctuation only) stay as they are and are not
    // sent, so apertium never sees an empty segment that would blur the separators.
    const sent = texts.flatMap((text, index) => (/[\p{L}\p{N}]/u.test(text) ? [index] : []));
    const result = [...texts];
    if (sent.length > 0) {
      const translated = await this.#translateSegments(
        sent.map((index) => {
          const segment = normalizeSegment(texts[index] ?? '');
          return apertiumLanguage(from) === 'eng' ? trueCaseEnglish(segment) : segment;
        }),
        route,
      );
      sent.forEach((index, position) => {
        result[index] = matchInitialCase(texts[index] ?? '', translated[position] ?? '');
      });
    }
    const version = await this.#routeVersion(route);
    const provenance: Provenance = {
      provider: 'apertium',
      model: route.join('+'),
      ...(version ? { model_version: version } : {}),
      latency_ms: Math.round(performance.now() - started),
    };
    return { texts: result, provenance };
  }

  /** Files, never stdin: fed through stdin from Node, apertium exits 0 with empty output. */
  async #translateSegments(segments: string[], route: string[]): Promise<string[]> {
    const dir = await mkdtemp(join(tmpdir(), 'callbrief-apertium-'));
    try {
      let input = join(dir, 'in-0.txt');
      const closed = segments.map((segment) => `${segment}${SEGMENT_END}`);
      await writeFile(input, closed.join(SEGMENT_SEPARATOR), 'utf8');
      let current = segments;
      for (const [leg, mode] of route.entries()) {
        const output = join(dir, `out-${leg}.txt`);
        await this.#run(['-u', mode, input, output]);
        current = splitSegments(await readFile(output, 'utf8'));
        if (current.length !== segments.length) {
          throw new TransientError(
            `apertium ${mode} returned ${current.length} segments for ${segments.length}`,
          );
        }
        input = output;
      }
      return current.map((segment) => segment.replace(/\s*\.$/, ''));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Debian package version per leg, `0.8.1-2+1.0.1-5` for a pivot; undefined off Debian. */
  async #routeVersion(route: string[]): Promise<string | undefined> {
    const versions = await Promise.all(route.map((mode) => this.#packageVersion(mode)));
    return versions.every(Boolean) ? versions.join('+') : undefined;
  }

  #packageVersion(mode: string): Promise<string | undefined> {
    let version = this.#versions.get(mode);
    if (!version) {
      // A pair's package is named either way round (apertium-eng-spa holds spa-eng too).
      const [a, b] = mode.split('-');
      const names = [`apertium-${a}-${b}`, `apertium-${b}-${a}`];
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax
      const format = '${db:Status-Abbrev}\t${Version}\n';
      version = execFileAsync('dpkg-query', ['-W', `-f=${format}`, ...names])
        .then(
          ({ stdout }) => stdout,
          (error: { stdout?: string }) => error.stdout ?? '',
        )
        .then((stdout) => /^ii\s*\t(\S+)/m.exec(stdout)?.[1]);
      this.#versions.set(mode, version);
    }
    return version;
  }

  async #run(args: string[]): Promise<string> {
    try {
      const { stdout } = await execFileAsync(this.#binary, args, { timeout: this.#timeoutMs });
      return stdout;
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { killed?: boolean; stderr?: string };
      if (failure.code === 'ENOENT') {
        throw new ConfigurationError(`${this.#binary} not found; install it: ${INSTALL_HINT}`, {
          cause: error,
        });
      }
      const reason = failure.killed
        ? `timed out after ${this.#timeoutMs} ms`
        : `failed: ${failure.stderr?.trim() || failure.message}`;
      throw new TransientError(`apertium ${args.join(' ')} ${reason}`, { cause: error });
    }
  }
}

/**
 * One segment per blank-line block: no blank lines inside, CRLF folded, and control characters
 * and U+2028/U+2029 made spaces (apertium treats those as breaks and moves words across them).
 */
function normalizeSegment(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n\t]|[\u2028\u2029]/gu, ' ')
    .replace(/\n\s*\n/g, '\n')
    .trim();
}

function splitSegments(output: string): string[] {
  const trimmed = output.trim();
  // apertium prefixes the first segment with a space and doubles some spaces; tidy both.
  return trimmed === ''
    ? []
    : trimmed.split(/\n\s*\n/).map((segment) => segment.replace(/[ \t]{2,}/g, ' ').trim());
}

const ENGLISH_NAMES = `monday tuesday wednesday thursday friday saturday sunday january february
  april june july august september october november december`.split(/\s+/);
const ENGLISH_PROPER = new RegExp(`\\b(?:i|${ENGLISH_NAMES.join('|')})\\b`, 'g');

/**
 * Speech recognisers write lower case, but apertium's English dictionaries know only "I",
 * "Friday" and "January": lower-case forms stay untranslated. ("may" and "march" are verbs too.)
 */
function trueCaseEnglish(text: string): string {
  return text.replace(ENGLISH_PROPER, (word) => word.charAt(0).toUpperCase() + word.slice(1));
}

/**
 * Blank-line separators make apertium capitalise every segment but the first; lower-case ASR
 * text should stay lower-case, so follow the source's first letter.
 */
function matchInitialCase(source: string, translated: string): string {
  const first = /\p{L}/u.exec(source)?.[0];
  if (!first || first !== first.toLowerCase()) return translated;
  return translated.replace(/\p{L}/u, (letter) => letter.toLowerCase());
}
