import { describe, expect, it } from 'vitest';
import { emptyRollup, mergeContact, stepId } from '../../../functions/core/caseRollup/mergeContact';
import type { NextStep } from '../../../functions/shared/documents';
import { CASE_ID, contact } from './fixtures';

const now = new Date('2026-12-04T12:00:00Z');
const upload: NextStep = {
  action: 'Citizen uploads the rental contract by Friday',
  owner: 'citizen',
  due: 'by Friday',
  due_date: '2026-12-04',
};
const id = stepId(upload);

const call = {
  contact: { ...contact('call-1', '2026-12-02T09:10:00Z'), started_at: '2026-12-02T09:00:00Z' },
  nextSteps: [upload],
};
const chat = {
  contact: {
    ...contact('chat-2', '2026-12-03T14:05:00Z', 'b'),
    channel: 'chat' as const,
    started_at: '2026-12-03T14:00:00Z',
  },
  nextSteps: [],
  completedSteps: [{ step_id: id, method: 'term-overlap' as const, evidence: 'I uploaded it.' }],
};

describe('Function: mergeContact closing steps', () => {
  it('closes a step reported done by a later contact, naming it', () => {
    const rollup = mergeContact(mergeContact(emptyRollup(CASE_ID, now), call, now), chat, now);
    expect(rollup.next_steps).toEqual([
      expect.objectContaining({
        step_id: id,
        status: 'done',
        due_date: '2026-12-04',
        closed_by: { contact_id: 'chat-2', method: 'term-overlap', evidence: 'I uploaded it.' },
      }),
    ]);
    expect(rollup.status).toBe('no-open-steps');
  });

  it('returns the same roll-up when the closing contact is merged again', () => {
    const rollup = mergeContact(mergeContact(emptyRollup(CASE_ID, now), call, now), chat, now);
    expect(mergeContact(rollup, chat, new Date('2026-12-05T00:00:00Z'))).toBe(rollup);
  });

  it('ignores a report from a contact that started before the step was agreed', () => {
    const earlier = {
      ...chat,
      contact: { ...chat.contact, started_at: '2026-12-01T08:00:00Z' },
    };
    const rollup = mergeContact(mergeContact(emptyRollup(CASE_ID, now), call, now), earlier, now);
    expect(rollup.next_steps[0]).toMatchObject({ status: 'open' });
    expect(rollup.next_steps[0]).not.toHaveProperty('closed_by');
    expect(rollup.contacts.map((c) => c.contact_id)).toEqual(['chat-2', 'call-1']);
  });

  it('reopens the step when the closing contact is replaced without the report (a correction)', () => {
    const closed = mergeContact(mergeContact(emptyRollup(CASE_ID, now), call, now), chat, now);
    const corrected = {
      ...chat,
      contact: { ...chat.contact, sha256: 'c'.repeat(64) },
      completedSteps: [],
    };
    const rollup = mergeContact(closed, corrected, now);
    expect(rollup.next_steps[0]).toMatchObject({ status: 'open' });
    expect(rollup.next_steps[0]).not.toHaveProperty('closed_by');
    expect(rollup.status).toBe('open');
  });

  it('orders contacts by their own start time, not by when they were received', () => {
    const late = {
      contact: {
        ...contact('email-0', '2026-12-04T10:00:00Z', 'd'),
        started_at: '2026-12-01T07:00:00Z',
      },
      nextSteps: [],
    };
    const rollup = [call, chat, late].reduce(
      (r, u) => mergeContact(r, u, now),
      emptyRollup(CASE_ID, now),
    );
    expect(rollup.contacts.map((c) => c.contact_id)).toEqual(['email-0', 'call-1', 'chat-2']);
  });
});
