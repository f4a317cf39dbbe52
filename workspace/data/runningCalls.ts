import { artifactKey } from '../../functions/shared/artifactKeys';
import type { ContactRef } from '../../functions/shared/documents';
import type { ObjectStore } from '../../functions/shared/ports';
import { type LiveViewLinks, liveViewLinksKey } from '../../live/views/liveViewLinks';

/**
 * A call the live bridge is taking now: its view links are stored, not marked ended, and the
 * post-call pipeline has not summarized it yet (a bridge that died leaves no end mark; the
 * summary of its recording retires the links all the same).
 */
export const isRunning = (links: LiveViewLinks | undefined, hasSummary: boolean) =>
  links !== undefined && links.ended_at === undefined && !hasSummary;

/** The running calls of a case, oldest first, from one listing of the case's contacts. */
export async function readRunningCalls(
  store: ObjectStore,
  bucket: string,
  caseId: string,
): Promise<LiveViewLinks[]> {
  const prefix = `cases/${caseId}/contacts/`;
  const keys = new Set((await store.listVersions(bucket, prefix)).map((v) => v.key));
  const candidates = [...keys]
    .filter((key) => key.endsWith('/live-views.json'))
    .map((key) => key.slice(prefix.length).split('/')[0] as string)
    .map((contactId): ContactRef => ({ case_id: caseId, contact_id: contactId }))
    .filter((ref) => !keys.has(artifactKey(ref, 'summary')));
  const documents = await Promise.all(
    candidates.map((ref) => store.getJson<LiveViewLinks>(bucket, liveViewLinksKey(ref))),
  );
  return documents
    .filter((links): links is LiveViewLinks => isRunning(links, false))
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}
