import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localCaseIdMac } from '../../../functions/core/erasure/caseIdMac';
import {
  type ErasureContext,
  eraseCase,
  receiptKey,
} from '../../../functions/core/erasure/eraseCase';
import type { EraseRequest } from '../../../functions/core/erasure/eraseRequest';
import { erasureMarkerKey } from '../../../functions/core/erasure/erasureMarker';
import { VersionedMemoryStore } from '../../support/versionedMemoryStore';

const REC = 'recordings-bucket';
const RES = 'results-bucket';
const CASE = 'C-ERASE-1';
const request: EraseRequest = {
  type: 'erase-case',
  case_id: CASE,
  request_id: 'r-1',
  requested_by: 'case-system-a',
};
const silent = { info() {}, warn() {}, error() {} };

function setup(now = new Date('2026-12-03T10:00:00Z')) {
  const store = new VersionedMemoryStore();
  const requeued: Array<{ request: EraseRequest; delaySeconds: number }> = [];
  const clock = { now };
  const ctx: ErasureContext = {
    store,
    recordingsBucket: REC,
    resultsBucket: RES,
    log: silent,
    now: () => clock.now,
    caseIdMac: localCaseIdMac(randomBytes(32)),
    requeue: async (queued, delaySeconds) => {
      requeued.push({ request: queued, delaySeconds });
    },
    secondSweepDelaySeconds: 660,
  };
  const info = (key: string) =>
    JSON.stringify({ case_id: CASE, source: { bucket: REC, key }, contact_id: 'k1' });
  // A recording overwritten once and its sidecar; a transcript with an old version and a
  // delete marker on top; an error record under the case naming a rejected upload.
  store.put(REC, 'recordings/a.wav', 'audio-1');
  store.put(REC, 'recordings/a.wav', 'audio-2');
  store.put(REC, 'recordings/a.wav.meta.json', `{"case_id":"${CASE}"}`);
  store.put(REC, 'recordings/bad.wav', 'not audio');
  store.put(REC, 'recordings/keep.wav', 'other case');
  store.put(RES, `cases/${CASE}/contacts/k1/recording.json`, info('recordings/a.wav'));
  store.put(RES, `cases/${CASE}/contacts/k1/transcript.json`, `{"text":"${CASE} old"}`);
  store.put(RES, `cases/${CASE}/contacts/k1/transcript.json`, `{"text":"${CASE} new"}`);
  store.deleteObject(RES, `cases/${CASE}/contacts/k1/transcript.json`);
  store.put(
    RES,
    `errors/ingest/cases/${CASE}/objects/x.json`,
    JSON.stringify({ case_id: CASE, input: { bucket: REC, key: 'recordings/bad.wav' } }),
  );
  store.put(RES, 'cases/KEEP/contacts/k9/summary.json', '{}');
  return { store, ctx, requeued, clock };
}

describe('Function: eraseCase', () => {
  it('deletes every version and delete marker of the case and its uploads, keeping others', async () => {
    // Prepare
    const { store, ctx } = setup();

    // Act
    const receipt = await eraseCase(ctx, request);

    // Assess
    const left = store
      .everything()
      .filter(({ id, text }) => id.includes(CASE) || text.includes(CASE));
    expect(left).toEqual([]);
    expect(receipt?.deleted).toEqual({ recordings_bucket: 4, results_bucket: 5 });
    expect(await store.head(REC, 'recordings/keep.wav')).toBeDefined();
    expect(await store.head(RES, 'cases/KEEP/contacts/k9/summary.json')).toBeDefined();
  });

  it('writes the marker first, names the case by HMAC only, and queues the second sweep', async () => {
    const { store, ctx, requeued } = setup();

    const receipt = await eraseCase(ctx, request);

    const hmac = await ctx.caseIdMac(CASE);
    expect(receipt?.case_id_hmac).toBe(hmac);
    expect(hmac).not.toBe(createHash('sha256').update(CASE).digest('hex'));
    expect(await store.head(RES, erasureMarkerKey(hmac))).toBeDefined();
    expect(JSON.stringify(receipt)).not.toContain(CASE);
    expect(requeued).toEqual([
      {
        request: { ...request, second_sweep_at: '2026-12-03T10:11:00.000Z' },
        delaySeconds: 660,
      },
    ]);
  });

  it('removes in the second sweep what a stage wrote after the first', async () => {
    const { store, ctx, requeued, clock } = setup();
    await eraseCase(ctx, request);
    // A stage that checked the marker just before it appeared finishes its write.
    store.put(RES, `cases/${CASE}/contacts/k1/translation.de.json`, `{"case":"${CASE}"}`);

    clock.now = new Date('2026-12-03T10:11:00Z');
    const swept = await eraseCase(ctx, requeued[0]?.request ?? request);

    expect(swept?.second_sweep?.deleted).toEqual({ recordings_bucket: 0, results_bucket: 1 });
    expect(store.everything().filter(({ id }) => id.includes(CASE))).toEqual([]);
    expect(await store.getJson(RES, await receiptKey(ctx, request))).toEqual(swept);
  });

  it('queues a second sweep that arrives early again for the rest of the wait', async () => {
    const { ctx, requeued } = setup();
    await eraseCase(ctx, request);

    const early = await eraseCase(ctx, { ...request, second_sweep_at: '2026-12-03T10:30:00.000Z' });

    expect(early).toBeUndefined();
    expect(requeued.at(-1)?.delaySeconds).toBe(900);
  });

  it('is idempotent per request: a repeat returns the receipt and deletes nothing', async () => {
    const { store, ctx } = setup();
    const first = await eraseCase(ctx, request);
    store.put(REC, 'recordings/late.wav', 'late');

    const again = await eraseCase(ctx, request);

    expect(again).toEqual(first);
    expect(await store.head(REC, 'recordings/late.wav')).toBeDefined();
  });
});
