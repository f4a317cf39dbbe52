import { describe, expect, it } from 'vitest';
import { objectIdOf } from '../../../functions/core/ingest/inputIndex';
import { createdObjectsOf } from '../../../functions/core/ingest/objectEvents';
import { type ListKeys, reconcile } from '../../../functions/core/reconcile/reconcile';
import { encodeS3EventKey } from '../../../functions/core/reconcile/s3Notification';
import { type RedriveQueuePort, redrive } from '../../../functions/core/redrive/redrive';
import type { MessageQueue } from '../../../functions/shared/ports';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const RECORDINGS = 'rec-bucket';
const RESULTS = 'res-bucket';
const NOW = new Date('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;
const log = { info: () => {}, warn: () => {}, error: () => {} };

class FakeQueue implements MessageQueue {
  readonly sent: { url: string; body: unknown }[] = [];
  async send(url: string, body: unknown) {
    this.sent.push({ url, body });
  }
  keys(): string[] {
    return this.sent.flatMap((m) => createdObjectsOf(JSON.stringify(m.body)).map((o) => o.key));
  }
}

/** A store plus a listing with LastModified times, the way ListObjectsV2 would give them. */
function setup() {
  const store = new MemoryObjectStore();
  const modified = new Map<string, Date>();
  const put = (bucket: string, key: string, body: unknown, ageMs = 2 * HOUR) => {
    store.put(bucket, key, typeof body === 'string' ? body : JSON.stringify(body));
    modified.set(`${bucket}/${key}`, new Date(NOW.getTime() - ageMs));
  };
  const listKeys: ListKeys = async (bucket, prefix) =>
    [...store.objects.keys()]
      .filter((id) => id.startsWith(`${bucket}/${prefix}`))
      .map((id) => {
        const key = id.slice(bucket.length + 1);
        return { key, lastModified: modified.get(id) ?? NOW };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  const summarized = (key: string, caseId: string, contactId: string) => {
    const prefix = `cases/${caseId}/contacts/${contactId}/`;
    put(RESULTS, `${prefix}recording.json`, {
      case_id: caseId,
      contact_id: contactId,
      source: { bucket: RECORDINGS, key, size: 1, sha256: 'x' },
    });
    put(RESULTS, `${prefix}summary.json`, { case_id: caseId, contact_id: contactId });
  };
  const queue = new FakeQueue();
  const run = (overrides: { olderThanMs?: number; maxReenqueue?: number } = {}) =>
    reconcile(
      { store, listKeys, log },
      {
        recordingsBucket: RECORDINGS,
        resultsBucket: RESULTS,
        recordingsPrefix: 'recordings/',
        olderThanMs: overrides.olderThanMs ?? HOUR,
        maxReenqueue: overrides.maxReenqueue ?? 100,
        now: () => NOW,
        ingestQueueUrl: 'https://sqs/ingest',
        queue,
      },
    );
  return { store, put, summarized, queue, run };
}

describe('reconcile', () => {
  it('re-enqueues only old recordings without a summary or an error record', async () => {
    const { put, summarized, queue, run } = setup();
    put(RECORDINGS, 'recordings/done.wav', 'RIFF');
    summarized('recordings/done.wav', 'C-1', 'k-1');
    put(RECORDINGS, 'recordings/lost.wav', 'RIFF');
    put(RECORDINGS, 'recordings/young.wav', 'RIFF', 60_000);
    put(RECORDINGS, 'elsewhere/outside.wav', 'RIFF');

    const report = await run();

    expect(queue.keys()).toEqual(['recordings/lost.wav']);
    expect(queue.sent[0]?.url).toBe('https://sqs/ingest');
    expect(report).toMatchObject({ examined: 3, terminal: 1, reenqueued: 1, skipped: 1 });
    expect(report.reenqueuedKeys).toEqual(['recordings/lost.wav']);
  });

  it('does not count an in-progress contact (recording.json without summary) as terminal', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/busy.wav', 'RIFF');
    put(RESULTS, 'cases/C-2/contacts/k-2/recording.json', {
      case_id: 'C-2',
      contact_id: 'k-2',
      source: { bucket: RECORDINGS, key: 'recordings/busy.wav', size: 1, sha256: 'x' },
    });
    put(RESULTS, 'cases/C-2/contacts/k-2/transcript.json', {});

    expect(await run()).toMatchObject({ terminal: 0, reenqueued: 1 });
    expect(queue.keys()).toEqual(['recordings/busy.wav']);
  });

  it('skips metadata sidecars and Genesys metadata documents', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/a.wav', 'RIFF');
    put(RECORDINGS, 'recordings/a.wav.meta.json', '{}');
    put(RECORDINGS, 'recordings/a.meta.json', '{}');
    put(RECORDINGS, 'recordings/conv/rec-1_metadata.json', '{}');

    expect(await run()).toMatchObject({ examined: 1, reenqueued: 1 });
    expect(queue.keys()).toEqual(['recordings/a.wav']);
  });

  it('treats an ingest error record for the key as terminal', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/bad.wav', 'not audio');
    put(RESULTS, 'errors/ingest/objects/abc.json', {
      stage: 'ingest',
      code: 'unsupported-audio',
      message: 'no',
      input: { bucket: RECORDINGS, key: 'recordings/bad.wav' },
    });
    put(RESULTS, 'errors/ingest/messages/m-1.json', {
      stage: 'ingest',
      code: 'invalid-message',
      message: 'no',
      input: { message_id: 'm-1' },
    });

    expect(await run()).toMatchObject({ examined: 1, terminal: 1, reenqueued: 0, skipped: 0 });
    expect(queue.sent).toEqual([]);
  });

  it('treats an upload refused for an erased case as terminal (its record names only its id)', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/late.wav', 'audio');
    put(
      RESULTS,
      `errors/ingest/erased-cases/${objectIdOf({ bucket: RECORDINGS, key: 'recordings/late.wav' })}.json`,
      {
        stage: 'ingest',
        code: 'case-erased',
        message: 'no',
        input: { message_id: 'm-2' },
      },
    );

    expect(await run()).toMatchObject({ examined: 1, terminal: 1, reenqueued: 0 });
    expect(queue.sent).toEqual([]);
  });

  it('treats a later stage error record of the contact as terminal', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/rejected.wav', 'RIFF');
    put(RESULTS, 'cases/C-3/contacts/k-3/recording.json', {
      case_id: 'C-3',
      contact_id: 'k-3',
      source: { bucket: RECORDINGS, key: 'recordings/rejected.wav', size: 1, sha256: 'x' },
    });
    put(RESULTS, 'errors/transcribe/C-3/k-3.json', {
      stage: 'transcribe',
      code: 'provider-rejected',
      message: 'no',
      input: { bucket: RESULTS, key: 'cases/C-3/contacts/k-3/recording.json' },
      case_id: 'C-3',
      contact_id: 'k-3',
    });

    expect(await run()).toMatchObject({ terminal: 1, reenqueued: 0 });
    expect(queue.sent).toEqual([]);
  });

  it('ignores a summary whose recording came from another bucket', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/x.wav', 'RIFF');
    put(RESULTS, 'cases/C-4/contacts/k-4/recording.json', {
      case_id: 'C-4',
      contact_id: 'k-4',
      source: { bucket: 'other-bucket', key: 'recordings/x.wav', size: 1, sha256: 'x' },
    });
    put(RESULTS, 'cases/C-4/contacts/k-4/summary.json', {});

    expect(await run()).toMatchObject({ terminal: 0, reenqueued: 1 });
    expect(queue.keys()).toEqual(['recordings/x.wav']);
  });

  it('re-enqueues at most maxReenqueue per run and the rest on the next', async () => {
    const { put, queue, run } = setup();
    for (const n of [1, 2, 3, 4, 5]) put(RECORDINGS, `recordings/r${n}.wav`, 'RIFF');

    expect(await run({ maxReenqueue: 2 })).toMatchObject({ reenqueued: 2, skipped: 3 });
    expect(queue.sent).toHaveLength(2);
    expect(await run({ maxReenqueue: 0 })).toMatchObject({ reenqueued: 0, skipped: 5 });
    expect(queue.sent).toHaveLength(2);
  });

  it('honours olderThanMs 0 for everything already uploaded', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/now.wav', 'RIFF', 0);
    expect(await run({ olderThanMs: 0 })).toMatchObject({ reenqueued: 1, skipped: 0 });
    expect(queue.keys()).toEqual(['recordings/now.wav']);
  });

  it('sends the S3 notification shape: encoded key with + for spaces, event time = LastModified', async () => {
    const { put, queue, run } = setup();
    put(RECORDINGS, 'recordings/Call from Müller & co.wav', 'RIFF');
    await run();
    const body = queue.sent[0]?.body as {
      Records: {
        eventSource: string;
        eventName: string;
        eventTime: string;
        s3: { bucket: { name: string }; object: { key: string } };
      }[];
    };
    const record = body.Records[0];
    if (!record) throw new Error('no record sent');
    expect(record.eventSource).toBe('aws:s3');
    expect(record.eventName).toBe('ObjectCreated:Put');
    expect(record.eventTime).toBe(new Date(NOW.getTime() - 2 * HOUR).toISOString());
    expect(record.s3.bucket.name).toBe(RECORDINGS);
    expect(record.s3.object.key).toBe('recordings/Call+from+M%C3%BCller+%26+co.wav');
    expect(queue.keys()).toEqual(['recordings/Call from Müller & co.wav']);
    expect(encodeS3EventKey('a b/c+d')).toBe('a+b/c%2Bd');
  });
});

