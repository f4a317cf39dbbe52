import * as z from 'zod';
import { ConfigurationError } from '../../../functions/shared/errors';

/** An ACM certificate of the sovereign partition's region. */
const CERTIFICATE_ARN = /^arn:aws-eusc:acm:eusc-de-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

/**
 * Settings of the live bridge in the stack (context `liveBridgeSettings`, prop
 * `CallbriefPipelineProps.liveBridge`). Every key but `certificateArn` has a default.
 */
export const liveBridgeSettingsSchema = z.strictObject({
  /** ACM certificate for the TLS listener; Genesys connects only to publicly trusted names. */
  certificateArn: z
    .string()
    .regex(
      CERTIFICATE_ARN,
      'an ACM certificate ARN in aws-eusc (arn:aws-eusc:acm:eusc-de-east-1:…)',
    ),
  /** https://<name on the certificate>: makes the view links absolute. */
  publicUrl: z
    .string()
    .regex(/^https:\/\/[a-z0-9.-]+$/, 'https://<host name>, without a path')
    .optional(),
  /**
   * Running tasks. The live views of a call are served by the task that carries it, so more
   * than one task serves a view link only when it reaches that task (README, Live mode).
   */
  desiredCount: z.coerce.number().int().min(1).max(20).default(1),
  /** Fargate CPU units and memory of a task. */
  cpu: z.coerce
    .number()
    .refine(
      (value) => [256, 512, 1024, 2048, 4096].includes(value),
      'one of 256, 512, 1024, 2048, 4096',
    )
    .default(1024),
  memoryMiB: z.coerce.number().int().min(512).max(30_720).default(2048),
  /** Who may open connections to the load balancer (Genesys Cloud, the viewers' browsers). */
  allowedCidrs: z
    .array(z.string().regex(/^[0-9.]+\/\d{1,2}$/, 'an IPv4 CIDR'))
    .min(1)
    .default(['0.0.0.0/0']),
  /** NAT gateways for the tasks' way out (providers, AWS APIs): 2 for one per AZ. */
  natGateways: z.coerce.number().int().min(1).max(2).default(1),
  /** Days the load balancer's access logs are kept (they hold client IP addresses). */
  accessLogDays: z.coerce.number().int().min(1).max(3650).default(90),
  /** Longest utterance in seconds. */
  maxUtteranceSeconds: z.coerce.number().min(1).max(60).default(15),
  /** Case of calls whose AudioHook `customConfig` names none. */
  defaultCaseId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/)
    .default('LIVE'),
  /** Base image of the container (a mirror in the partition's ECR). */
  baseImage: z.string().min(1).default('node:24-bookworm-slim'),
});

export type LiveBridgeSettings = z.infer<typeof liveBridgeSettingsSchema>;
export type LiveBridgeSettingsInput = z.input<typeof liveBridgeSettingsSchema>;

/** Checks the settings once; the error names each key to fix and where it came from. */
export function parseLiveBridgeSettings(input: unknown, source: string): LiveBridgeSettings {
  const parsed = liveBridgeSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return Object.freeze(parsed.data);
  const problems = parsed.error.issues
    .map((issue) => `  - ${issue.path.join('.') || '(settings)'}: ${issue.message}`)
    .join('\n');
  throw new ConfigurationError(
    `[callbrief:LiveBridge] Invalid live bridge settings in ${source}:\n${problems}\n` +
      'The bridge needs at least a certificate: -c liveBridge=true ' +
      `-c liveBridgeSettings='{"certificateArn":"arn:aws-eusc:acm:eusc-de-east-1:<account>:certificate/<id>"}'.`,
  );
}
