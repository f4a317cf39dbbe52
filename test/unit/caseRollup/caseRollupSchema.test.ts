import { describe, expect, it } from 'vitest';
import type {
  CaseContact,
  CaseNextStep,
  CaseRollup,
} from '../../../functions/core/caseRollup/caseRollupDocument';
import { stepId } from '../../../functions/core/caseRollup/mergeContact';
import { SCHEMA_VERSION } from '../../../functions/shared/documents';
import { schemaProblems } from '../../../functions/shared/schemas';
import { planFor } from '../../../scripts/validate-documents';
import { example } from '../schemas/examples';

/** Every optional field made required: a field added to the types must be added here too. */
type Complete<T> = T extends readonly (infer U)[]
  ? Complete<U>[]
  : T extends object
    ? { [K in keyof T]-?: Complete<T[K]> }
    : T;

const contact: Complete<CaseContact> = {
  contact_id: 'call-1',
  channel: 'call',
  received_at: '2026-11-22T09:37:12.000Z',
  started_at: '2026-11-22T09:30:00.000Z',
  languages: { spoken: 'ar', case_worker: 'de', caller: 'ar' },
  reason_for_contact: 'Verlängerung des Aufenthaltstitels',
  summary: {
    bucket: 'callbrief-results',
    key: 'cases/C-1/contacts/call-1/summary.json',
    version_id: 'v1',
  },
  sha256: 'c'.repeat(64),
};
const step: Complete<CaseNextStep> = {
  step_id: '0123456789abcdef',
  action: 'Pass vorlegen',
  owner: 'citizen',
  due: 'by Tuesday',
  due_date: '2026-12-01',
  contact_id: 'call-1',
  mentioned_in: ['call-1'],
  status: 'done',
  closed_by: { contact_id: 'chat-2', method: 'term-overlap', evidence: 'Pass hochgeladen' },
};
const complete: Complete<CaseRollup> = {
  schema_version: SCHEMA_VERSION,
  case_id: 'C-1',
  status: 'open',
  contacts: [contact],
  next_steps: [step],
  ai_generated: true,
  updated_at: '2026-11-22T09:40:00.000Z',
};
const minimal: CaseRollup = { ...complete, status: 'no-open-steps', contacts: [], next_steps: [] };

describe('Schema: case-rollup', () => {
  it.each([
    ['complete', complete],
    ['minimal', minimal],
  ])('accepts a %s document typed as in caseRollupDocument.ts', (_, doc) => {
    expect(schemaProblems('case-rollup', doc)).toEqual([]);
  });

  it('rejects unknown fields, a channel it does not know and a contact without a checksum', () => {
    // Prepare
    const { sha256: _, ...withoutSha } = contact;
    const doc = { ...complete, extra: 1, contacts: [{ ...withoutSha, channel: 'fax' }] };

    // Act
    const problems = schemaProblems('case-rollup', doc);

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        '/extra: is not allowed',
        '/contacts/0/sha256: is required',
        '/contacts/0/channel: must be one of "call", "chat", "email"',
      ]),
    );
  });

  it("the example's step ids are the ids the pipeline derives", () => {
    // Prepare
    const doc = example('case-rollup') as unknown as CaseRollup;

    // Assess
    for (const s of doc.next_steps) expect(s.step_id).toBe(stepId(s));
  });

  it('validate-documents recognises cases/<case>/case.json', () => {
    expect(planFor('out/cases/C-1/case.json')).toEqual({
      action: 'validate',
      kind: 'case-rollup',
      lines: false,
    });
    expect(planFor('out/cases/C-1/contacts/case.json').action).not.toBe('validate');
  });
});
