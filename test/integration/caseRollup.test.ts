import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRollup } from '../../functions/core/caseRollup/caseRollupDocument';
import { createPublishHandler } from '../../functions/handlers/publish';
import type { SqsHandler } from '../../functions/handlers/stageRuntime';
import { artifactKey } from '../../functions/shared/artifactKeys';
import type { StageMessage } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { validateDocument } from '../../functions/shared/schemas';
import { LocalPipeline } from '../../local/localPipeline';
import { QueuePoller } from '../../local/queuePoller';
import { recordingFor, summaryFor } from '../unit/caseRollup/fixtures';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'de', defaultCaller: 'en' },
});

const CASE_ID = 'JC-2026-004711';
const CONTACTS = 20;
const ids = Array.from({ length: CONTACTS }, (_, i) => `call-${String(i + 1).padStart(2, '0')}`);
// Received in an order unlike the ids' and the sending order: 7 minutes apart modulo 20.
const receivedAt = (i: number) => new Date(Date.UTC(2026, 10, 1, 8, (i * 7) % 20)).toISOString();
const shared = { action: 'Mietvertrag hochladen', owner: 'citizen', due: 'bis Freitag' } as const;

/** Counts publish records in flight, to show how many ran at the same time. */
function concurrency() {
  const state = { inFlight: 0, max: 0 };
  const wrap =
    (handler: SqsHandler): SqsHandler =>
    async (event, context) => {
      state.inFlight += event.Records.length;
      state.max = Math.max(state.max, state.inFlight);
      try {
        return await handler(event, context);
      } finally {
        state.inFlight -= event.Records.length;
      }
    };
  return { state, wrap };
}

