import type { ContactRef } from '../../functions/shared/documents';

/**
 * Where the bridge in the stack leaves a call's two view links for the case system or the
 * workspace to hand out: beside the contact's artifacts (erased with the case), not in a log.
 * Outside `live/`, which holds only live segments.
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
