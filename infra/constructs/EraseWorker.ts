import { Duration } from 'aws-cdk-lib';
import { type Grant, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { artifactKey } from '../../functions/shared/artifactKeys';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import { acknowledge, nagArnOf, PACKS } from '../sovereignty/acknowledge';
import type { EncryptedBucket } from './EncryptedBucket';
import type { IsolatedNetwork } from './IsolatedNetwork';
import { QueueWithDeadLetter } from './QueueWithDeadLetter';
import { addQueueWorker } from './queueWorker';

export interface EraseWorkerProps {
  /** Absolute path of functions/handlers/erase.ts. */
  readonly entry: string;
  readonly projectRoot: string;
  readonly recordings: EncryptedBucket;
  readonly results: EncryptedBucket;
  /** Recordings lie under it; erasure deletes nothing else in the recordings bucket. */
  readonly recordingsPrefix: string;
  readonly queueKey: IKey;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  readonly maxReceiveCount: number;
  /**
   * Strict network mode: run in its isolated subnets.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

/** Erasing one case lists and deletes versions page by page; one request at a time each. */
const TIMEOUT_SECONDS = 300;

/**
 * Right to erasure (GDPR Art. 17): case systems send `erase-case` requests to the queue; the
 * function deletes every version of every object of the case in both buckets and writes a
 * receipt under `erasure-receipts/`. A request that keeps failing lands in the dead-letter
 * queue, which alarms: no erasure request is dropped silently.
 */
export class EraseWorker extends Construct {
  readonly input: QueueWithDeadLetter;
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: EraseWorkerProps) {
    super(scope, id);
    this.input = new QueueWithDeadLetter(this, 'Input', {
      purpose: 'erase (right to erasure requests)',
      encryptionKey: props.queueKey,
      maxReceiveCount: props.maxReceiveCount,
      visibilityTimeout: Duration.seconds(TIMEOUT_SECONDS * 6),
      retentionPeriod: Duration.days(14),
    });
    const worker = addQueueWorker(this, {
      description: 'callbrief erase: deletes every object version of a case',
      entry: props.entry,
      projectRoot: props.projectRoot,
      memoryMb: 256,
      timeoutSeconds: TIMEOUT_SECONDS,
      queue: this.input.queue,
      batchSize: 1,
      maxConcurrency: 2,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      network: props.network,
      environment: {
        [STAGE_ENV.recordingsBucket]: props.recordings.bucket.bucketName,
        [STAGE_ENV.resultsBucket]: props.results.bucket.bucketName,
      },
    });
    this.fn = worker.fn;

    const { recordings, results } = props;
    const recordingObjects = [`${props.recordingsPrefix}*`];
    // The prefixes eraseCase (functions/core/erasure) deletes from; never the receipts.
    const caseObjects = ['cases/*', 'unredacted/cases/*', 'errors/*'];
    const readable = [
      artifactKey({ case_id: '*', contact_id: '*' }, 'recording'),
      'erasure-receipts/*',
    ];
    const receipts = ['erasure-receipts/*'];
    const allow = (actions: string[], resources: string[]) =>
      worker.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
    const objects = (bucket: EncryptedBucket, keys: string[]) =>
      keys.map((key) => bucket.bucket.arnForObjects(key));

    const listVersions = ['s3:ListBucket', 's3:ListBucketVersions'];
    const deleteVersions = ['s3:DeleteObject', 's3:DeleteObjectVersion'];
    allow(listVersions, [recordings.bucket.bucketArn, results.bucket.bucketArn]);
    // No read of recordings: finding and deleting their versions needs none (nor their key).
    allow(deleteVersions, objects(recordings, recordingObjects));
    allow(deleteVersions, objects(results, caseObjects));
    allow(['s3:GetObject', 's3:GetObjectVersion'], objects(results, readable));
    // PutObjectTagging: the receipt is written with its callbrief:class tag.
    allow(['s3:PutObject', 's3:PutObjectTagging'], objects(results, receipts));
    results.key.grant(worker.role, 'kms:Decrypt', 'kms:GenerateDataKey');

    const wildcards = [
      ...recordingObjects.map((key) => `${nagArnOf(recordings.bucket)}/${key}`),
      ...[...new Set([...caseObjects, ...readable, ...receipts])].map(
        (key) => `${nagArnOf(results.bucket)}/${key}`,
      ),
    ];
    acknowledge(
      worker.role,
      PACKS.awsSolutions,
      wildcards.map((resource) => `IAM5[Resource::${resource}]`),
      'Object keys contain the case and contact ids, unknown at deploy time, so object ' +
        'permissions end in a wildcard: recordings only under the recordings prefix, results ' +
        'only under the prefixes of case data, recording.json and erasure-receipts/.',
    );
  }

  /** Lets a case system send erase-case requests (and nothing else) to the erase queue. */
  grantSendRequests(grantee: IGrantable): Grant {
    return this.input.queue.grantSendMessages(grantee);
  }
}
