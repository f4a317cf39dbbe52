import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3ListKeys } from '../functions/adapters/s3ListKeys';
import { createdObjectsOf } from '../functions/core/ingest/objectEvents';
import { parseStageMessage } from '../functions/core/processStageRecord';
import { artifactKey } from '../functions/shared/artifactKeys';
import type { ContactRef, ErrorRecord, RecordingInfo } from '../functions/shared/documents';
import { type LocalPipeline, STAGES } from './localPipeline';

export interface InputOutcome {
  key: string;
  status: 'summarized' | 'error' | 'dead-lettered' | 'not-found';
  ref?: ContactRef;
  summaryKey?: string;
  error?: { stage: string; code: string; message: string; recordKey: string };
}

async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  return (await s3ListKeys(s3)(bucket, prefix)).map((object) => object.key);
}

async function readJson<T>(s3: S3Client, bucket: string, key: string): Promise<T> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await (out.Body?.transformToString('utf-8') ?? Promise.resolve('null'))) as T;
}

const refId = (ref: ContactRef) => `${ref.case_id}/${ref.contact_id}`;

/**
 * Where each uploaded recording ended: a summary, an error record, or a dead-letter queue.
 * Reads only what the pipeline wrote, the way an operator would.
 */
export async function classifyInputs(
  pipeline: LocalPipeline,
  keys: string[],
): Promise<InputOutcome[]> {
  const { s3, resultsBucket } = pipeline;
  const all = await listKeys(s3, resultsBucket);
  const refByKey = new Map<string, ContactRef>();
  for (const key of all.filter((k) => k.endsWith('/recording.json'))) {
    const info = await readJson<RecordingInfo>(s3, resultsBucket, key);
    refByKey.set(info.source.key, { case_id: info.case_id, contact_id: info.contact_id });
  }
  const errorsByInput = new Map<string, InputOutcome['error']>();
  const errorsByRef = new Map<string, InputOutcome['error']>();
  for (const key of all.filter((k) => k.startsWith('errors/'))) {
    const record = await readJson<ErrorRecord>(s3, resultsBucket, key);
    const error = {
      stage: record.stage,
      code: record.code,
      message: record.message,
      recordKey: key,
    };
    if ('key' in record.input) errorsByInput.set(record.input.key, error);
    if (record.case_id && record.contact_id) {
      errorsByRef.set(refId({ case_id: record.case_id, contact_id: record.contact_id }), error);
    }
  }
  const deadKeys = new Set<string>();
  const deadRefs = new Set<string>();
  for (const stage of STAGES) {
    for (const body of await pipeline.drain(pipeline.queues[stage].dlqUrl)) {
      try {
        if (stage === 'ingest') for (const o of createdObjectsOf(body)) deadKeys.add(o.key);
        else deadRefs.add(refId(parseStageMessage(body)));
      } catch {
        // An unreadable dead letter is still reported by the DLQ alarm; nothing to attribute.
      }
    }
  }
  const present = new Set(all);
  return keys.map((key): InputOutcome => {
    const ref = refByKey.get(key);
    if (!ref) {
      const error = errorsByInput.get(key);
      if (error) return { key, status: 'error', error };
      return { key, status: deadKeys.has(key) ? 'dead-lettered' : 'not-found' };
    }
    const summaryKey = artifactKey(ref, 'summary');
    if (present.has(summaryKey)) return { key, status: 'summarized', ref, summaryKey };
    const error = errorsByRef.get(refId(ref)) ?? errorsByInput.get(key);
    if (error) return { key, status: 'error', ref, error };
    return { key, status: deadRefs.has(refId(ref)) ? 'dead-lettered' : 'not-found', ref };
  });
}

/** Copies the results bucket into a folder with the same layout; returns the files written. */
export async function exportResults(pipeline: LocalPipeline, outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const key of await listKeys(pipeline.s3, pipeline.resultsBucket)) {
    if (key.includes('/handoff/')) continue; // internal bookkeeping, not a result
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    const target = join(outDir, ...key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(
      target,
      await (out.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())),
    );
    written.push(target);
  }
  return written;
}
