import { Duration } from 'aws-cdk-lib';
import { type Grant, type IGrantable, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { caseDataPatterns, LIVE_AUDIO_ROOT } from '../../functions/core/erasure/caseData';
import { RECEIPTS_PREFIX } from '../../functions/core/erasure/erasureMarker';
import { artifactKey } from '../../functions/shared/artifactKeys';
import { ERASURE_ENV } from '../../functions/shared/erasureEnvironment';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import { acknowledge, nagArnOf, PACKS } from '../sovereignty/acknowledge';
import type { CaseIdMacKey } from './CaseIdMacKey';
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
  /** Names cases in markers and receipts. */
  readonly caseIdMacKey: CaseIdMacKey;
  /**
   * How long after the first sweep the second runs: the longest time any function may still
   * be writing for a case that it checked just before the marker appeared (the longest
   * function timeout, plus a margin).
   */
  readonly secondSweepDelaySeconds: number;
  /**
   * Strict network mode: run in its isolated subnets.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

/** Erasing one case lists and deletes versions page by page; one request at a time each. */
const TIMEOUT_SECONDS = 300;

/** What eraseCase (functions/core/erasure) reads to find a case's uploads, besides receipts. */
const RESULTS_READ = [
  artifactKey({ case_id: '*', contact_id: '*' }, 'recording'),
  'cases/*/inputs/*',
  'errors/*/cases/*',
  `${RECEIPTS_PREFIX}*`,
];
/** Error records of uploads from before their case was known (objectErrorInputId). */
const EARLY_ERRORS = 'errors/ingest/objects/*';

/**
 * Right to erasure (GDPR Art. 17): case systems send `erase-case` requests to the queue; the
 * function writes the case's erasure marker, deletes every version of every object of the case
 * in both buckets, queues its own second sweep on the same queue, and writes a receipt under
 * `erasure-receipts/`, a prefix the bucket policy reserves for this function alone. A request
 * that keeps failing lands in the dead-letter queue, which alarms: no erasure request is
 * dropped silently.
 */
export class EraseWorker extends Construct {
  readonly input: QueueWithDeadLetter;
  readonly fn: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: EraseWorkerProps) {
    super(scope, id);
    if (props.secondSweepDelaySeconds > TIMEOUT_SECONDS * 6 * props.maxReceiveCount) {
      throw new Error(`${this.node.path}: secondSweepDelaySeconds is longer than a request lives`);
    }
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
        [ERASURE_ENV.caseIdMacKeyId]: props.caseIdMacKey.key.keyArn,
        [ERASURE_ENV.eraseQueueUrl]: this.input.queue.queueUrl,
        [ERASURE_ENV.secondSweepDelaySeconds]: String(props.secondSweepDelaySeconds),
      },
    });
    this.fn = worker.fn;
    this.role = worker.role;
    this.grantEraseAccess(props);
    props.results.reservePrefixFor(RECEIPTS_PREFIX, this.role);
  }

  /** Exactly what eraseCase does: list, read, delete, write receipts, requeue, name cases. */
  private grantEraseAccess(props: EraseWorkerProps): void {
    const { recordings, results } = props;
    const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources, conditions }));
    const objects = (bucket: EncryptedBucket, keys: string[]) =>
      keys.map((key) => bucket.bucket.arnForObjects(key));
    const prefixed = (prefixes: string[]) => ({ StringLike: { 's3:prefix': prefixes } });

    // Recordings, and the live bridge's audio of calls in progress (caseData.ts).
    const recordingObjects = [`${props.recordingsPrefix}*`, `${LIVE_AUDIO_ROOT}*`];
    const caseObjects = [...caseDataPatterns(), EARLY_ERRORS];
    const listVersions = ['s3:ListBucket', 's3:ListBucketVersions'];
    const deleteVersions = ['s3:DeleteObject', 's3:DeleteObjectVersion'];
    allow(listVersions, [recordings.bucket.bucketArn], prefixed(recordingObjects));
    allow(
      listVersions,
      [results.bucket.bucketArn],
      prefixed([...caseObjects, `${RECEIPTS_PREFIX}*`]),
    );
    // No read of recordings: finding and deleting their versions needs none (nor their key).
    allow(deleteVersions, objects(recordings, recordingObjects));
    allow(deleteVersions, objects(results, caseObjects));
    allow(['s3:GetObject'], objects(results, RESULTS_READ));
    // PutObjectTagging: receipts and markers are written with their callbrief:class tag.
    allow(['s3:PutObject', 's3:PutObjectTagging'], objects(results, [`${RECEIPTS_PREFIX}*`]));
    results.key.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    props.caseIdMacKey.grantGenerateMac(this.role);
    // The second sweep: explicit instead of grantSendMessages (no kms:ReEncrypt*, kms:Encrypt).
    allow(['sqs:SendMessage'], [this.input.queue.queueArn]);
    props.queueKey.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');

    const wildcards = [
      ...recordingObjects.map((key) => `${nagArnOf(recordings.bucket)}/${key}`),
      ...[...new Set([...caseObjects, ...RESULTS_READ])].map(
        (key) => `${nagArnOf(results.bucket)}/${key}`,
      ),
    ];
    acknowledge(
      this.role,
      PACKS.awsSolutions,
      wildcards.map((resource) => `IAM5[Resource::${resource}]`),
      'Object keys contain the case and contact ids, unknown at deploy time, so object ' +
        'permissions end in a wildcard: recordings only under the recordings prefix, results ' +
        'only under the prefixes of case data (functions/core/erasure/caseData.ts), the ' +
        "documents that name a case's uploads, and erasure-receipts/.",
    );
  }

  /** Lets a case system send erase-case requests (and nothing else) to the erase queue. */
  grantSendRequests(grantee: IGrantable): Grant {
    return this.input.queue.grantSendMessages(grantee);
  }
}
