import { ConfigurationError } from './errors';
import { parseEnvironment } from './stageEnvironment';
import * as z from './zod';

/** Variables of the erasure machinery: the MAC key every function names cases with, and the erase queue. */
export const ERASURE_ENV = {
  caseIdMacKeyId: 'CASE_ID_MAC_KEY_ID',
  eraseQueueUrl: 'ERASE_QUEUE_URL',
  secondSweepDelaySeconds: 'SECOND_SWEEP_DELAY_SECONDS',
} as const;

/** The KMS HMAC key (id or ARN) behind the erasure markers; every stage needs it. */
export function readCaseIdMacKeyId(env: NodeJS.ProcessEnv = process.env): string {
  const keyId = env[ERASURE_ENV.caseIdMacKeyId];
  if (!keyId)
    throw new ConfigurationError(`Missing environment variable ${ERASURE_ENV.caseIdMacKeyId}`);
  return keyId;
}

const eraseSchema = z.object({
  [ERASURE_ENV.eraseQueueUrl]: z.url(),
  [ERASURE_ENV.secondSweepDelaySeconds]: z.coerce.number().check(z.int(), z.positive()),
});

/** The erase function's own queue (for its second sweep) and how long that sweep waits. */
export function readEraseEnvironment(env: NodeJS.ProcessEnv = process.env): {
  caseIdMacKeyId: string;
  eraseQueueUrl: string;
  secondSweepDelaySeconds: number;
} {
  const vars = parseEnvironment(eraseSchema, env);
  return Object.freeze({
    caseIdMacKeyId: readCaseIdMacKeyId(env),
    eraseQueueUrl: vars[ERASURE_ENV.eraseQueueUrl],
    secondSweepDelaySeconds: vars[ERASURE_ENV.secondSweepDelaySeconds],
  });
}
