import { describe, expect, it } from 'vitest';
import { artifactKey } from '../../../functions/shared/artifactKeys';
import { LiveViewLinksRecord, liveViewLinksKey } from '../../../live/views/liveViewLinks';
import { listCases } from '../../../workspace/data/caseIndex';
import { readRunningCalls } from '../../../workspace/data/runningCalls';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const BUCKET = 'results';
const links = (n: number) => ({ caseWorker: `/live/h${n}.w.m`, citizen: `/live/h${n}.c.m` });

describe('Class: LiveViewLinksRecord', () => {
  it('stores the links when a call opens and marks them ended when it ends, in that order', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const record = new LiveViewLinksRecord(store, BUCKET, () => 'https://live.example.org');
    const ref = { case_id: 'CASE-1', contact_id: 'c-1' };

    // Act: the call ends before the opening write could have finished
    record.opened(ref, links(1));
    record.ended(ref);
    await record.flush();

    // Assess
    const stored = await store.getJson<Record<string, string>>(BUCKET, liveViewLinksKey(ref));
    expect(stored).toMatchObject({
      case_worker: 'https://live.example.org/live/h1.w.m',
      citizen: 'https://live.example.org/live/h1.c.m',
      valid_until: 'call-end',
    });
    expect(stored?.ended_at).toBeDefined();
  });

  it('logs a failed write by its name only and lets the call go on', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    store.putJson = async () => {
      throw Object.assign(new Error('secret detail'), { name: 'AccessDenied' });
    };
    const logged: unknown[] = [];
    const record = new LiveViewLinksRecord(
      store,
      BUCKET,
      () => '',
      (event, detail) => logged.push({ event, ...detail }),
    );

    // Act
    record.opened({ case_id: 'CASE-1', contact_id: 'c-1' }, links(1));
    await record.flush();

    // Assess
    expect(logged).toEqual([{ event: 'view-links-failed', error: 'AccessDenied' }]);
  });
});

describe('Function: readRunningCalls', () => {
  it('lists the calls whose links are neither ended nor superseded by a summary', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const record = new LiveViewLinksRecord(store, BUCKET, () => '');
    const ref = (contact_id: string) => ({ case_id: 'CASE-1', contact_id });
    record.opened(ref('running'), links(1));
    record.opened(ref('ended'), links(2));
    record.ended(ref('ended'));
    record.opened(ref('summarized'), links(3));
    record.opened({ case_id: 'CASE-2', contact_id: 'other' }, links(4));
    await record.flush();
    await store.putJson(BUCKET, artifactKey(ref('summarized'), 'summary'), {});

    // Act
    const running = await readRunningCalls(store, BUCKET, 'CASE-1');
    const listed = await listCases(store, BUCKET);

    // Assess
    expect(running.map((r) => [r.contact_id, r.citizen])).toEqual([['running', '/live/h1.c.m']]);
    // The case list counts the same, and shows a case whose only contact is a running call.
    expect(listed.map((c) => [c.caseId, c.runningCalls]).sort()).toEqual([
      ['CASE-1', 1],
      ['CASE-2', 1],
    ]);
  });
});
