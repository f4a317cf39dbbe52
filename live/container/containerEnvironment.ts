import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '../../functions/shared/errors';
import { type PipelineConfig, parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { parseEnvironment, STAGE_ENV } from '../../functions/shared/stageEnvironment';
import * as z from '../../functions/shared/zod';
import { type Credential, parseCredentials } from '../bridge/credentials';

/**
 * The environment contract between the CDK construct (infra/constructs/live/LiveBridge.ts) and
 * the bridge's container. Buckets, prefix and pipeline config carry the stage functions' names,
 * so the sovereignty report reads the bridge's providers like a function's. The API keys and
 * the view key are injected by ECS from Secrets Manager, never written into the task definition.
 */
export const LIVE_CONTAINER_ENV = {
  recordingsBucket: STAGE_ENV.recordingsBucket,
  resultsBucket: STAGE_ENV.resultsBucket,
  recordingsPrefix: STAGE_ENV.recordingsPrefix,
  pipelineConfig: STAGE_ENV.pipelineConfig,
  apiKeys: 'CALLBRIEF_LIVE_API_KEYS',
  viewKey: 'CALLBRIEF_LIVE_VIEW_KEY',
  /** https://host the certificate names; view links are absolute under it. */
  publicUrl: 'CALLBRIEF_LIVE_PUBLIC_URL',
  port: 'CALLBRIEF_LIVE_PORT',
  maxUtteranceSeconds: 'CALLBRIEF_LIVE_MAX_UTTERANCE_SECONDS',
  defaultCaseId: 'CALLBRIEF_LIVE_DEFAULT_CASE',
} as const;

const E = LIVE_CONTAINER_ENV;
const nonEmpty = () => z.string().check(z.minLength(1));
const schema = z.object({
  [E.recordingsBucket]: nonEmpty(),
  [E.resultsBucket]: nonEmpty(),
  [E.recordingsPrefix]: z._default(z.string(), 'recordings/'),
  [E.pipelineConfig]: z.string().check(z.minLength(2)),
  [E.apiKeys]: nonEmpty(),
  [E.viewKey]: z.string().check(z.minLength(43)),
  [E.publicUrl]: z.optional(z.url({ protocol: /^https$/ })),
  [E.port]: z._default(z.coerce.number().check(z.int(), z.positive()), 8080),
  [E.maxUtteranceSeconds]: z._default(z.coerce.number().check(z.positive()), 15),
  [E.defaultCaseId]: z._default(z.string(), 'LIVE'),
});

export interface LiveContainerEnvironment {
  recordingsBucket: string;
  resultsBucket: string;
  recordingsPrefix: string;
  pipeline: PipelineConfig;
  credentials: Credential[];
  viewKey: Buffer;
  publicUrl?: string;
  port: number;
  maxUtteranceSeconds: number;
  defaultCaseId: string;
}

/** Reads and checks the container's environment once at start; errors name the variable. */
export function readLiveContainerEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): LiveContainerEnvironment {
  const vars = parseEnvironment(schema, env);
  let pipelineJson: unknown;
  try {
    pipelineJson = JSON.parse(vars[E.pipelineConfig]);
  } catch (error) {
    throw new ConfigurationError(`${E.pipelineConfig} is not valid JSON`, { cause: error });
  }
  let credentials: Credential[];
  try {
    credentials = parseCredentials(vars[E.apiKeys]);
  } catch (error) {
    // The message never quotes the secret's value.
    throw new ConfigurationError(`${E.apiKeys}: ${(error as Error).message}`);
  }
  const viewKey = Buffer.from(vars[E.viewKey], 'base64');
  const publicUrl = vars[E.publicUrl];
  if (viewKey.length < 32)
    throw new ConfigurationError(`${E.viewKey} must be base64 of at least 32 bytes`);
  return Object.freeze({
    recordingsBucket: vars[E.recordingsBucket],
    resultsBucket: vars[E.resultsBucket],
    recordingsPrefix: vars[E.recordingsPrefix],
    pipeline: parsePipelineConfig(pipelineJson, E.pipelineConfig),
    credentials,
    viewKey,
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    port: vars[E.port],
    maxUtteranceSeconds: vars[E.maxUtteranceSeconds],
    defaultCaseId: vars[E.defaultCaseId],
  });
}

/** A view key for tests. */
export const randomViewKey = () => randomBytes(32).toString('base64');
