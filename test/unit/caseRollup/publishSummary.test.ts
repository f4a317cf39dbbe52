import { describe, expect, it } from 'vitest';
import type { CaseRollup } from '../../../functions/core/caseRollup/caseRollupDocument';
import { publishSummary } from '../../../functions/core/publishSummary';
import { artifactKey } from '../../../functions/shared/artifactKeys';
import type { StageMessage } from '../../../functions/shared/documents';
import { isValid } from '../../../functions/shared/schemas';
import type { MemoryObjectStore } from '../../support/memoryObjectStore';
import {
  BUCKET,
  CASE_ID,
  recordingFor,
  stageContext,
  summaryFor,
  textMemoryStore,
} from './fixtures';

const ref = { case_id: CASE_ID, contact_id: 'call-1' };
const message: StageMessage = {
  ...ref,
  artifact: { bucket: BUCKET, key: artifactKey(ref, 'summary-draft') },
};

function prepare(store: MemoryObjectStore, withRecording = true) {
  const steps = [{ action: 'Mietvertrag hochladen', owner: 'citizen' as const }];
  store.put(BUCKET, artifactKey(ref, 'summary-draft'), JSON.stringify(summaryFor('call-1', steps)));
  if (withRecording) {
    const recording = recordingFor('call-1', '2026-11-22T09:37:12.000Z');
    store.put(BUCKET, artifactKey(ref, 'recording'), JSON.stringify(recording));
  }
}

describe('Function: publishSummary, with case roll-up and renderings', () => {
  it('adds the contact to case.json and writes the readable renderings before notifying', async () => {
    // Prepare
    const store = textMemoryStore();
    prepare(store);
    const { ctx, send } = stageContext(store);

    // Act
    const { notification } = await publishSummary(ctx, message);

    // Assess
    const rollup = await store.getJson<CaseRollup>(BUCKET, `cases/${CASE_ID}/case.json`);
    expect(isValid('case-rollup', rollup)).toBe(true);
    expect(rollup?.contacts).toEqual([
      expect.objectContaining({
        contact_id: 'call-1',
        received_at: '2026-11-22T09:37:12.000Z',
        summary: notification.summary,
        sha256: notification.sha256,
      }),
    ]);
    const contactDir = `cases/${CASE_ID}/contacts/call-1`;
    for (const key of [
      `${contactDir}/summary.de.md`,
      `${contactDir}/summary.de.html`,
      `${contactDir}/summary.en.md`,
      `${contactDir}/summary.en.html`,
      `cases/${CASE_ID}/case.de.md`,
      `cases/${CASE_ID}/case.de.html`,
    ]) {
      expect(store.text(key)).not.toBe('');
    }
    expect(store.text(`${contactDir}/summary.de.md`)).toContain(
      'KI-generiert — Prüfung ausstehend',
    );
    expect(store.text(`${contactDir}/summary.en.md`)).toContain('AI-generated — pending review');
    expect(store.contentTypes.get(`cases/${CASE_ID}/case.de.html`)).toBe(
      'text/html; charset=utf-8',
    );
    expect(store.text(`cases/${CASE_ID}/case.de.md`)).toContain('Mietvertrag hochladen');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('neither lists nor announces a re-published contact twice', async () => {
    // Prepare
    const store = textMemoryStore();
    prepare(store);
    const { ctx, send } = stageContext(store);
    await publishSummary(ctx, message);
    const before = store.text(`cases/${CASE_ID}/case.json`);

    // Act
    const { reused } = await publishSummary(ctx, message);

    // Assess
    expect(reused).toBe(true);
    expect(store.text(`cases/${CASE_ID}/case.json`)).toBe(before);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("dates the contact by the summary's creation when recording.json is missing", async () => {
    // Prepare
    const store = textMemoryStore();
    prepare(store, false);
    const { ctx } = stageContext(store);

    // Act
    await publishSummary(ctx, message);

    // Assess
    const rollup = await store.getJson<CaseRollup>(BUCKET, `cases/${CASE_ID}/case.json`);
    expect(rollup?.contacts[0]?.received_at).toBe('2026-11-22T09:39:02.114Z');
  });
});
