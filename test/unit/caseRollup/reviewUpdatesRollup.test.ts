import { describe, expect, it } from 'vitest';
import type { CaseRollup } from '../../../functions/core/caseRollup/caseRollupDocument';
import { caseRollupKey } from '../../../functions/core/caseRollup/caseRollupDocument';
import { recordContactInCase } from '../../../functions/core/caseRollup/recordContactInCase';
import { correctedSummaryKey, reviewSummary } from '../../../functions/core/review/reviewSummary';
import { artifactKey } from '../../../functions/shared/artifactKeys';
import { isValid } from '../../../functions/shared/schemas';
import { MemoryObjectStore } from '../../support/memoryObjectStore';
import { BUCKET, CASE_ID, recordingFor, stageContext, summaryFor } from './fixtures';

describe('Function: reviewSummary and the case roll-up', () => {
  it('replaces the contact and its steps with the corrected summary in case.json', async () => {
    // Prepare: a published call agreed two steps
    const store = new MemoryObjectStore();
    const { ctx } = stageContext(store);
    const steps = [
      { action: 'Mietvertrag hochladen', owner: 'citizen' as const, due: 'bis Freitag' },
      { action: 'Bescheid schicken', owner: 'authority' as const },
    ];
    const summary = summaryFor('call-1', steps);
    await store.putJson(BUCKET, artifactKey(summary, 'summary'), summary);
    await store.putJson(
      BUCKET,
      artifactKey(summary, 'recording'),
      recordingFor('call-1', '2026-12-02T09:00:00Z'),
    );
    await recordContactInCase(ctx, summary, {
      pointer: { bucket: BUCKET, key: artifactKey(summary, 'summary') },
      sha256: 'a'.repeat(64),
    });

    // Act: the case worker removes the first step
    await reviewSummary(ctx, {
      type: 'review-summary',
      case_id: CASE_ID,
      contact_id: 'call-1',
      decision: 'corrected',
      reviewed_by: 'caseworker-17',
      summary: { ...summary.summary, next_steps: [steps[1] as (typeof steps)[number]] },
    });

    // Assess
    const rollup = (await store.getJson<CaseRollup>(BUCKET, caseRollupKey(CASE_ID))) as CaseRollup;
    expect(rollup.next_steps.map((s) => s.action)).toEqual(['Bescheid schicken']);
    expect(rollup.contacts).toHaveLength(1);
    expect(rollup.contacts[0]?.summary.key).toBe(
      correctedSummaryKey({ case_id: CASE_ID, contact_id: 'call-1' }),
    );
    expect(isValid('case-rollup', rollup)).toBe(true);
  });
});
