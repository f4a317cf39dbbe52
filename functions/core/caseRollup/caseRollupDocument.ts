import type { CaseSummary, NextStep, ObjectPointer } from '../../shared/documents';

/**
 * `cases/<caseId>/case.json`: every contact of a case in time order and the next steps still to
 * be done, so a case worker (or case system) sees the whole matter, not one call at a time.
 * Schema: schemas/case-rollup.schema.json. Lives here, not in documents.ts, until that file is
 * free to take it.
 */

export type ContactChannel = 'call' | 'chat' | 'email';

/** One contact of the case, as the case roll-up lists it. */
export interface CaseContact {
  contact_id: string;
  channel: ContactChannel;
  /** When the recording (or message) was received; orders the contacts. */
  received_at: string;
  /** When the contact started (call time, chat start); orders the contacts when known. */
  started_at?: string;
  languages: CaseSummary['languages'];
  /** In the case worker's language, as in the contact's summary. */
  reason_for_contact: string;
  summary: ObjectPointer;
  /** SHA-256 of the stored summary bytes, as announced on the summary-ready queue. */
  sha256: string;
}

/**
 * A next step carried forward from the contact that first agreed it. `status` is `open` when
 * the pipeline writes it; `done` is reserved for a later "done" marking, which sets it in place.
 */
export interface CaseNextStep extends NextStep {
  /** Stable id of the step (same owner, action and due date -> same id), for a later marking. */
  step_id: string;
  /** The earliest contact that agreed the step. */
  contact_id: string;
  /** Every contact that agreed it, in time order: a repeated step is listed once. */
  mentioned_in: string[];
  status: 'open' | 'done';
  /** The later contact that reported the step done, and how that was found. */
  closed_by?: { contact_id: string; method: 'llm' | 'term-overlap' | 'review'; evidence?: string };
}

export interface CaseRollup {
  schema_version: string;
  case_id: string;
  /** `open` while any next step is open. */
  status: 'open' | 'no-open-steps';
  contacts: CaseContact[];
  next_steps: CaseNextStep[];
  ai_generated: true;
  updated_at: string;
}

export function caseRollupKey(caseId: string): string {
  return `cases/${caseId}/case.json`;
}
