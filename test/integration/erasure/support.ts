import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { writeSyntheticCall } from '../../../bench/syntheticCall';
import { S3ObjectStore } from '../../../functions/adapters/s3ObjectStore';
import type { LocalPipeline } from '../../../local/localPipeline';

/** Uploads an object to the recordings bucket as telephony would. */
export function upload(
  pipeline: LocalPipeline,
  key: string,
  body: Uint8Array | string,
  metadata?: Record<string, string>,
) {
  return pipeline.s3.send(
    new PutObjectCommand({
      Bucket: pipeline.recordingsBucket,
      Key: key,
      Body: body,
      ...(metadata ? { Metadata: metadata } : {}),
    }),
  );
}

/** A short synthetic stereo call; `seconds` makes different calls different bytes. */
export async function syntheticCall(seconds: number): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'callbrief-erase-call-'));
  try {
    const path = join(dir, 'call.wav');
    await writeSyntheticCall(path, seconds);
    return await readFile(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function sendErase(pipeline: LocalPipeline, request: Record<string, unknown>) {
  await pipeline.sqs.send(
    new SendMessageCommand({
      QueueUrl: pipeline.queues.erase.url,
      MessageBody: JSON.stringify({ type: 'erase-case', ...request }),
    }),
  );
}

/**
 * Every object version in a bucket with its key and bytes, read through the pipeline's own
 * store (ListObjectVersions; on the stand-in, which keeps no versions, every object).
 */
export async function everyVersion(pipeline: LocalPipeline, bucket: string) {
  const store = new S3ObjectStore(pipeline.s3);
  const versions = await store.listVersions(bucket, '');
  return Promise.all(
    versions.map(async ({ key, versionId }) => {
      const out = await pipeline.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
      );
      return { key, text: (await out.Body?.transformToString('utf-8')) ?? '' };
    }),
  );
}

/** The needles found in any version's key or bytes, with where. */
export async function findNeedles(pipeline: LocalPipeline, needles: readonly string[]) {
  const found: string[] = [];
  for (const bucket of [pipeline.recordingsBucket, pipeline.resultsBucket]) {
    for (const { key, text } of await everyVersion(pipeline, bucket)) {
      for (const needle of needles) {
        if (key.includes(needle) || text.includes(needle))
          found.push(`${needle} in ${bucket}/${key}`);
      }
    }
  }
  return found;
}
