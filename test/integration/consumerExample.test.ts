import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume } from '../../examples/case-system-consumer/consume';
import type { SummaryReadyMessage } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../local/localPipeline';
import { speak } from '../support/generateSpeech';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

describe('Example: case-system consumer of the summary-ready queue', () => {
  let dir: string;
  let pipeline: LocalPipeline;
  let queueUrl: string;
  const seen = new Set<string>();
  const lines: string[] = [];
  let first: SummaryReadyMessage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-consumer-'));
    const speech = await readFile(
      await speak(dir, 'call', 'I would like to apply for housing benefit. I will send the form.'),
    );
    pipeline = await LocalPipeline.start({ pipeline: config, retryDelaySeconds: 1 });
    queueUrl = pipeline.queues['summary-ready'].url;
    await pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: 'recordings/consumer.wav',
        Body: speech,
        Metadata: { 'case-id': 'CASE-CONSUMER', 'contact-id': 'call-1' },
      }),
    );
    await pipeline.waitUntilIdle();
  });

  afterAll(async () => {
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = () =>
    consume({
      sqs: pipeline.sqs,
      s3: pipeline.s3,
      queueUrl,
      waitTimeSeconds: 1,
      stopWhenEmpty: true,
      seen,
      print: (line) => lines.push(line),
    });
  const depth = async () => {
    const { Attributes = {} } = await pipeline.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      visible: Number(Attributes.ApproximateNumberOfMessages),
      inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
    };
  };
  const send = (message: unknown) =>
    pipeline.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );

  it('returns the verified summary of a processed call and leaves the queue empty', async () => {
    // Act
    const consumed = await run();

    // Assess
    expect(consumed).toHaveLength(1);
    first = consumed[0]!.message;
    expect(consumed[0]?.summary).toMatchObject({
      case_id: 'CASE-CONSUMER',
      contact_id: 'call-1',
      ai_generated: true,
    });
    expect(lines).toEqual([expect.stringMatching(/^summary CASE-CONSUMER\/call-1 {2}en -> es/)]);
    expect(await depth()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('drops a repeated notification of the same summary without processing it again', async () => {
    // Prepare
    await send(first);
    await send(first);

    // Act
    const consumed = await run();

    // Assess
    expect(consumed).toEqual([]);
    expect(lines.filter((l) => l.startsWith('duplicate'))).toHaveLength(2);
    expect(await depth()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('leaves a notification on the queue when the fetched bytes do not match its sha256', async () => {
    // Prepare
    await send({ ...first, contact_id: 'call-2', sha256: '0'.repeat(64) });

    // Act
    const consumed = await run();

    // Assess
    expect(consumed).toEqual([]);
    expect(lines.at(-1)).toMatch(/^not processed .*is not the announced one; left on the queue$/);
    expect(await depth()).toEqual({ visible: 0, inFlight: 1 });
  });
});
