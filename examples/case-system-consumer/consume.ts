import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
// What callbrief publishes for case systems, imported by package name (package.json `exports`).
import caseSummarySchema from 'callbrief/schemas/case-summary.schema.json' with { type: 'json' };
import summaryReadySchema from 'callbrief/schemas/summary-ready-message.schema.json' with {
  type: 'json',
};
import type { CaseSummary, SummaryReadyMessage } from 'callbrief/types';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validators = {
  'summary-ready-message': ajv.compile(summaryReadySchema),
  'case-summary': ajv.compile(caseSummarySchema),
};

/** What is wrong with `doc` against one of callbrief's published schemas; empty when valid. */
function schemaProblems(kind: keyof typeof validators, doc: unknown): string[] {
  const validate = validators[kind];
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

/**
 * A case-management system's side of callbrief: take each summary-ready notification, fetch the
 * summary it points to, check it is the very bytes announced and matches the published schema,
 * hand it on, and only then delete the message. Anything that fails stays on the queue, comes
 * back after the visibility timeout, and after maxReceiveCount lands in the dead-letter queue.
 */

export interface ConsumeOptions {
  sqs: SQSClient;
  s3: S3Client;
  queueUrl: string;
  /** Stop after this many messages are settled (processed, or dropped as duplicates). */
  maxMessages?: number;
  /** Long-poll time of each receive, at most 20 s. */
  waitTimeSeconds?: number;
  /** Stop at the first receive that returns nothing. */
  stopWhenEmpty?: boolean;
  /** `<contact_id> <sha256>` of summaries already processed; a real system keeps them stored. */
  seen?: Set<string>;
  /** What the case system does with a verified summary (import it, open a task, ...). */
  handle?: (summary: CaseSummary, message: SummaryReadyMessage) => Promise<void> | void;
  print?: (line: string) => void;
  signal?: AbortSignal;
}

export interface Consumed {
  message: SummaryReadyMessage;
  summary: CaseSummary;
}

function parseNotification(body: string): SummaryReadyMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('the message is not JSON');
  }
  const problems = schemaProblems('summary-ready-message', json);
  if (problems.length > 0) throw new Error(`not a summary-ready message: ${problems[0]}`);
  return json as SummaryReadyMessage;
}

async function fetchVerified(s3: S3Client, message: SummaryReadyMessage): Promise<CaseSummary> {
  const { bucket, key, version_id } = message.summary;
  const out = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: version_id }),
  );
  const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // A mismatch means these are not the bytes that were announced: never import them.
  if (sha256 !== message.sha256) throw new Error(`sha256 ${sha256} is not the announced one`);
  const summary: unknown = JSON.parse(new TextDecoder().decode(bytes));
  const problems = schemaProblems('case-summary', summary);
  if (problems.length > 0) throw new Error(`summary breaks its schema: ${problems[0]}`);
  return summary as CaseSummary;
}

/** Long-polls the summary-ready queue; returns the summaries processed (duplicates excluded). */
export async function consume(options: ConsumeOptions): Promise<Consumed[]> {
  const { sqs, s3, queueUrl, seen = new Set<string>(), print = console.log } = options;
  const consumed: Consumed[] = [];
  let settled = 0;
  const limit = options.maxMessages ?? Number.POSITIVE_INFINITY;
  while (!options.signal?.aborted && settled < limit) {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, limit - settled),
        WaitTimeSeconds: options.waitTimeSeconds ?? 20,
      }),
      { abortSignal: options.signal },
    );
    if (messages.length === 0 && options.stopWhenEmpty) break;
    for (const { Body = '', ReceiptHandle, MessageId } of messages) {
      try {
        const message = parseNotification(Body);
        const id = `${message.contact_id} ${message.sha256}`;
        if (seen.has(id)) {
          print(`duplicate ${message.case_id}/${message.contact_id} (already processed), dropped`);
        } else {
          const summary = await fetchVerified(s3, message);
          await options.handle?.(summary, message);
          seen.add(id);
          consumed.push({ message, summary });
          const { spoken, case_worker, caller } = summary.languages;
          print(
            `summary ${message.case_id}/${message.contact_id}  ${spoken} -> ${case_worker} (caller ${caller})  ` +
              `${summary.summary.next_steps.length} next step(s)  review ${summary.review_status}  ` +
              `sha256 ${message.sha256.slice(0, 12)}`,
          );
        }
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle }));
        settled++;
      } catch (error) {
        // Whatever went wrong, the message stays: SQS redelivers it, then dead-letters it.
        const reason = error instanceof Error ? error.message : String(error);
        print(`not processed ${MessageId}: ${reason}; left on the queue`);
      }
    }
  }
  return consumed;
}

