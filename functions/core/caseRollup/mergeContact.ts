import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type CompletedStep, type NextStep, SCHEMA_VERSION } from '../../shared/documents';
import type { CaseContact, CaseNextStep, CaseRollup } from './caseRollupDocument';

/** A contact as it enters the roll-up: its entry and the next steps its summary agreed. */
export interface ContactUpdate {
  contact: CaseContact;
  nextSteps: NextStep[];
  /** Open steps of the case this contact reports done. */
  completedSteps?: CompletedStep[];
}

const normalise = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');

/** Identical steps (owner, action ignoring case and spacing, due) share one id. */
export function stepId(step: NextStep): string {
  const identity = [step.owner, normalise(step.action).toLowerCase(), normalise(step.due ?? '')];
  return createHash('sha256').update(identity.join('\n')).digest('hex').slice(0, 16);
}

export function emptyRollup(caseId: string, now: Date): CaseRollup {
  return {
    schema_version: SCHEMA_VERSION,
    case_id: caseId,
    status: 'no-open-steps',
    contacts: [],
    next_steps: [],
    ai_generated: true,
    updated_at: now.toISOString(),
  };
}

const startOf = (contact: CaseContact) => Date.parse(contact.started_at ?? contact.received_at);

/**
 * Order of the contacts' own start (the call time, not when the pipeline got to them); ties by
 * id (code units, not locale), so every worker sorts alike.
 */
function byTime(a: CaseContact, b: CaseContact): number {
  const difference = startOf(a) - startOf(b);
  if (difference !== 0) return difference;
  return a.contact_id < b.contact_id ? -1 : a.contact_id > b.contact_id ? 1 : 0;
}

/** Removes a contact's earlier entry and its share of the steps (it is being replaced). */
function withoutContact(rollup: CaseRollup, contactId: string): CaseRollup {
  const next_steps = rollup.next_steps.flatMap((step) => {
    const mentioned_in = step.mentioned_in.filter((id) => id !== contactId);
    if (mentioned_in.length === 0) return [];
    const kept = { ...step, mentioned_in, contact_id: mentioned_in[0] ?? step.contact_id };
    if (step.closed_by?.contact_id !== contactId) return [kept];
    // Its report of the step being done goes with it: the step is open again.
    const { closed_by, ...open } = kept;
    return [{ ...open, status: 'open' as const }];
  });
  return {
    ...rollup,
    contacts: rollup.contacts.filter((c) => c.contact_id !== contactId),
    next_steps,
  };
}

/**
 * Adds (or replaces) one contact. The result depends only on the set of contacts merged, not on
 * the order they arrive in, because parallel publishers of one case merge in any order: contacts
 * and steps are kept in time order, a step belongs to the earliest contact that agreed it, and
 * re-merging an unchanged contact returns the roll-up unchanged (same object).
 */
export function mergeContact(rollup: CaseRollup, update: ContactUpdate, now: Date): CaseRollup {
  const { contact } = update;
  const earlier = rollup.contacts.find((c) => c.contact_id === contact.contact_id);
  if (earlier && isDeepStrictEqual(earlier, contact)) return rollup;
  const base = earlier ? withoutContact(rollup, contact.contact_id) : rollup;
  const contacts = [...base.contacts, contact].sort(byTime);
  const order = new Map(contacts.map((c, i) => [c.contact_id, i]));
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;

  const steps = new Map(base.next_steps.map((s) => [s.step_id, s]));
  const owned: string[] = [];
  for (const step of update.nextSteps) {
    const id = stepId(step);
    if (owned.includes(id)) continue;
    const known = steps.get(id);
    const mentioned_in = [...new Set([...(known?.mentioned_in ?? []), contact.contact_id])].sort(
      (a, b) => rank(a) - rank(b),
    );
    const origin = mentioned_in[0] ?? contact.contact_id;
    if (origin === contact.contact_id) {
      // This contact is (now) the earliest to agree the step: its wording is the one shown.
      const { action, owner, due, due_date } = step;
      steps.set(id, {
        step_id: id,
        action: normalise(action),
        owner,
        ...(due ? { due: normalise(due) } : {}),
        ...(due_date ? { due_date } : {}),
        contact_id: origin,
        mentioned_in,
        status: known?.status ?? 'open',
        ...(known?.closed_by ? { closed_by: known.closed_by } : {}),
      });
      owned.push(id);
    } else if (known) {
      steps.set(id, { ...known, mentioned_in });
    }
  }
  closeSteps(steps, update, rank);
  // Steps of one contact stay together in the order agreed; contacts in time order.
  const ownedSteps = owned.map((id) => steps.get(id) as CaseNextStep);
  const next_steps = [
    ...[...steps.values()].filter((s) => !owned.includes(s.step_id)),
    ...ownedSteps,
  ].sort((a, b) => rank(a.contact_id) - rank(b.contact_id));
  return {
    ...base,
    status: next_steps.some((s) => s.status === 'open') ? 'open' : 'no-open-steps',
    contacts,
    next_steps,
    updated_at: now.toISOString(),
  };
}

/**
 * A step the contact reports done is closed by it when the contact started after the one that
 * agreed the step; of several such reports the earliest contact's stands, whatever the order
 * they are merged in.
 */
function closeSteps(
  steps: Map<string, CaseNextStep>,
  update: ContactUpdate,
  rank: (id: string) => number,
): void {
  const closer = update.contact.contact_id;
  for (const done of update.completedSteps ?? []) {
    const step = steps.get(done.step_id);
    if (!step || rank(closer) <= rank(step.contact_id)) continue;
    if (step.closed_by && rank(step.closed_by.contact_id) <= rank(closer)) continue;
    steps.set(step.step_id, {
      ...step,
      status: 'done',
      closed_by: {
        contact_id: closer,
        method: done.method,
        ...(done.evidence ? { evidence: done.evidence } : {}),
      },
    });
  }
}
