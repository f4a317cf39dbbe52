/**
 * Creates what the on-premises service needs, idempotently: the buckets (owned by the service
 * user), a bucket policy that lets the uploader user only put recordings, the RabbitMQ topology
 * (topology.ts), and the RGW bucket notification that publishes every new recording to the
 * ingest queue over AMQP (persistent, acknowledged by the broker).
 *
 *   node --import tsx onprem/provision.ts .callbrief/onprem.env
 */
import { createHash, createHmac } from 'node:crypto';
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import amqp from 'amqplib';
import { readOnpremEnv } from './onpremEnv';
import {
  DEAD_LETTER_EXCHANGE,
  deadLetterQueueOf,
  QUEUES,
  queueArguments,
  queueOf,
  S3_EVENTS_EXCHANGE,
} from './topology';

const TOPIC = 'callbrief-recordings';

async function declareTopology(url: string): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
    await channel.assertExchange(S3_EVENTS_EXCHANGE, 'topic', { durable: true });
    for (const name of QUEUES) {
      await channel.assertQueue(deadLetterQueueOf(name), {
        durable: true,
        arguments: { 'x-queue-type': 'quorum' },
      });
      await channel.bindQueue(
        deadLetterQueueOf(name),
        DEAD_LETTER_EXCHANGE,
        deadLetterQueueOf(name),
      );
      await channel.assertQueue(queueOf(name), { durable: true, arguments: queueArguments(name) });
    }
    await channel.bindQueue(queueOf('ingest'), S3_EVENTS_EXCHANGE, '#');
  } finally {
    await connection.close();
  }
}

/**
 * RGW's SNS-compatible topic API (query protocol, SigV4 with service "sns"). Signed by hand:
 * the AWS SDK's SNS client speaks only to AWS's own endpoints' current protocol, and one
 * signed form POST is all that is needed here.
 */
async function createTopic(
  env: ReturnType<typeof readOnpremEnv>,
  attributes: Record<string, string>,
) {
  const params = new URLSearchParams({ Action: 'CreateTopic', Name: TOPIC });
  Object.entries(attributes).forEach(([key, value], i) => {
    params.set(`Attributes.entry.${i + 1}.key`, key);
    params.set(`Attributes.entry.${i + 1}.value`, value);
  });
  const body = params.toString();
  const url = new URL(env.s3Endpoint);
  const now = new Date();
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    host: url.host,
    'x-amz-content-sha256': hash(body),
    'x-amz-date': amzDate,
  };
  const signed = Object.keys(headers).sort();
  const canonical = [
    'POST',
    '/',
    '',
    ...signed.map((h) => `${h}:${headers[h]}`),
    '',
    signed.join(';'),
    hash(body),
  ].join('\n');
  const scope = `${day}/${env.region}/sns/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hash(canonical)].join('\n');
  const hmac = (key: Buffer | string, text: string) =>
    createHmac('sha256', key).update(text).digest();
  let key = hmac(`AWS4${env.secretAccessKey}`, day);
  for (const part of [env.region, 'sns', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const response = await fetch(env.s3Endpoint, {
    method: 'POST',
    headers: {
      ...headers,
      // Development only (see rgw_trust_forwarded_https in onprem-up.sh): in production the
      // request goes to RGW over TLS and this header is not needed.
      'x-forwarded-proto': 'https',
      authorization: `AWS4-HMAC-SHA256 Credential=${env.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
    },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`CreateTopic failed: ${response.status} ${text.slice(0, 300)}`);
  const arn = /<TopicArn>([^<]+)<\/TopicArn>/.exec(text)?.[1];
  if (!arn) throw new Error('CreateTopic answered without a TopicArn');
  return arn;
}

async function main(): Promise<void> {
  const env = readOnpremEnv(process.argv[2] ?? '.callbrief/onprem.env');
  await declareTopology(env.amqpProvisionUrl);
  const s3 = new S3Client({
    endpoint: env.s3Endpoint,
    region: env.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  for (const bucket of [env.recordingsBucket, env.resultsBucket]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') {
        throw error;
      }
    });
  }
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: env.recordingsBucket,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'UploaderPutsRecordingsOnly',
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam:::user/callbrief-uploader'] },
            Action: ['s3:PutObject'],
            Resource: [`arn:aws:s3:::${env.recordingsBucket}/recordings/*`],
          },
          {
            // RGW leaves an object to the user who put it: the bucket owner (the service) is
            // granted reading and erasing what the uploader put, and nothing else of it.
            Sid: 'ServiceReadsAndErasesRecordings',
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam:::user/callbrief-service'] },
            Action: [
              's3:GetObject',
              's3:GetObjectVersion',
              's3:GetObjectTagging',
              's3:DeleteObject',
              's3:DeleteObjectVersion',
            ],
            Resource: [`arn:aws:s3:::${env.recordingsBucket}/*`],
          },
        ],
      }),
    }),
  );
  const topicArn = await createTopic(env, {
    'push-endpoint': env.amqpRgwUrl,
    'amqp-exchange': S3_EVENTS_EXCHANGE,
    'amqp-ack-level': 'broker',
    persistent: 'true',
  });
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: env.recordingsBucket,
      NotificationConfiguration: {
        TopicConfigurations: [
          {
            Id: 'recordings-to-ingest',
            TopicArn: topicArn,
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'recordings/' }] } },
          },
        ],
      },
    }),
  );
  console.log(`onprem provision: buckets, bucket policy, queues and notification ready`);
}

main().catch((error: unknown) => {
  console.error(`onprem provision: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
