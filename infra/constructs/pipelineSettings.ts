import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import type { StageName } from '../../functions/shared/documents';
import { ConfigurationError } from '../../functions/shared/errors';
import type { PipelineConfig } from '../../functions/shared/pipelineConfig';
import {
  DEFAULT_RECONCILE_SETTINGS,
  DEFAULT_STAGE_SETTINGS,
  RETENTION_DAYS_VALUES,
  type ReconcileSettings,
  reconcileSettingsSchema,
  STAGES,
  type StageSettings,
  stageSettingsSchema,
} from '../config';
import {
  type DataRetentionDays,
  DEFAULT_RETENTION_DAYS,
  retentionDaysSchema,
} from '../dataRetention';
import type { CallbriefPipelineProps } from './CallbriefPipeline';

/** CallbriefPipelineProps with every default filled in and every value checked. */
export interface PipelineSettings {
  readonly pipeline: PipelineConfig;
  readonly recordingsPrefix: string;
  readonly retentionDays: DataRetentionDays;
  readonly logRetention: RetentionDays;
  readonly maxReceiveCount: number;
  readonly stages: Readonly<Record<StageName, StageSettings>>;
  readonly reconcile: ReconcileSettings;
  readonly strictNetwork: boolean;
  readonly s3PrefixListId?: string;
  readonly tracing: boolean;
}

const partialStage = z.optional(stageSettingsSchema.partial());

/** The same limits as the CDK context keys (infra/config.ts), named after the props. */
const propsSchema = z.object({
  recordingsPrefix: z
    .string()
    .regex(/^[^/].*\/$/, 'a key prefix ending in "/" and not starting with "/"')
    .default('recordings/'),
  retentionDays: retentionDaysSchema.default(DEFAULT_RETENTION_DAYS),
  logRetention: z
    .number()
    .refine((days) => RETENTION_DAYS_VALUES.includes(days), {
      message: `one of the CloudWatch Logs retention values: ${RETENTION_DAYS_VALUES.join(', ')}`,
    })
    .default(RetentionDays.THREE_MONTHS),
  maxReceiveCount: z.number().int().min(1).max(1000).default(5),
  stages: z
    .strictObject({
      ingest: partialStage,
      transcribe: partialStage,
      translate: partialStage,
      summarize: partialStage,
      publish: partialStage,
    })
    .default({}),
  reconcile: reconcileSettingsSchema.partial().default({}),
  strictNetwork: z.boolean().default(false),
  s3PrefixListId: z
    .string()
    .regex(/^pl-[0-9a-f]{8,17}$/, 'a prefix list id, e.g. "pl-0123456789abcdef0"')
    .optional(),
  tracing: z.boolean().default(false),
});

/** Validates the props early, with a message that names the prop to fix. */
export function resolvePipelineSettings(
  props: CallbriefPipelineProps,
  pipeline: PipelineConfig,
): PipelineSettings {
  const parsed = propsSchema.safeParse(props);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  - props.${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new ConfigurationError(`[callbrief:Props] Invalid CallbriefPipeline props:\n${problems}`);
  }
  const settings = parsed.data;
  const stages = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      Object.freeze({ ...DEFAULT_STAGE_SETTINGS[stage], ...settings.stages[stage] }),
    ]),
  ) as Record<StageName, StageSettings>;
  return Object.freeze({
    pipeline,
    recordingsPrefix: settings.recordingsPrefix,
    retentionDays: Object.freeze(settings.retentionDays),
    logRetention: settings.logRetention as RetentionDays,
    maxReceiveCount: settings.maxReceiveCount,
    stages: Object.freeze(stages),
    reconcile: Object.freeze({ ...DEFAULT_RECONCILE_SETTINGS, ...settings.reconcile }),
    strictNetwork: settings.strictNetwork,
    ...(settings.s3PrefixListId ? { s3PrefixListId: settings.s3PrefixListId } : {}),
    tracing: settings.tracing,
  });
}