/** The whole pipeline in this process on one recording, then the consumer on its queue. */
async function consumeLocalRun(file: string, print: (line: string) => void): Promise<Consumed[]> {
  const { LocalPipeline } = await import('../../local/localPipeline');
  const { parsePipelineConfig } = await import('../../functions/shared/pipelineConfig');
  const configFile = 'callbrief.config.json';
  const config = parsePipelineConfig(JSON.parse(await readFile(configFile, 'utf8')), configFile);
  const pipeline = await LocalPipeline.start({ pipeline: config });
  try {
    const key = `${pipeline.recordingsPrefix}${basename(file)}`;
    const sidecar = file.replace(/\.wav$/i, '.meta.json');
    const upload = (Key: string, Body: Buffer) =>
      pipeline.s3.send(new PutObjectCommand({ Bucket: pipeline.recordingsBucket, Key, Body }));
    if (sidecar !== file && existsSync(sidecar))
      await upload(`${key}.meta.json`, await readFile(sidecar));
    await upload(key, await readFile(file));
    await pipeline.waitUntilIdle();
    const queueUrl = pipeline.queues['summary-ready'].url;
    const { s3, sqs } = pipeline;
    return await consume({ s3, sqs, queueUrl, waitTimeSeconds: 1, stopWhenEmpty: true, print });
  } finally {
    await pipeline.stop();
  }
}

const USAGE = `Usage: node --import tsx examples/case-system-consumer/consume.ts --queue-url URL [options]
       node --import tsx examples/case-system-consumer/consume.ts --local recording.wav

  --queue-url URL      the summary-ready queue
  --endpoint URL       S3 and SQS endpoint (S3-compatible or local stand-ins; default: AWS)
  --s3-endpoint URL    S3 endpoint only;  --sqs-endpoint URL  SQS endpoint only
  --region REGION      default: $AWS_REGION, else eusc-de-east-1
  --max N              stop after N messages;  --drain  stop when the queue is empty
  --local FILE         run the pipeline in this process on FILE, then consume its queue`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'queue-url': { type: 'string' },
      endpoint: { type: 'string' },
      's3-endpoint': { type: 'string' },
      'sqs-endpoint': { type: 'string' },
      region: { type: 'string', default: process.env.AWS_REGION ?? 'eusc-de-east-1' },
      max: { type: 'string' },
      drain: { type: 'boolean', default: false },
      local: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || (!values['queue-url'] && !values.local)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.local) return (await consumeLocalRun(values.local, console.log)).length > 0 ? 0 : 1;
  const s3Endpoint = values['s3-endpoint'] ?? values.endpoint;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  await consume({
    s3: new S3Client({ region: values.region, endpoint: s3Endpoint, forcePathStyle: !!s3Endpoint }),
    sqs: new SQSClient({
      region: values.region,
      endpoint: values['sqs-endpoint'] ?? values.endpoint,
    }),
    queueUrl: values['queue-url'] ?? '',
    maxMessages: values.max ? Number(values.max) : undefined,
    stopWhenEmpty: values.drain,
    signal: abort.signal,
  }).catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return 0;
}

if (basename(process.argv[1] ?? '') === 'consume.ts') process.exitCode = await main();
