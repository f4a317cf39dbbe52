import { parseEnvironment, STAGE_ENV } from './stageEnvironment';
import * as z from './zod';

/**
 * The environment contract between the CDK stack (infra/constructs/ReconcileSchedule.ts) and the
 * reconcile function, besides the buckets and the recordings prefix of STAGE_ENV.
 */
export const RECONCILE_ENV = {
  ingestQueueUrl: 'INGEST_QUEUE_URL',
  olderThanMinutes: 'RECONCILE_OLDER_THAN_MINUTES',
  maxReenqueue: 'RECONCILE_MAX_REENQUEUE',
} as const;

const envSchema = z.object({
  [STAGE_ENV.recordingsBucket]: z.string().check(z.minLength(1)),
  [STAGE_ENV.resultsBucket]: z.string().check(z.minLength(1)),
  [STAGE_ENV.recordingsPrefix]: z.string().check(z.minLength(1)),
  [RECONCILE_ENV.ingestQueueUrl]: z.url(),
  [RECONCILE_ENV.olderThanMinutes]: z.coerce.number().check(z.int(), z.positive()),
  [RECONCILE_ENV.maxReenqueue]: z.coerce.number().check(z.int(), z.positive()),
  // Set by Lambda; stamped on the notifications as S3 would.
  AWS_REGION: z.optional(z.string().check(z.minLength(1))),
});

export interface ReconcileEnvironment {
  recordingsBucket: string;
  resultsBucket: string;
  recordingsPrefix: string;
  ingestQueueUrl: string;
  olderThanMinutes: number;
  maxReenqueue: number;
  region?: string;
}

/** Read and checked once at cold start; a missing variable stops the run before any listing. */
export function readReconcileEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): ReconcileEnvironment {
  const vars = parseEnvironment(envSchema, env);
  return Object.freeze({
    recordingsBucket: vars[STAGE_ENV.recordingsBucket],
    resultsBucket: vars[STAGE_ENV.resultsBucket],
    recordingsPrefix: vars[STAGE_ENV.recordingsPrefix],
    ingestQueueUrl: vars[RECONCILE_ENV.ingestQueueUrl],
    olderThanMinutes: vars[RECONCILE_ENV.olderThanMinutes],
    maxReenqueue: vars[RECONCILE_ENV.maxReenqueue],
    ...(vars.AWS_REGION ? { region: vars.AWS_REGION } : {}),
  });
}
