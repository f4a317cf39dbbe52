import { describe, expect, it } from 'vitest';
import type { CaseRollup } from '../../../functions/core/caseRollup/caseRollupDocument';
import {
  type ContactUpdate,
  emptyRollup,
  mergeContact,
  stepId,
} from '../../../functions/core/caseRollup/mergeContact';
import { isValid } from '../../../functions/shared/schemas';
import { CASE_ID, contact, update } from './fixtures';

const now = new Date('2026-11-25T14:00:00.000Z');
const mergeAll = (updates: ContactUpdate[]) =>
  updates.reduce((rollup, u) => mergeContact(rollup, u, now), emptyRollup(CASE_ID, now));

const sendForm = { action: 'Formular senden', owner: 'authority', due: '2026-11-30' } as const;
const upload = { action: 'Mietvertrag hochladen', owner: 'citizen' } as const;

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('Function: mergeContact', () => {
  it('lists contacts in time order and yields the same roll-up whatever the arrival order', () => {
    // Prepare: ids deliberately not in time order; c and d share a time (tie broken by id)
    const updates = [
      update('call-a', '2026-11-24T08:00:00Z', [upload]),
      update('call-b', '2026-11-20T08:00:00Z', [sendForm]),
      update('call-d', '2026-11-22T08:00:00Z', [sendForm, { ...upload, action: 'Nachweis' }]),
      update('call-c', '2026-11-22T08:00:00Z', [upload]),
    ];

    // Act
    const results = permutations(updates).map((order) => mergeAll(order));

    // Assess
    const first = results[0] as CaseRollup;
    expect(first.contacts.map((c) => c.contact_id)).toEqual([
      'call-b',
      'call-c',
      'call-d',
      'call-a',
    ]);
    for (const result of results) expect(result).toEqual(first);
    expect(isValid('case-rollup', first)).toBe(true);
  });

  it('returns the very same roll-up when an unchanged contact is merged again', () => {
    // Prepare
    const rollup = mergeAll([update('call-1', '2026-11-20T08:00:00Z', [sendForm])]);

    // Act
    const again = mergeContact(rollup, update('call-1', '2026-11-20T08:00:00Z', [sendForm]), now);

    // Assess
    expect(again).toBe(rollup);
    expect(again.contacts).toHaveLength(1);
  });

  it('lists an identical step once, under the earliest contact, naming every contact that agreed it', () => {
    // Prepare: the same step, worded with other case and spacing, in a later contact
    const restated = { ...sendForm, action: '  formular   SENDEN ' };

    // Act
    const rollup = mergeAll([
      update('call-2', '2026-11-21T08:00:00Z', [restated, upload]),
      update('call-1', '2026-11-20T08:00:00Z', [sendForm, sendForm]),
    ]);

    // Assess
    expect(rollup.next_steps).toEqual([
      {
        step_id: stepId(sendForm),
        action: 'Formular senden',
        owner: 'authority',
        due: '2026-11-30',
        contact_id: 'call-1',
        mentioned_in: ['call-1', 'call-2'],
        status: 'open',
      },
      {
        step_id: stepId(upload),
        action: 'Mietvertrag hochladen',
        owner: 'citizen',
        contact_id: 'call-2',
        mentioned_in: ['call-2'],
        status: 'open',
      },
    ]);
  });

  it('keeps steps apart that differ in owner or due date', () => {
    // Act
    const rollup = mergeAll([
      update('call-1', '2026-11-20T08:00:00Z', [
        sendForm,
        { ...sendForm, owner: 'citizen' },
        { ...sendForm, due: 'bis Freitag' },
      ]),
    ]);

    // Assess
    expect(new Set(rollup.next_steps.map((s) => s.step_id)).size).toBe(3);
  });

  it('is open while any step is open and has no open steps otherwise', () => {
    // Prepare
    const withoutSteps = mergeAll([update('call-1', '2026-11-20T08:00:00Z')]);
    const withStep = mergeContact(
      withoutSteps,
      update('call-2', '2026-11-21T08:00:00Z', [upload]),
      now,
    );
    // A later "done" marking sets the status in place; merging carries it forward.
    const marked: CaseRollup = {
      ...withStep,
      next_steps: withStep.next_steps.map((s) => ({ ...s, status: 'done' })),
    };

    // Act
    const afterMarked = mergeContact(marked, update('call-3', '2026-11-22T08:00:00Z'), now);

    // Assess
    expect(withoutSteps.status).toBe('no-open-steps');
    expect(withStep.status).toBe('open');
    expect(afterMarked.status).toBe('no-open-steps');
    expect(afterMarked.next_steps[0]?.status).toBe('done');
    expect(isValid('case-rollup', afterMarked)).toBe(true);
  });

  it('replaces a contact whose summary changed, without listing it or its steps twice', () => {
    // Prepare
    const rollup = mergeAll([
      update('call-1', '2026-11-20T08:00:00Z', [sendForm]),
      update('call-2', '2026-11-21T08:00:00Z', [sendForm, upload]),
    ]);
    const changed = {
      contact: contact('call-1', '2026-11-20T08:00:00Z', 'b'),
      nextSteps: [upload],
    };

    // Act
    const replaced = mergeContact(rollup, changed, now);

    // Assess
    expect(replaced.contacts.map((c) => [c.contact_id, c.sha256[0]])).toEqual([
      ['call-1', 'b'],
      ['call-2', 'a'],
    ]);
    expect(replaced.next_steps.map((s) => [s.action, s.contact_id, s.mentioned_in])).toEqual([
      ['Mietvertrag hochladen', 'call-1', ['call-1', 'call-2']],
      ['Formular senden', 'call-2', ['call-2']],
    ]);
  });
});
