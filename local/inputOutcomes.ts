import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3ListKeys } from '../functions/adapters/s3ListKeys';
import { createdObjectsOf } from '../functions/core/ingest/objectEvents';
import { parseStageMessage } from '../functions/core/processStageRecord';
import { artifactKey, contactPrefix } from '../functions/shared/artifactKeys';
import type { ContactRef, ErrorRecord, RecordingInfo } from '../functions/shared/documents';
import { type LocalPipeline, STAGES } from './localPipeline';

export interface InputOutcome {
  key: string;
  status: 'summarized' | 'error' | 'dead-lettered' | 'not-found';
  ref?: ContactRef;
  summaryKey?: string;
  error?: { stage: string; code: string; message: string; recordKey: string };
  /** Why a dead-lettered input failed (its handler's last error), when this run saw it. */
  reason?: string;
}

/** One input of this run: its key and the SHA-256 of what was uploaded under it, if known. */
export interface UploadedInput {
  key: string;
  sha256?: string;
}

async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  return (await s3ListKeys(s3)(bucket, prefix)).map((object) => object.key);
}

async function readJson<T>(s3: S3Client, bucket: string, key: string): Promise<T> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await (out.Body?.transformToString('utf-8') ?? Promise.resolve('null'))) as T;
}

const refId = (ref: ContactRef) => `${ref.case_id}/${ref.contact_id}`;

type ErrorInfo = NonNullable<InputOutcome['error']> & { at: number };

/** Keeps the newest error record per id. */
function keepNewest(map: Map<string, ErrorInfo>, id: string, error: ErrorInfo): void {
  const known = map.get(id);
  if (!known || known.at <= error.at) map.set(id, error);
}

const EARLIER_RUN = 'dead-lettered in an earlier run (reason not recorded)';

/**
 * Where each uploaded input of this run ended: a summary of exactly what was uploaded, an error
 * record, or a dead-letter queue. Reads only what the pipeline wrote, the way an operator would.
 * An error record written during this run wins over a summary of an earlier upload under the
 * same key (different audio under a used file name ends in contact-conflict, not in success).
 * Dead letters are only looked at, not removed: `npm run redrive` can still move them back.
 */
export async function classifyInputs(
  pipeline: LocalPipeline,
  inputs: Array<string | UploadedInput>,
  runStarted = new Date(0),
): Promise<InputOutcome[]> {
  const { s3, resultsBucket } = pipeline;
  const all = await listKeys(s3, resultsBucket);
  const infoByKey = new Map<string, RecordingInfo>();
  for (const key of all.filter((k) => k.endsWith('/recording.json'))) {
    const info = await readJson<RecordingInfo>(s3, resultsBucket, key);
    const known = infoByKey.get(info.source.key);
    // The same source key can have been ingested before with other content.
    if (!known || known.received_at <= info.received_at) infoByKey.set(info.source.key, info);
  }
  const errorsByInput = new Map<string, ErrorInfo>();
  const errorsByRef = new Map<string, ErrorInfo>();
  for (const key of all.filter((k) => k.startsWith('errors/'))) {
    const record = await readJson<ErrorRecord>(s3, resultsBucket, key);
    const error: ErrorInfo = {
      stage: record.stage,
      code: record.code,
      message: record.message,
      recordKey: key,
      at: Date.parse(record.occurred_at),
    };
    if ('key' in record.input) keepNewest(errorsByInput, record.input.key, error);
    if (record.case_id && record.contact_id) {
      keepNewest(
        errorsByRef,
        refId({ case_id: record.case_id, contact_id: record.contact_id }),
        error,
      );
    }
  }
  const deadKeys = new Map<string, string>();
  const deadRefs = new Map<string, string>();
  for (const stage of STAGES) {
    for (const letter of pipeline.peekDeadLetters(stage)) {
      const reason = pipeline.failureReasons.get(letter.messageId) ?? EARLIER_RUN;
      try {
        if (stage === 'ingest') {
          for (const o of createdObjectsOf(letter.body)) deadKeys.set(o.key, reason);
        } else deadRefs.set(refId(parseStageMessage(letter.body)), reason);
      } catch {
        // An unreadable dead letter is still reported by the DLQ alarm; nothing to attribute.
      }
    }
  }
  const present = new Set(all);
  const strip = ({ at: _at, ...error }: ErrorInfo) => error;
  const thisRun = (error: ErrorInfo | undefined) =>
    error && error.at >= runStarted.getTime() ? error : undefined;
  return inputs.map((input): InputOutcome => {
    const { key, sha256 } = typeof input === 'string' ? { key: input } : input;
    const info = infoByKey.get(key);
    const freshInputError = thisRun(errorsByInput.get(key));
    if (freshInputError) {
      const ref = info ? { case_id: info.case_id, contact_id: info.contact_id } : undefined;
      return { key, status: 'error', ...(ref ? { ref } : {}), error: strip(freshInputError) };
    }
    if (!info) {
      const error = errorsByInput.get(key);
      if (error) return { key, status: 'error', error: strip(error) };
      const reason = deadKeys.get(key);
      return reason ? { key, status: 'dead-lettered', reason } : { key, status: 'not-found' };
    }
    const ref = { case_id: info.case_id, contact_id: info.contact_id };
    const summaryKey = artifactKey(ref, 'summary');
    const sameContent = sha256 === undefined || info.source.sha256 === sha256;
    if (sameContent && present.has(summaryKey)) {
      return { key, status: 'summarized', ref, summaryKey };
    }
    const error = errorsByRef.get(refId(ref)) ?? errorsByInput.get(key);
    if (error) return { key, status: 'error', ref, error: strip(error) };
    const reason = deadRefs.get(refId(ref));
    return reason
      ? { key, status: 'dead-lettered', ref, reason }
      : { key, status: 'not-found', ref };
  });
}

/** The results-bucket keys that belong to these outcomes, and nothing of other inputs or cases. */
function belongsTo(outcomes: InputOutcome[]): (key: string) => boolean {
  // A failed input contributes its error record only: its contact folder may hold the results
  // of an earlier, different upload under the same contact id.
  const summarized = outcomes.filter((o) => o.status === 'summarized' && o.ref);
  const contacts = summarized.flatMap((o) => (o.ref ? [contactPrefix(o.ref)] : []));
  const cases = new Set(summarized.flatMap((o) => (o.ref ? [`cases/${o.ref.case_id}/`] : [])));
  const errors = new Set(outcomes.flatMap((o) => (o.error ? [o.error.recordKey] : [])));
  return (key) => {
    if (key.includes('/handoff/')) return false; // internal bookkeeping, not a result
    if (errors.has(key)) return true;
    if (contacts.some((prefix) => key.startsWith(prefix))) return true;
    // The case roll-up (case.json and its renderings) sits directly in the case folder.
    const folder = key.slice(0, key.lastIndexOf('/') + 1);
    return cases.has(folder);
  };
}

/**
 * Copies this run's results out of the results bucket into a folder with the same layout;
 * returns the files written. Results of other inputs (other cases, earlier runs) stay out.
 */
export async function exportResults(
  pipeline: LocalPipeline,
  outDir: string,
  outcomes?: InputOutcome[],
): Promise<string[]> {
  const written: string[] = [];
  const wanted = outcomes ? belongsTo(outcomes) : (key: string) => !key.includes('/handoff/');
  for (const key of await listKeys(pipeline.s3, pipeline.resultsBucket)) {
    if (!wanted(key)) continue;
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
