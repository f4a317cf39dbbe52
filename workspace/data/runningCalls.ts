import type { ObjectStore } from '../../functions/shared/ports';
import { type LiveViewLinks, liveViewLinksKey } from '../../live/views/liveViewLinks';

/**
 * A call the live bridge is taking now: its view links are stored, not marked ended, and the
 * post-call pipeline has not summarized it yet (a bridge that died leaves no end mark; the
 * summary of its recording retires the links all the same).
 */
export const isRunning = (links: LiveViewLinks | undefined, hasSummary: boolean) =>
  links !== undefined && links.ended_at === undefined && !hasSummary;

/**
 * The running calls among a case's contacts, oldest first, given from a listing which contacts
 * have view links and which a summary: only links without a summary are read.
 */
export async function runningCallsAmong(
  store: ObjectStore,
  bucket: string,
  caseId: string,
  contacts: { withLinks: Iterable<string>; summarized: ReadonlySet<string> },
): Promise<LiveViewLinks[]> {
  const candidates = [...contacts.withLinks].filter((id) => !contacts.summarized.has(id));
  const documents = await Promise.all(
    candidates.map((contact_id) =>
      store.getJson<LiveViewLinks>(bucket, liveViewLinksKey({ case_id: caseId, contact_id })),
    ),
  );
  return documents
    .filter((links): links is LiveViewLinks => isRunning(links, false))
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}

const CONTACT_FILE = /^([^/]+)\/(live-views|summary)\.json$/;

/** The running calls of a case, from one listing of the case's contacts. */
export async function readRunningCalls(
  store: ObjectStore,
  bucket: string,
  caseId: string,
): Promise<LiveViewLinks[]> {
  const prefix = `cases/${caseId}/contacts/`;
  const withLinks = new Set<string>();
  const summarized = new Set<string>();
  for (const { key } of await store.listVersions(bucket, prefix)) {
    const [, contactId = '', file] = CONTACT_FILE.exec(key.slice(prefix.length)) ?? [];
    if (file === 'live-views') withLinks.add(contactId);
    if (file === 'summary') summarized.add(contactId);
  }
  return runningCallsAmong(store, bucket, caseId, { withLinks, summarized });
}
