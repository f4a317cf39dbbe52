import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import * as z from 'zod';
import type { StageName } from '../functions/shared/documents';
import { ConfigurationError } from '../functions/shared/errors';
import type { PipelineConfig } from '../functions/shared/pipelineConfig';
import { ROLES } from '../workspace/auth/roles';
import {
  type LiveBridgeSettings,
  parseLiveBridgeSettings,
} from './constructs/live/liveBridgeSettings';
import type { WorkspaceAuth } from './constructs/workspace/workspaceAuth';
import {
  type DataRetentionDays,
  DEFAULT_RETENTION_DAYS,
  retentionDaysSchema,
} from './dataRetention';
import { loadLambdaPipelineConfig } from './lambdaPipelineConfig';
import { assertStrictNetworkProviders } from './strictNetwork';

/**
 * Deployment settings, read once from CDK context (cdk.json "context", or `-c key=value`) and
 * validated into a frozen object. Every error names the context key to fix.
 *
 * Context keys:
 * - `account`: target account. Falls back to CDK_DEFAULT_ACCOUNT (set by the CLI from your
 *   credentials), then to the placeholder "000000000000" so synth works offline.
 *   A deploy needs the real account.
 * - `region`: default `eusc-de-east-1`; must be in partition `aws-eusc`. Deliberately not read
 *   from CDK_DEFAULT_REGION, so a profile's region cannot move data out of the partition.
 * - `pipelineConfig`: path (relative to the repository root) of the pipeline config JSON.
 * - `recordingsPrefix`, `logRetentionDays`, `maxReceiveCount`,
 *   `stages.<stage>.{memoryMb,timeoutSeconds,maxConcurrency,batchSize,alarmOldestMessageSeconds}`.
 * - `retentionDays.{recordings,recordingInfo,transcript,unredactedTranscript,translation,summary,
 *   errorRecord,handoff,erasureReceipt,liveSegment}`: days per class of data, see dataRetention.ts. Keys left
 *   out keep their default. Objects may be passed on the command line as JSON strings.
 * - `reconcile.{everyMinutes,olderThanMinutes,maxReenqueue}`: the scheduled reconciler that
 *   notifies ingest again of recordings with neither a summary nor an error record, see
 *   constructs/ReconcileSchedule.ts. Keys left out keep their default.
 * - `strictNetwork` (default false): every function runs in a VPC with isolated subnets only (no
 *   NAT or internet gateway) and reaches S3 through a gateway endpoint and SQS, KMS, CloudWatch
 *   Logs (plus Secrets Manager, SageMaker runtime, Bedrock runtime when the pipeline config uses
 *   them) through interface endpoints. Refuses providers reached over the internet
 *   (openai-compatible, deepl): use sagemaker and bedrock. See constructs/IsolatedNetwork.ts.
 * - `s3PrefixListId` (strict mode only): id of the managed prefix list
 *   `com.amazonaws.<region>.s3`, which the functions' security group allows HTTPS to. When
 *   unset, `cdk synth` looks it up with your credentials and caches it in cdk.context.json.
 * - `tracing` (default false): X-Ray active tracing with Powertools Tracer in every function.
 *   Off by default: traces of S3 calls carry bucket names and object keys (file names may hold
 *   names of people), and the tracer adds to every bundle; switch it on while diagnosing.
 * - `workspace` (default false): the case-worker workspace as an API Gateway HTTP API with a JWT
 *   authorizer (constructs/workspace/). Needs `workspaceIssuer` (the OIDC issuer URL, https) and
 *   `workspaceAudience` (the workspace's client id; several comma-separated); optional
 *   `workspaceRoleClaim` (default `groups`; `cognito:groups` for a Cognito user pool) and
 *   `workspaceRoleGroups` (JSON: group -> caseworker|dpo|admin; default each role's own name),
 *   `workspaceOrigin` (https://host of an authenticating proxy in front; forms only from there).
 * - `liveBridge` (default false): the AudioHook bridge as a container service behind a TLS
 *   load balancer (constructs/live/LiveBridge.ts), with `liveBridgeSettings` (JSON object:
 *   `certificateArn` required; `publicUrl`, `desiredCount`, `cpu`, `memoryMiB`, `allowedCidrs`,
 *   `natGateways`, `accessLogDays`, `maxUtteranceSeconds`, `defaultCaseId`, `baseImage`).
 * - TEST ONLY, never in cdk.json: `allowNonSovereignRegionForTests=true` skips the partition
 *   check; `allowHostBinaryProvidersForTests=true` accepts providers that cannot run in Lambda.
 */

export const STAGES = [
  'ingest',
  'transcribe',
  'translate',
  'summarize',
  'publish',
] as const satisfies readonly StageName[];

export const SOVEREIGN_PARTITION = 'aws-eusc';
export const PLACEHOLDER_ACCOUNT = '000000000000';

