import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { CaseSummary } from '../functions/shared/documents';
import type { LocalPipeline } from '../local/localPipeline';

export interface CallTiming {
  /** From the start of the recording's upload to the summary-ready message's `ready_at`. */
  endToEndMs: number;
  /** Sum of the latencies the providers reported (the summary's provenance). */
  engineMs: number;
  /** End-to-end time the engines did not account for: queues, storage, validation, hand-offs. */
  overheadMs: number;
}

export interface DriveOptions {
  /** Calls to upload; each is its own case and contact. */
  count: number;
  /** Distinguishes this batch's keys and ids from earlier ones in the same pipeline. */
  label: string;
  /** Uploads in flight at once. @default count (all at once) */
  uploadConcurrency?: number;
}

function engineMs(summary: CaseSummary): number {
  const p = summary.provenance;
  return [p.speech_to_text, p.translation, p.summarization, p.summary_translation].reduce(
    (sum, provenance) => sum + (provenance?.latency_ms ?? 0),
    0,
  );
}

/**
 * Uploads `count` copies of one recording, waits until the pipeline is idle and times every
 * call. Fails when a call did not end with exactly one summary: a benchmark of a broken run
 * would be meaningless.
 */
export async function driveCalls(
  pipeline: LocalPipeline,
  audio: Uint8Array,
  options: DriveOptions,
): Promise<{ calls: CallTiming[]; elapsedMs: number }> {
  const { count, label } = options;
  const uploadedAt = new Map<string, number>();
  const started = Date.now();
  let next = 0;
  const upload = async () => {
    while (next < count) {
      const caseId = `BENCH-${label}-${next++}`;
      uploadedAt.set(caseId, Date.now());
      await pipeline.s3.send(
        new PutObjectCommand({
          Bucket: pipeline.recordingsBucket,
          Key: `${pipeline.recordingsPrefix}bench/${caseId}.wav`,
          Body: audio,
          ContentType: 'audio/wav',
          Metadata: { 'case-id': caseId, 'contact-id': 'call-1' },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: options.uploadConcurrency ?? count }, upload));
  await pipeline.waitUntilIdle();
  const ready = (await pipeline.drainSummaryReady()).filter((m) => uploadedAt.has(m.case_id));
  if (ready.length !== count) {
    throw new Error(`${label}: ${ready.length} of ${count} calls reached a summary`);
  }
  const calls: CallTiming[] = [];
  let lastReady = started;
  for (const message of ready) {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: message.summary.bucket, Key: message.summary.key }),
    );
    const summary = JSON.parse((await out.Body?.transformToString('utf-8')) ?? '') as CaseSummary;
    const readyAt = Date.parse(message.ready_at);
    lastReady = Math.max(lastReady, readyAt);
    const endToEndMs = readyAt - (uploadedAt.get(message.case_id) as number);
    const engine = engineMs(summary);
    calls.push({ endToEndMs, engineMs: engine, overheadMs: endToEndMs - engine });
  }
  return { calls, elapsedMs: lastReady - started };
}
