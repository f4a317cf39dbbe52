import { readFileSync } from 'node:fs';

/**
 * Where the name gazetteer lies, relative to this module: under functions/redaction in the source,
 * and beside each function's bundled index.mjs (copied there by infra/constructs/onDemandModules.ts).
 */
export const GAZETTEER_FILE = 'names/nameGazetteer.json';

export interface NameGazetteer {
  readonly first: ReadonlySet<string>;
  readonly last: ReadonlySet<string>;
}

let loaded: NameGazetteer | undefined;

/**
 * The first and family names (about 110 KiB), read on first use rather than at module load:
 * most functions redact only an occasional error message, and their cold start should not pay
 * for the names. A missing file is a build defect, so it throws.
 */
export function nameGazetteer(): NameGazetteer {
  if (!loaded) {
    // This file sits at the level of a function's index.mjs, so one relative path serves both.
    const url = new URL(GAZETTEER_FILE, import.meta.url);
    const json = JSON.parse(readFileSync(url, 'utf8')) as { first: string[]; last: string[] };
    loaded = { first: new Set(json.first), last: new Set(json.last) };
  }
  return loaded;
}