describe('redrive', () => {
  function fakeQueues(initial: Record<string, string[]>) {
    const queues = new Map(Object.entries(initial).map(([url, bodies]) => [url, [...bodies]]));
    const inFlight = new Map<string, { url: string; body: string }>();
    let next = 0;
    const port: RedriveQueuePort = {
      async receive(url, max) {
        const bodies = queues.get(url) ?? [];
        return bodies.splice(0, max).map((body) => {
          const receiptHandle = `h${next++}`;
          inFlight.set(receiptHandle, { url, body });
          return { body, receiptHandle };
        });
      },
      async send(url, body) {
        queues.set(url, [...(queues.get(url) ?? []), body]);
      },
      async delete(url, handle) {
        if (inFlight.get(handle)?.url !== url) throw new Error('bad receipt handle');
        inFlight.delete(handle);
      },
    };
    return { queues, inFlight, port };
  }

  it('moves every message with its body from the DLQ to the source queue', async () => {
    const bodies = Array.from({ length: 23 }, (_, i) => `{"n":${i}}`);
    const { queues, inFlight, port } = fakeQueues({ dlq: bodies, q: [] });
    expect(await redrive(port, { from: 'dlq', to: 'q', max: 1000 })).toBe(23);
    expect(queues.get('q')).toEqual(bodies);
    expect(queues.get('dlq')).toEqual([]);
    expect(inFlight.size).toBe(0);
  });

  it('moves at most max messages', async () => {
    const { queues, port } = fakeQueues({ dlq: ['a', 'b', 'c', 'd'], q: [] });
    expect(await redrive(port, { from: 'dlq', to: 'q', max: 3 })).toBe(3);
    expect(queues.get('q')).toEqual(['a', 'b', 'c']);
    expect(queues.get('dlq')).toEqual(['d']);
  });

  it('returns 0 for an empty DLQ', async () => {
    const { port } = fakeQueues({ dlq: [], q: [] });
    expect(await redrive(port, { from: 'dlq', to: 'q', max: 10 })).toBe(0);
  });
});
