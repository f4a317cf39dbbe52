import type { ContactRef } from '../../functions/shared/documents';
import type { ObjectStore } from '../../functions/shared/ports';

/**
 * Where the bridge leaves a call's two view links for the case system and the workspace to hand
 * out: beside the contact's artifacts (erased with the case), never in a log. Outside `live/`,
 * which holds only live segments.
 */
export const liveViewLinksKey = (ref: ContactRef) =>
  `cases/${ref.case_id}/contacts/${ref.contact_id}/live-views.json`;

export interface LiveViewLinks {
  case_id: string;
  contact_id: string;
  /** Absolute when the bridge knows its public address, else paths under it. */
  case_worker: string;
  citizen: string;
  /** The links answer 410 Gone once the call ends. */
  valid_until: 'call-end';
  created_at: string;
  /** Set when the call ended: the links no longer work. */
  ended_at?: string;
}

export function liveViewLinks(
  ref: ContactRef,
  links: { caseWorker: string; citizen: string },
  publicUrl: string | undefined,
  now: Date,
): LiveViewLinks {
  const base = publicUrl ?? '';
  return {
    case_id: ref.case_id,
    contact_id: ref.contact_id,
    case_worker: `${base}${links.caseWorker}`,
    citizen: `${base}${links.citizen}`,
    valid_until: 'call-end',
    created_at: now.toISOString(),
  };
}

/**
 * Keeps `live-views.json` in step with the views: written when a call's views open, marked
 * ended when they close (a put, not a delete: the bridge's role may only write there). The end
 * waits for the opening write, so a short call cannot leave a document that looks running.
 * A failed write is logged by name only and never stops the call.
 */
export class LiveViewLinksRecord {
  private readonly writes = new Map<string, { document: LiveViewLinks; done: Promise<void> }>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly bucket: string,
    private readonly publicUrl: () => string | undefined,
    private readonly log: (event: string, detail: Record<string, unknown>) => void = () => {},
  ) {}

  opened(ref: ContactRef, links: { caseWorker: string; citizen: string }): void {
    const document = liveViewLinks(ref, links, this.publicUrl(), new Date());
    const before = this.writes.get(refKey(ref))?.done ?? Promise.resolve();
    this.writes.set(refKey(ref), {
      document,
      done: this.track(before.then(() => this.put(ref, document))),
    });
  }

  ended(ref: ContactRef): void {
    const entry = this.writes.get(refKey(ref));
    if (!entry) return;
    this.writes.delete(refKey(ref));
    const document = { ...entry.document, ended_at: new Date().toISOString() };
    this.track(entry.done.then(() => this.put(ref, document)));
  }

  /** Resolves when every write so far has been made (or has failed and been logged). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private track(write: Promise<void>): Promise<void> {
    this.pending.add(write);
    void write.then(() => this.pending.delete(write));
    return write;
  }

  private async put(ref: ContactRef, document: LiveViewLinks): Promise<void> {
    try {
      await this.store.putJson(this.bucket, liveViewLinksKey(ref), document);
    } catch (error) {
      this.log('view-links-failed', { error: (error as Error).name });
    }
  }
}

const refKey = (ref: ContactRef) => `${ref.case_id}/${ref.contact_id}`;
