import type { StageName } from '../../shared/documents';

/**
 * Where the results bucket keeps data of one case: the single list erasure deletes from, the
 * erasure guard protects, and the erase role's permissions are derived from. A capability that
 * files data of a case somewhere new (live segments, access-log entries) registers its prefix
 * here, and erasure, the guard and the IAM policy follow.
 */
export interface CaseDataLocation {
  /** What lies there, for receipts and documentation. */
  readonly dataClass: string;
  /** The key prefix that holds this class of data for one case. */
  readonly prefix: (caseId: string) => string;
}

const STAGES: readonly StageName[] = ['ingest', 'transcribe', 'translate', 'summarize', 'publish'];

export const CASE_DATA_LOCATIONS: readonly CaseDataLocation[] = [
  // recording.json, transcripts, translations, summaries, review files, corrections,
  // renderings, the roll-up, hand-off markers and the input index (inputIndex.ts).
  { dataClass: 'case artifacts', prefix: (caseId) => `cases/${caseId}/` },
  { dataClass: 'unredacted transcripts', prefix: (caseId) => `unredacted/cases/${caseId}/` },
  ...STAGES.map((stage) => ({
    dataClass: `${stage} error records`,
    prefix: (caseId: string) => `errors/${stage}/cases/${caseId}/`,
  })),
];

/**
 * Audio of a live call in progress, in the recordings bucket outside the recordings prefix: the
 * AudioHook bridge persists what it receives there (live/chunks/pieceLayout.ts) until the call
 * is assembled into a recording. Erasure sweeps it too; the erase role may delete there.
 */
export const LIVE_AUDIO_ROOT = 'live-audiohook/';

export function liveAudioPrefix(caseId: string): string {
  return `${LIVE_AUDIO_ROOT}${caseId}/`;
}

/** Every prefix of one case in the results bucket. */
export function caseDataPrefixes(caseId: string): string[] {
  return CASE_DATA_LOCATIONS.map((location) => location.prefix(caseId));
}

/** The prefixes with `*` for the case id: what an IAM resource or s3:prefix condition names. */
export function caseDataPatterns(): string[] {
  return caseDataPrefixes('*').map((prefix) => `${prefix}*`);
}

/** Splits each prefix around the case id once, so a key can be mapped back to its case. */
const MARK = '\u0000';
const SHAPES = CASE_DATA_LOCATIONS.map((location) => {
  const [before = '', after = ''] = location.prefix(MARK).split(MARK);
  return { before, after };
});

/** The case a results-bucket key belongs to, or undefined for keys of no case. */
export function caseIdOfKey(key: string): string | undefined {
  for (const { before, after } of SHAPES) {
    if (!key.startsWith(before)) continue;
    const rest = key.slice(before.length);
    const end = rest.indexOf(after);
    if (end > 0) return rest.slice(0, end);
  }
  return undefined;
}
