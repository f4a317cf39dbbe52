import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caseIdOfKey } from '../../../functions/core/erasure/caseData';
import { localCaseIdMac } from '../../../functions/core/erasure/caseIdMac';
import {
  CaseErasedError,
  guardedQueue,
  guardedStore,
} from '../../../functions/core/erasure/erasureGuard';
import { erasureCheck, markCaseErased } from '../../../functions/core/erasure/erasureMarker';
import { isInputIndexKey } from '../../../functions/core/ingest/inputIndex';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const RES = 'results';

async function setup() {
  const raw = new MemoryObjectStore();
  const mac = localCaseIdMac(randomBytes(32));
  await markCaseErased(raw, RES, {
    case_id_hmac: await mac('GONE'),
    request_id: 'r',
    erased_at: '',
  });
  const isErased = erasureCheck(raw, RES, mac);
  return { raw, isErased, store: guardedStore(raw, RES, isErased, isInputIndexKey) };
}

describe('Function: caseIdOfKey', () => {
  it.each([
    ['cases/C-1/contacts/k/summary.json', 'C-1'],
    ['cases/C-1/case.de.html', 'C-1'],
    ['unredacted/cases/C-2/contacts/k/transcript.json', 'C-2'],
    ['errors/ingest/cases/C-3/objects/abc.json', 'C-3'],
    ['errors/publish/cases/C-4/k.json', 'C-4'],
    ['errors/ingest/objects/abc.json', undefined],
    ['errors/ingest/erased-cases/abc.json', undefined],
    ['erasure-receipts/ab12/erased.json', undefined],
  ])('maps %s to its case (%s)', (key, caseId) => {
    expect(caseIdOfKey(key)).toBe(caseId);
  });
});

describe('Function: guardedStore', () => {
  it('refuses every kind of write of an erased case', async () => {
    const { store } = await setup();
    const key = 'cases/GONE/contacts/k/translation.de.json';
    await expect(store.putJson(RES, key, {})).rejects.toBeInstanceOf(CaseErasedError);
    await expect(
      store.putText(RES, 'cases/GONE/case.de.md', '', 'text/markdown'),
    ).rejects.toBeInstanceOf(CaseErasedError);
    await expect(store.createJsonIfAbsent(RES, key, {})).rejects.toBeInstanceOf(CaseErasedError);
    await expect(store.putJsonIfMatch(RES, key, {}, '"e"')).rejects.toBeInstanceOf(CaseErasedError);
    await expect(
      store.putJson(RES, 'errors/summarize/cases/GONE/k.json', {}),
    ).rejects.toBeInstanceOf(CaseErasedError);
  });

  it('writes for other cases, outside any case, and the input index of an erased case', async () => {
    const { store, raw } = await setup();
    await store.putJson(RES, 'cases/OTHER/contacts/k/summary.json', {});
    await store.putJson(RES, 'errors/ingest/objects/abc.json', {});
    await store.putJson(RES, 'cases/GONE/inputs/abc.json', {});
    await store.putJson('recordings', 'cases/GONE/not-results.json', {});
    expect([...raw.objects.keys()]).toEqual(
      expect.arrayContaining([
        'results/cases/OTHER/contacts/k/summary.json',
        'results/errors/ingest/objects/abc.json',
        'results/cases/GONE/inputs/abc.json',
      ]),
    );
  });
});

describe('Function: guardedQueue', () => {
  it('sends no message about an erased case and passes every other one on', async () => {
    const { isErased } = await setup();
    const sent: unknown[] = [];
    const queue = guardedQueue({ send: async (_url, body) => void sent.push(body) }, isErased);

    await expect(
      queue.send('q', { type: 'case-summary-ready', case_id: 'GONE' }),
    ).rejects.toBeInstanceOf(CaseErasedError);
    await queue.send('q', { case_id: 'OTHER' });

    expect(sent).toEqual([{ case_id: 'OTHER' }]);
  });
});