/** The repository root: relative context paths and Lambda entries resolve against it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const stageSettingsSchema = z.strictObject({
  memoryMb: int(128, 10_240),
  /**
   * /tmp of the function. Transcribe holds the recording, its channels and their pieces there
   * at once: about 2.5x the largest recording (a 2-hour 16 kHz stereo call is 461 MB).
   */
  ephemeralStorageMb: int(512, 10_240),
  /** Lambda's ceiling; the queue's visibility timeout is 6x this value. */
  timeoutSeconds: int(1, 900),
  /** Lambda's SQS event-source maximum concurrency accepts 2..1000. */
  maxConcurrency: int(2, 1000),
  /** Above 10 Lambda requires a batching window, which we do not use. */
  batchSize: int(1, 10),
  alarmOldestMessageSeconds: int(60, 1_209_600),
});
export type StageSettings = z.infer<typeof stageSettingsSchema>;

/** AI stages get one message per invocation and few parallel calls: vendor rate limits. */
export const DEFAULT_STAGE_SETTINGS: Readonly<Record<StageName, StageSettings>> = {
  ingest: {
    memoryMb: 512,
    ephemeralStorageMb: 512,
    timeoutSeconds: 120,
    maxConcurrency: 10,
    batchSize: 5,
    alarmOldestMessageSeconds: 900,
  },
  transcribe: {
    memoryMb: 1024,
    ephemeralStorageMb: 4096,
    timeoutSeconds: 600,
    maxConcurrency: 5,
    batchSize: 1,
    alarmOldestMessageSeconds: 900,
  },
  translate: {
    memoryMb: 512,
    ephemeralStorageMb: 512,
    timeoutSeconds: 300,
    maxConcurrency: 5,
    batchSize: 1,
    alarmOldestMessageSeconds: 900,
  },
  summarize: {
    memoryMb: 512,
    ephemeralStorageMb: 512,
    timeoutSeconds: 300,
    maxConcurrency: 5,
    batchSize: 1,
    alarmOldestMessageSeconds: 900,
  },
  publish: {
    memoryMb: 256,
    ephemeralStorageMb: 512,
    timeoutSeconds: 30,
    maxConcurrency: 5,
    batchSize: 10,
    alarmOldestMessageSeconds: 900,
  },
};

export const reconcileSettingsSchema = z.strictObject({
  /** At least twice the reconciler's timeout (5 min), so two runs never overlap. */
  everyMinutes: int(10, 1440),
  /** Younger recordings may still be on their way; an hour leaves room for slow engines. */
  olderThanMinutes: int(5, 43_200),
  /** Bounds each run, so a large backlog reaches ingest gradually. */
  maxReenqueue: int(1, 10_000),
});
export type ReconcileSettings = z.infer<typeof reconcileSettingsSchema>;

export const DEFAULT_RECONCILE_SETTINGS: Readonly<ReconcileSettings> = Object.freeze({
  everyMinutes: 15,
  olderThanMinutes: 60,
  maxReenqueue: 500,
});

export const RETENTION_DAYS_VALUES = Object.values(RetentionDays).filter(
  (value): value is number => typeof value === 'number',
);

/** `-c key=value` gives strings; cdk.json gives JSON values. Accept both for objects. */
const jsonObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, schema);

const flag = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
  .default(false);

const partialStage = stageSettingsSchema.partial().optional();

const contextSchema = z.object({
  account: z
    .string()
    .regex(/^\d{12}$/, 'a 12-digit AWS account id')
    .optional(),
  region: z.string().min(1).default('eusc-de-east-1'),
  pipelineConfig: z.string().min(1).default('config/eusc.json'),
  recordingsPrefix: z
    .string()
    .regex(/^[^/].*\/$/, 'a key prefix ending in "/" and not starting with "/"')
    .default('recordings/'),
  retentionDays: jsonObject(retentionDaysSchema).default(DEFAULT_RETENTION_DAYS),
  logRetentionDays: z.coerce
    .number()
    .refine((days) => RETENTION_DAYS_VALUES.includes(days), {
      message: `one of the CloudWatch Logs retention values: ${RETENTION_DAYS_VALUES.join(', ')}`,
    })
    .default(90),
  maxReceiveCount: int(1, 1000).default(5),
  stages: jsonObject(
    z.strictObject({
      ingest: partialStage,
      transcribe: partialStage,
      translate: partialStage,
      summarize: partialStage,
      publish: partialStage,
    }),
  ).default({}),
  reconcile: jsonObject(reconcileSettingsSchema.partial()).default({}),
  strictNetwork: flag,
  tracing: flag,
  liveBridge: flag,
  liveBridgeSettings: jsonObject(z.record(z.string(), z.unknown())).optional(),
  s3PrefixListId: z
    .string()
    .regex(/^pl-[0-9a-f]{8,17}$/, 'a prefix list id, e.g. "pl-0123456789abcdef0"')
    .optional(),
  workspace: flag,
  workspaceIssuer: z.url({ protocol: /^https$/ }).optional(),
  workspaceAudience: z.string().min(1).optional(),
  workspaceRoleClaim: z.string().min(1).optional(),
  workspaceRoleGroups: jsonObject(z.record(z.string(), z.enum(ROLES))).optional(),
  workspaceOrigin: z.string().min(1).optional(),
  allowNonSovereignRegionForTests: flag,
  allowHostBinaryProvidersForTests: flag,
});

