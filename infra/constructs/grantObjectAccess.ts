import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { caseRollupKey } from '../../functions/core/caseRollup/caseRollupDocument';
import { erasureMarkerKey } from '../../functions/core/erasure/erasureMarker';
import { caseRenderingKey, summaryRenderingKey } from '../../functions/core/render/renderingKeys';
import {
  artifactKey,
  handoffKey,
  translationKey,
  unredactedTranscriptKey,
} from '../../functions/shared/artifactKeys';
import type { StageName } from '../../functions/shared/documents';
import { acknowledge, nagArnOf, PACKS } from '../sovereignty/acknowledge';
import type { CaseIdMacKey } from './CaseIdMacKey';
import type { EncryptedBucket } from './EncryptedBucket';

const ANY = { case_id: '*', contact_id: '*' };

/** Where each stage's code writes in the results bucket (see its core function). */
export const STAGE_WRITES: Readonly<Record<StageName, readonly string[]>> = {
  ingest: [artifactKey(ANY, 'recording'), 'cases/*/inputs/*'],
  transcribe: [artifactKey(ANY, 'transcript'), unredactedTranscriptKey(ANY)],
  translate: [translationKey(ANY, '*')],
  summarize: [artifactKey(ANY, 'summary-draft')],
  publish: [
    artifactKey(ANY, 'summary'),
    summaryRenderingKey(ANY, '*', 'md'),
    summaryRenderingKey(ANY, '*', 'html'),
    caseRollupKey('*'),
    caseRenderingKey('*', '*', 'md'),
    caseRenderingKey('*', '*', 'html'),
  ],
};

/** What every stage writes besides its artifacts: its hand-off marker and its error records. */
function writesOf(stage: StageName): string[] {
  return [...STAGE_WRITES[stage], handoffKey(ANY, stage), `errors/${stage}/*`];
}

/** Every stage reads artifacts of its case and looks up the case's erasure marker. */
const STAGE_READS = ['cases/*', erasureMarkerKey('*')];
/** Prefixes whose listing lets a read of a missing key answer 404 instead of 403. */
const STAGE_LISTS = ['cases/*', 'erasure-receipts/*'];

export interface StageObjectAccessProps {
  readonly recordings: EncryptedBucket;
  readonly results: EncryptedBucket;
  readonly recordingsPrefix: string;
  readonly caseIdMacKey: CaseIdMacKey;
  /**
   * Transcribe deletes the recording and its sidecars after transcription (config
   * retention.deleteRecordingAfterTranscription): the only deletion any stage may do, and only
   * in the recordings bucket.
   * @default false
   */
  readonly deleteRecordingAfterTranscription?: boolean;
}

/**
 * Least privilege per pipeline stage: exactly the actions and key patterns its code uses.
 * No stage may delete, re-encrypt, set retention or legal holds on a result object; listing is
 * allowed only under named prefixes (s3:prefix condition); only ingest and transcribe read
 * recordings.
 */
export function grantStageObjectAccess(
  stage: StageName,
  role: Role,
  props: StageObjectAccessProps,
): void {
  const { recordings, results } = props;
  const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources, conditions }));
  const objects = (bucket: EncryptedBucket, keys: readonly string[]) =>
    keys.map((key) => bucket.bucket.arnForObjects(key));
  const prefixed = (prefixes: string[]) => ({ StringLike: { 's3:prefix': prefixes } });

  allow(['s3:GetObject'], objects(results, STAGE_READS));
  // PutObjectTagging: every object is written with its callbrief:class tag (retention).
  allow(['s3:PutObject', 's3:PutObjectTagging'], objects(results, writesOf(stage)));
  allow(['s3:ListBucket'], [results.bucket.bucketArn], prefixed(STAGE_LISTS));
  results.key.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey');
  props.caseIdMacKey.grantGenerateMac(role);

  const recordingObjects = `${props.recordingsPrefix}*`;
  const readsRecordings = stage === 'ingest' || stage === 'transcribe';
  if (readsRecordings) {
    allow(['s3:GetObject'], objects(recordings, [recordingObjects]));
    allow(['s3:ListBucket'], [recordings.bucket.bucketArn], prefixed([recordingObjects]));
    recordings.key.grant(role, 'kms:Decrypt');
  }
  if (stage === 'transcribe' && props.deleteRecordingAfterTranscription) {
    allow(['s3:ListBucketVersions'], [recordings.bucket.bucketArn], prefixed([recordingObjects]));
    allow(['s3:DeleteObject', 's3:DeleteObjectVersion'], objects(recordings, [recordingObjects]));
  }

  const wildcards = [
    ...[...STAGE_READS, ...writesOf(stage)].map((key) => `${nagArnOf(results.bucket)}/${key}`),
    ...(readsRecordings ? [`${nagArnOf(recordings.bucket)}/${recordingObjects}`] : []),
  ];
  acknowledge(
    role,
    PACKS.awsSolutions,
    wildcards.map((resource) => `IAM5[Resource::${resource}]`),
    'Object keys contain the case and contact ids, unknown at deploy time, so object ' +
      `permissions end in wildcards: the ${stage} stage reads artifacts under cases/ and the ` +
      'erasure markers, and writes only its own artifacts, hand-off marker and error records' +
      (readsRecordings ? `; it reads recordings only under ${recordingObjects}.` : '.'),
  );
}
