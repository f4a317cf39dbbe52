import { Duration } from 'aws-cdk-lib';
import { type Grant, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { erasureMarkerKey } from '../../functions/core/erasure/erasureMarker';
import { ERASURE_ENV } from '../../functions/shared/erasureEnvironment';
import { STAGE_ENV } from '../../functions/shared/stageEnvironment';
import { acknowledge, nagArnOf, PACKS } from '../sovereignty/acknowledge';
import type { CaseIdMacKey } from './CaseIdMacKey';
import type { EncryptedBucket } from './EncryptedBucket';
import type { IsolatedNetwork } from './IsolatedNetwork';
import { QueueWithDeadLetter } from './QueueWithDeadLetter';
import { addQueueWorker } from './queueWorker';

export interface ReviewWorkerProps {
  /** Absolute path of functions/handlers/review.ts. */
  readonly entry: string;
  readonly projectRoot: string;
  readonly results: EncryptedBucket;
  readonly queueKey: IKey;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  readonly maxReceiveCount: number;
  /** A decision on an erased case is acknowledged without writing: it looks up the marker. */
  readonly caseIdMacKey: CaseIdMacKey;
  /**
   * Strict network mode: run in its isolated subnets.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

const TIMEOUT_SECONDS = 30;

/**
 * Human oversight (EU AI Act): case systems send `review-summary` decisions (approved, or
 * corrected with the new text); the function records them beside the untouched AI summary.
 * It may read summaries and write only review.json and summary.corrected.json.
 */
export class ReviewWorker extends Construct {
  readonly input: QueueWithDeadLetter;
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ReviewWorkerProps) {
    super(scope, id);
    this.input = new QueueWithDeadLetter(this, 'Input', {
      purpose: 'review (human decisions on AI summaries)',
      encryptionKey: props.queueKey,
      maxReceiveCount: props.maxReceiveCount,
      visibilityTimeout: Duration.seconds(TIMEOUT_SECONDS * 6),
      retentionPeriod: Duration.days(14),
    });
    const worker = addQueueWorker(this, {
      description: 'callbrief review: records decisions on AI summaries',
      entry: props.entry,
      projectRoot: props.projectRoot,
      memoryMb: 256,
      timeoutSeconds: TIMEOUT_SECONDS,
      queue: this.input.queue,
      batchSize: 5,
      maxConcurrency: 2,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      network: props.network,
      environment: {
        [STAGE_ENV.resultsBucket]: props.results.bucket.bucketName,
        [ERASURE_ENV.caseIdMacKeyId]: props.caseIdMacKey.key.keyArn,
      },
    });
    this.fn = worker.fn;

    const { results } = props;
    // A correction also updates the case roll-up (case.json), which names the recording's time.
    const readable = [
      'cases/*/contacts/*/summary.json',
      'cases/*/contacts/*/summary.corrected.json',
      'cases/*/contacts/*/recording.json',
      'cases/*/case.json',
      erasureMarkerKey('*'),
    ];
    const writable = [
      'cases/*/contacts/*/review.json',
      'cases/*/contacts/*/summary.corrected.json',
      'cases/*/case.json',
    ];
    const allow = (actions: string[], keys: string[]) =>
      worker.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions,
          resources: keys.map((key) => results.bucket.arnForObjects(key)),
        }),
      );
    allow(['s3:GetObject'], readable);
    // PutObjectTagging: review records are written with their callbrief:class tag.
    allow(['s3:PutObject', 's3:PutObjectTagging'], writable);
    worker.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [results.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['cases/*', 'erasure-receipts/*'] } },
      }),
    );
    results.key.grant(worker.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    props.caseIdMacKey.grantGenerateMac(worker.role);
    acknowledge(
      worker.role,
      PACKS.awsSolutions,
      [...readable, ...writable].map((key) => `IAM5[Resource::${nagArnOf(results.bucket)}/${key}]`),
      'Object keys contain the case and contact ids, unknown at deploy time: the review function ' +
        'may read only the summaries, recording.json and case.json, and write only review.json, ' +
        'summary.corrected.json and the case roll-up.',
    );
  }

  /** Lets a case system send review-summary decisions (and nothing else) to the review queue. */
  grantSendDecisions(grantee: IGrantable): Grant {
    return this.input.queue.grantSendMessages(grantee);
  }
}