export interface DeploymentConfig {
  account: string;
  /** True when no account was given: synth works, deploy would target a fake account. */
  accountIsPlaceholder: boolean;
  region: string;
  /** Absolute path of the pipeline config file that was loaded. */
  pipelineConfigPath: string;
  pipeline: PipelineConfig;
  recordingsPrefix: string;
  retentionDays: DataRetentionDays;
  logRetention: RetentionDays;
  maxReceiveCount: number;
  stages: Record<StageName, StageSettings>;
  reconcile: ReconcileSettings;
  /** Functions in isolated subnets, AWS APIs through VPC endpoints only. */
  strictNetwork: boolean;
  /** The S3 managed prefix list; looked up at synth when strict mode is on and it is unset. */
  s3PrefixListId?: string;
  /** X-Ray tracing with Powertools Tracer for every function. */
  tracing: boolean;
  /** The cloud workspace's sign-in; absent when the workspace is not deployed. */
  workspace?: WorkspaceAuth;
  /** The live bridge's settings when context `liveBridge` is true. */
  liveBridge?: LiveBridgeSettings;
}

/** Reads a context value; `(key) => app.node.tryGetContext(key)` in the app. */
export type ContextReader = (key: string) => unknown;

export function loadDeploymentConfig(
  readContext: ContextReader,
  env: NodeJS.ProcessEnv = process.env,
): DeploymentConfig {
  const raw = Object.fromEntries(
    Object.keys(contextSchema.shape).map((key) => [key, readContext(key)]),
  );
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  - context "${issue.path.join('.')}": ${issue.message}`)
      .join('\n');
    throw new ConfigurationError(
      `[callbrief:Config] Invalid CDK context:\n${problems}\nFix it in cdk.json "context" or pass -c <key>=<value>.`,
    );
  }
  const context = parsed.data;

  if (!context.allowNonSovereignRegionForTests) assertSovereignRegion(context.region);

  const account = context.account ?? env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT;
  const pipelineConfigPath = isAbsolute(context.pipelineConfig)
    ? context.pipelineConfig
    : resolve(REPO_ROOT, context.pipelineConfig);
  const pipeline = loadLambdaPipelineConfig(pipelineConfigPath, {
    allowHostBinaryProviders: context.allowHostBinaryProvidersForTests,
  });
  if (context.strictNetwork) assertStrictNetworkProviders(pipeline, context.pipelineConfig);

  const stages = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      Object.freeze({ ...DEFAULT_STAGE_SETTINGS[stage], ...context.stages[stage] }),
    ]),
  ) as Record<StageName, StageSettings>;

  return Object.freeze({
    account,
    accountIsPlaceholder: account === PLACEHOLDER_ACCOUNT,
    region: context.region,
    pipelineConfigPath,
    pipeline,
    recordingsPrefix: context.recordingsPrefix,
    retentionDays: Object.freeze(context.retentionDays),
    logRetention: context.logRetentionDays as RetentionDays,
    maxReceiveCount: context.maxReceiveCount,
    stages: Object.freeze(stages),
    reconcile: Object.freeze({ ...DEFAULT_RECONCILE_SETTINGS, ...context.reconcile }),
    strictNetwork: context.strictNetwork,
    tracing: context.tracing,
    ...(context.liveBridge
      ? {
          liveBridge: parseLiveBridgeSettings(
            context.liveBridgeSettings,
            'context "liveBridgeSettings"',
          ),
        }
      : {}),
    ...(context.s3PrefixListId ? { s3PrefixListId: context.s3PrefixListId } : {}),
    ...(context.workspace ? { workspace: workspaceAuthOf(context) } : {}),
  });
}

function workspaceAuthOf(context: z.infer<typeof contextSchema>): WorkspaceAuth {
  if (!context.workspaceIssuer || !context.workspaceAudience) {
    throw new ConfigurationError(
      '[callbrief:Config] workspace=true needs -c workspaceIssuer=<OIDC issuer URL> and ' +
        "-c workspaceAudience=<the workspace's client id>.",
    );
  }
  return {
    issuer: context.workspaceIssuer,
    audience: context.workspaceAudience.split(',').map((each) => each.trim()),
    ...(context.workspaceRoleClaim ? { roleClaim: context.workspaceRoleClaim } : {}),
    ...(context.workspaceRoleGroups ? { roleGroups: context.workspaceRoleGroups } : {}),
    ...(context.workspaceOrigin ? { origin: context.workspaceOrigin } : {}),
  };
}

function assertSovereignRegion(region: string): void {
  const partition = RegionInfo.get(region).partition ?? 'unknown';
  if (partition !== SOVEREIGN_PARTITION) {
    throw new ConfigurationError(
      `[callbrief:SovereignPartition] Region "${region}" belongs to partition "${partition}"; ` +
        `only ${SOVEREIGN_PARTITION} regions (eusc-de-east-1) are allowed, so recordings never ` +
        'leave the European Sovereign Cloud. Fix: remove the "region" context override or set ' +
        '-c region=eusc-de-east-1.',
    );
  }
}
