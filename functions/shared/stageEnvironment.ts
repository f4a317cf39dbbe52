import { ConfigurationError } from './errors';
import { type PipelineConfig, parsePipelineConfig } from './pipelineConfig';
import { assertNoProxyEnvironment } from './proxyEnvironment';
import * as z from './zod';

/**
 * The environment contract between the CDK stack and every stage function. Read and checked
 * once at cold start; a missing variable stops the function before it touches any message.
 */
export const STAGE_ENV = {
  recordingsBucket: 'RECORDINGS_BUCKET',
  resultsBucket: 'RESULTS_BUCKET',
  recordingsPrefix: 'RECORDINGS_PREFIX',
  nextQueueUrl: 'NEXT_QUEUE_URL',
  pipelineConfig: 'PIPELINE_CONFIG',
  handoffStaleSeconds: 'HANDOFF_STALE_SECONDS',
} as const;

const envSchema = z.object({
  [STAGE_ENV.recordingsBucket]: z.string().check(z.minLength(1)),
  [STAGE_ENV.resultsBucket]: z.string().check(z.minLength(1)),
  [STAGE_ENV.recordingsPrefix]: z._default(z.string(), 'recordings/'),
  [STAGE_ENV.nextQueueUrl]: z.url(),
  [STAGE_ENV.pipelineConfig]: z.string().check(z.minLength(2)),
  // At least the function timeout: an older 'sending' hand-off marker belongs to a dead worker.
  [STAGE_ENV.handoffStaleSeconds]: z._default(z.coerce.number().check(z.int(), z.positive()), 900),
});

export interface StageEnvironment {
  recordingsBucket: string;
  resultsBucket: string;
  recordingsPrefix: string;
  nextQueueUrl: string;
  handoffStaleSeconds: number;
  pipeline: PipelineConfig;
}

/** Checks the environment against a schema; the error names every missing or invalid variable. */
export function parseEnvironment<S extends z.ZodMiniObject>(
  schema: S,
  env: NodeJS.ProcessEnv,
): z.infer<S> {
  assertNoProxyEnvironment(env);
  const result = schema.safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new ConfigurationError(`Missing or invalid environment variables: ${names}`);
  }
  return result.data;
}

export function readStageEnvironment(env: NodeJS.ProcessEnv = process.env): StageEnvironment {
  const vars = parseEnvironment(envSchema, env);
  let pipelineJson: unknown;
  try {
    pipelineJson = JSON.parse(vars[STAGE_ENV.pipelineConfig]);
  } catch (error) {
    throw new ConfigurationError(`${STAGE_ENV.pipelineConfig} is not valid JSON`, { cause: error });
  }
  return Object.freeze({
    recordingsBucket: vars[STAGE_ENV.recordingsBucket],
    resultsBucket: vars[STAGE_ENV.resultsBucket],
    recordingsPrefix: vars[STAGE_ENV.recordingsPrefix],
    nextQueueUrl: vars[STAGE_ENV.nextQueueUrl],
    handoffStaleSeconds: vars[STAGE_ENV.handoffStaleSeconds],
    pipeline: parsePipelineConfig(pipelineJson, STAGE_ENV.pipelineConfig),
  });
}

/** The erase and review functions only need the buckets. */
export function readBucketsEnvironment(env: NodeJS.ProcessEnv = process.env): {
  recordingsBucket: string;
  resultsBucket: string;
} {
  assertNoProxyEnvironment(env);
  const recordingsBucket = env[STAGE_ENV.recordingsBucket];
  const resultsBucket = env[STAGE_ENV.resultsBucket];
  if (!recordingsBucket || !resultsBucket) {
    throw new ConfigurationError(
      `Missing environment variables: ${STAGE_ENV.recordingsBucket}, ${STAGE_ENV.resultsBucket}`,
    );
  }
  return Object.freeze({ recordingsBucket, resultsBucket });
}
