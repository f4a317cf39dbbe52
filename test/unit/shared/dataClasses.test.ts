import { describe, expect, it } from 'vitest';
import { dataClassOf, dataClassTags } from '../../../functions/shared/dataClasses';

describe('Function: dataClassOf', () => {
  it.each([
    ['cases/C/contacts/k/recording.json', 'recording-info'],
    ['cases/C/contacts/k/transcript.json', 'transcript'],
    ['unredacted/cases/C/contacts/k/transcript.json', 'unredacted-transcript'],
    ['cases/C/contacts/k/translation.de.json', 'translation'],
    ['cases/C/contacts/k/summary-draft.json', 'summary'],
    ['cases/C/contacts/k/summary.json', 'summary'],
    ['cases/C/contacts/k/handoff/ingest.json', 'handoff'],
    ['errors/ingest/objects/abc.json', 'error-record'],
    ['erasure-receipts/abc/req-1.json', 'erasure-receipt'],
    ['cases/C/contacts/k/live/0000012340-0.json', 'live-segment'],
    ['cases/C/contacts/k/live-views.json', 'live-segment'],
    ['cases/C/access-log/2026-12-04T10-00-00-000Z-5f0c.json', 'access-log'],
  ])('classifies %s as %s', (key, expected) => {
    expect(dataClassOf(key)).toBe(expected);
  });

  it('leaves unknown keys untagged', () => {
    expect(dataClassTags('something/else.txt')).toBeUndefined();
    expect(dataClassTags('cases/C/contacts/k/summary.json')).toEqual({
      'callbrief:class': 'summary',
    });
  });
});
