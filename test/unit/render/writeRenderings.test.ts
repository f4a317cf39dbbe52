import { describe, expect, it } from 'vitest';
import { recordContactInCase } from '../../../functions/core/caseRollup/recordContactInCase';
import { writeRenderings } from '../../../functions/core/render/writeRenderings';
import { CASE_ID, stageContext, summaryFor, textMemoryStore } from '../caseRollup/fixtures';

const published = (contactId: string) => ({
  pointer: {
    bucket: 'callbrief-results',
    key: `cases/${CASE_ID}/contacts/${contactId}/summary.json`,
  },
  sha256: 'd'.repeat(64),
});

describe('Function: writeRenderings', () => {
  it('renders the case overview again when case.json changed while it was being rendered', async () => {
    // Prepare: another publisher adds call-2 just as this one writes its overview of call-1 alone
    const store = textMemoryStore();
    const { ctx } = stageContext(store);
    const first = summaryFor('call-1', [], '2026-11-22T09:00:00.000Z');
    const second = summaryFor('call-2', [], '2026-11-22T10:00:00.000Z');
    await recordContactInCase(ctx, first, published('call-1'));
    let raced = false;
    const putText = store.putText.bind(store);
    store.putText = async (bucket: string, key: string, text: string, contentType: string) => {
      if (!raced && key.endsWith('/case.de.md')) {
        raced = true;
        await recordContactInCase(ctx, second, published('call-2'));
      }
      return putText(bucket, key, text, contentType);
    };

    // Act
    const written = await writeRenderings(ctx, first);

    // Assess
    expect(raced).toBe(true);
    expect(store.text(`cases/${CASE_ID}/case.de.md`)).toContain('call-2');
    expect(store.text(`cases/${CASE_ID}/case.de.html`)).toContain('call-2');
    expect(written).toEqual([
      `cases/${CASE_ID}/contacts/call-1/summary.de.md`,
      `cases/${CASE_ID}/contacts/call-1/summary.de.html`,
      `cases/${CASE_ID}/contacts/call-1/summary.en.md`,
      `cases/${CASE_ID}/contacts/call-1/summary.en.html`,
      `cases/${CASE_ID}/case.de.md`,
      `cases/${CASE_ID}/case.de.html`,
    ]);
  });
});
