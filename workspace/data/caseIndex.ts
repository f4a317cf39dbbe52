import { type CaseRollup, caseRollupKey } from '../../functions/core/caseRollup/caseRollupDocument';
import type { ObjectStore } from '../../functions/shared/ports';
import { runningCallsAmong } from './runningCalls';

/** One row of the case list, built from the case's roll-up and the keys under its prefix. */
export interface CaseListEntry {
  caseId: string;
  contacts: number;
  lastContactAt?: string;
  firstContactAt?: string;
  callerLanguages: string[];
  /** `pending` while any contact with a summary has no review decision. */
  review: 'pending' | 'reviewed';
  openSteps: number;
  /** Calls of the case the live bridge is taking now (runningCalls.ts). */
  runningCalls: number;
}

export interface CaseFilter {
  caseId?: string;
  /** yyyy-mm-dd, inclusive, on the contacts' received_at. */
  from?: string;
  to?: string;
  language?: string;
  review?: 'pending' | 'reviewed';
  steps?: 'open' | 'none';
}

// A running call's view links make a case appear before its first summary.
const CASE_KEY =
  /^cases\/([^/]+)\/(case\.json|contacts\/([^/]+)\/(summary|review|live-views)\.json)$/;

/**
 * Every case in the results bucket. The object-store port lists by prefix only, so one listing
 * of `cases/` tells which contacts have a summary and which a review; each case's roll-up then
 * gives dates, languages and open steps.
 */
export async function listCases(store: ObjectStore, bucket: string): Promise<CaseListEntry[]> {
  const found = new Map<
    string,
    { summaries: Set<string>; reviews: Set<string>; liveViews: Set<string> }
  >();
  for (const { key } of await store.listVersions(bucket, 'cases/')) {
    const match = CASE_KEY.exec(key);
    if (!match?.[1]) continue;
    const entry = found.get(match[1]) ?? {
      summaries: new Set(),
      reviews: new Set(),
      liveViews: new Set(),
    };
    found.set(match[1], entry);
    if (match[4] === 'summary' && match[3]) entry.summaries.add(match[3]);
    if (match[4] === 'review' && match[3]) entry.reviews.add(match[3]);
    if (match[4] === 'live-views' && match[3]) entry.liveViews.add(match[3]);
  }
  const entries = await Promise.all(
    [...found].map(async ([caseId, keys]): Promise<CaseListEntry> => {
      const [rollup, running] = await Promise.all([
        store.getJson<CaseRollup>(bucket, caseRollupKey(caseId)),
        runningCallsAmong(store, bucket, caseId, {
          withLinks: keys.liveViews,
          summarized: keys.summaries,
        }),
      ]);
      const times = (rollup?.contacts ?? []).map((c) => c.received_at).sort();
      const unreviewed = [...keys.summaries].filter((id) => !keys.reviews.has(id));
      return {
        caseId,
        contacts: Math.max(rollup?.contacts.length ?? 0, keys.summaries.size),
        firstContactAt: times[0],
        lastContactAt: times.at(-1),
        callerLanguages: [
          ...new Set((rollup?.contacts ?? []).map((c) => c.languages.caller)),
        ].sort(),
        review: unreviewed.length > 0 ? 'pending' : 'reviewed',
        openSteps: (rollup?.next_steps ?? []).filter((s) => s.status === 'open').length,
        runningCalls: running.length,
      };
    }),
  );
  return entries.sort((a, b) => (b.lastContactAt ?? '').localeCompare(a.lastContactAt ?? ''));
}

export function filterCases(entries: CaseListEntry[], filter: CaseFilter): CaseListEntry[] {
  const needle = filter.caseId?.trim().toLowerCase();
  const language = filter.language?.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!needle || e.caseId.toLowerCase().includes(needle)) &&
      (!filter.from || (e.lastContactAt ?? '') >= filter.from) &&
      (!filter.to || (e.firstContactAt ?? '9999').slice(0, 10) <= filter.to) &&
      (!language || e.callerLanguages.some((l) => l.toLowerCase().startsWith(language))) &&
      (!filter.review || e.review === filter.review) &&
      (!filter.steps || (filter.steps === 'open' ? e.openSteps > 0 : e.openSteps === 0)),
  );
}