describe('Integration: case roll-up under concurrent publishing', () => {
  let pipeline: LocalPipeline;
  const extraPollers: QueuePoller[] = [];
  const measured = concurrency();
  const conditional = { writes: 0, rejected: 0 };
  const failedRecords: string[] = [];

  beforeAll(async () => {
    pipeline = await LocalPipeline.start({
      pipeline: config,
      batchSize: 10,
      retryDelaySeconds: 1,
      wrapHandler: (stage, handler) => (stage === 'publish' ? measured.wrap(handler) : handler),
      onBatch: ({ stage, failedIds }) => {
        if (stage === 'publish') failedRecords.push(...failedIds);
      },
    });
    // Count the conditional writes of case.json the publishers make and S3 refuses (412).
    pipeline.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string; IfMatch?: string; IfNoneMatch?: string };
        const isCaseJson = input.Key?.endsWith('/case.json');
        if (context.commandName === 'PutObjectCommand' && isCaseJson) {
          if (input.IfMatch || input.IfNoneMatch) conditional.writes++;
        }
        try {
          return await next(args);
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
          if (isCaseJson && status?.httpStatusCode === 412) conditional.rejected++;
          throw error;
        }
      },
      { step: 'initialize', name: 'countCaseJsonConditionalWrites' },
    );
    // Two more publish "Lambdas" on the same queue: 3 pollers x 10 records can run all 20 at once.
    for (let i = 0; i < 2; i++) {
      const handler = createPublishHandler({
        env: {
          recordingsBucket: pipeline.recordingsBucket,
          resultsBucket: pipeline.resultsBucket,
          recordingsPrefix: pipeline.recordingsPrefix,
          nextQueueUrl: pipeline.queues['summary-ready'].url,
          handoffStaleSeconds: 600,
          pipeline: config,
        },
        s3: pipeline.s3,
        sqs: pipeline.sqs,
        caseIdMac: pipeline.caseIdMac,
        logger: new Logger({ serviceName: 'callbrief-publish', logLevel: 'SILENT' }),
      });
      const poller = new QueuePoller({
        stage: 'publish',
        sqs: pipeline.sqs,
        queueUrl: pipeline.queues.publish.url,
        queueArn: pipeline.queues.publish.arn,
        region: pipeline.region,
        handler: measured.wrap(handler),
        batchSize: 10,
        retryDelaySeconds: 1,
        onBatch: ({ failedIds }) => failedRecords.push(...failedIds),
      });
      poller.start();
      extraPollers.push(poller);
    }
  });

  afterAll(async () => {
    await Promise.all(extraPollers.map((p) => p.stop()));
    await pipeline?.stop();
  });

  const put = (key: string, document: unknown) =>
    pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.resultsBucket,
        Key: key,
        Body: JSON.stringify(document),
        ContentType: 'application/json',
      }),
    );
  const getBytes = async (key: string) => {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
    );
    return { bytes: await out.Body!.transformToByteArray(), etag: out.ETag };
  };
  const readRollup = async () => {
    const { bytes, etag } = await getBytes(`cases/${CASE_ID}/case.json`);
    return { rollup: JSON.parse(new TextDecoder().decode(bytes)) as CaseRollup, etag };
  };
  const sendPublishMessages = (contactIds: string[]) => {
    const messages: StageMessage[] = contactIds.map((contact_id) => ({
      case_id: CASE_ID,
      contact_id,
      artifact: {
        bucket: pipeline.resultsBucket,
        key: artifactKey({ case_id: CASE_ID, contact_id }, 'summary-draft'),
      },
    }));
    const batches = [];
    for (let i = 0; i < messages.length; i += 10) batches.push(messages.slice(i, i + 10));
    return Promise.all(
      batches.map((batch) =>
        pipeline.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: pipeline.queues.publish.url,
            Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify(m) })),
          }),
        ),
      ),
    );
  };

  it('lists all 20 contacts of a case, in time order, when they are published at once', async () => {
    // Prepare: 20 summaries ready to publish, one step shared by all, one of each contact's own
    await Promise.all(
      ids.flatMap((id, i) => {
        const ref = { case_id: CASE_ID, contact_id: id };
        const own = { action: `Nachweis ${id} prüfen`, owner: 'authority' } as const;
        return [
          put(artifactKey(ref, 'summary-draft'), summaryFor(id, [shared, own])),
          put(artifactKey(ref, 'recording'), recordingFor(id, receivedAt(i))),
        ];
      }),
    );

    // Act
    await sendPublishMessages(ids);
    await pipeline.waitUntilIdle();

    // Assess
    const { rollup } = await readRollup();
    validateDocument('case-rollup', rollup);
    const timeOrder = ids
      .map((id, i) => ({ id, at: receivedAt(i) }))
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((c) => c.id);
    expect(rollup.contacts.map((c) => c.contact_id)).toEqual(timeOrder);
    for (const contact of rollup.contacts) {
      const { bytes } = await getBytes(contact.summary.key);
      expect(contact.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(rollup.status).toBe('open');
    expect(rollup.next_steps).toHaveLength(1 + CONTACTS);
    expect(rollup.next_steps[0]).toMatchObject({
      action: shared.action,
      contact_id: timeOrder[0],
      mentioned_in: timeOrder,
    });
    const notifications = await pipeline.drainSummaryReady();
    expect(new Set(notifications.map((n) => n.contact_id)).size).toBe(CONTACTS);
    expect(failedRecords).toEqual([]);
    // The race really happened, and conditional writes settled it within the bounded retries.
    expect(measured.state.max).toBeGreaterThan(10);
    expect(conditional.rejected).toBeGreaterThan(0);
    expect(conditional.writes - conditional.rejected).toBe(CONTACTS);
    console.info(
      `case roll-up: ${CONTACTS} contacts, up to ${measured.state.max} publishing at once, ` +
        `${conditional.writes} conditional writes of case.json, ${conditional.rejected} refused (412) and retried`,
    );
  });

  it('does not change case.json or notify again when the same contacts are published again', async () => {
    // Prepare
    const before = await readRollup();

    // Act
    await sendPublishMessages(ids.slice(0, 5));
    await pipeline.waitUntilIdle();

    // Assess
    const after = await readRollup();
    expect(after.etag).toBe(before.etag);
    expect(after.rollup.contacts).toHaveLength(CONTACTS);
    expect(await pipeline.drainSummaryReady()).toEqual([]);
    const errors = await pipeline.s3.send(
      new ListObjectsV2Command({ Bucket: pipeline.resultsBucket, Prefix: 'errors/' }),
    );
    expect(errors.KeyCount ?? 0).toBe(0);
    expect(await pipeline.drain(pipeline.queues.publish.dlqUrl)).toEqual([]);
  });
});
