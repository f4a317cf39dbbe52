import { z } from 'zod';
import { EEA_ONLY_COUNTRIES, EU_COUNTRIES, jurisdictionOf } from './euEndpoints';
import { assertAllowedUrl, buildAllowList } from './http/egressGuard';

/**
 * Configuration schemas of the HTTP and AWS AI providers, to be merged into the discriminated
 * unions of `shared/pipelineConfig.ts`. The egress check runs here too, so a non-EU `baseUrl`
 * fails at cold start or synth rather than on the first call.
 */

const language = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'a two- or three-letter ISO 639 language code, e.g. "de"');
const speakerRole = z.enum(['agent', 'caller', 'unknown']);
const awsRegion = z
  .string()
  .regex(/^[a-z]{2,4}(-[a-z]+)+-\d+$/, 'an AWS region, e.g. "eusc-de-east-1"');

export const allowedHostSchema = z
  .strictObject({
    host: z
      .string()
      .regex(
        /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
        'a lower-case DNS host name',
      ),
    operator: z.string().min(1),
    country: z.string().refine((code) => jurisdictionOf(code) !== undefined, {
      error: (issue) =>
        `"${String(issue.input)}" is not an EU/EEA country code; only endpoints in ${[...EU_COUNTRIES, ...EEA_ONLY_COUNTRIES].join(', ')} may receive call content`,
    }),
    jurisdiction: z.enum(['EU', 'EEA']),
    note: z.string().optional(),
  })
  .refine((entry) => jurisdictionOf(entry.country) === entry.jurisdiction, {
    error: 'jurisdiction does not match the country (EU members: "EU"; IS, LI, NO: "EEA")',
    path: ['jurisdiction'],
  });

/** Transport settings every HTTP provider shares. */
function httpSettings(defaultTimeoutMs: number) {
  return {
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable')
      .optional(),
    apiKeySecretId: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().default(defaultTimeoutMs),
    maxRetries: z.number().int().min(0).max(10).default(4),
    maxConcurrency: z.number().int().min(1).max(64).default(4),
    /** First backoff ceiling in ms; doubles per retry (full jitter). */
    retryBaseDelayMs: z.number().int().positive().default(500),
    /** Cap on one wait, Retry-After included. */
    maxRetryDelayMs: z.number().int().positive().default(30_000),
    /** Allows http(s)://localhost, 127.0.0.1 and [::1]: local runs and tests only. */
    allowLoopback: z.boolean().default(false),
    extraAllowedHosts: z.array(allowedHostSchema).default([]),
  };
}

interface HttpSettingsShape {
  baseUrl?: string;
  apiKeyEnv?: string;
  apiKeySecretId?: string;
  allowLoopback: boolean;
  extraAllowedHosts: z.infer<typeof allowedHostSchema>[];
}

/** Cross-field checks: one key source at most (or exactly one), and an allowed baseUrl. */
function checkHttpSettings(setting: string, keyRequired = false) {
  return (config: HttpSettingsShape, ctx: z.RefinementCtx) => {
    if (config.apiKeyEnv && config.apiKeySecretId) {
      ctx.addIssue({
        code: 'custom',
        message: 'set apiKeyEnv or apiKeySecretId, not both',
        path: ['apiKeySecretId'],
      });
    }
    if (keyRequired && !config.apiKeyEnv && !config.apiKeySecretId) {
      ctx.addIssue({
        code: 'custom',
        message: 'an API key is required: set apiKeyEnv or apiKeySecretId',
        path: ['apiKeyEnv'],
      });
    }
    if (config.baseUrl === undefined) return;
    // Invalid extra hosts are reported on their own path; leave them out of this check.
    const extraAllowedHosts = config.extraAllowedHosts.filter(
      (entry) => jurisdictionOf(entry.country) !== undefined,
    );
    try {
      const { allowLoopback } = config;
      assertAllowedUrl(
        config.baseUrl,
        buildAllowList({ setting, allowLoopback, extraAllowedHosts }),
      );
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message, path: ['baseUrl'] });
    }
  };
}

export const openaiCompatibleSpeechToTextConfig = z
  .strictObject({
    type: z.literal('openai-compatible'),
    /** e.g. https://api.eu.mistral.ai/v1; the provider appends /audio/transcriptions. */
    baseUrl: z.url(),
    model: z.string().min(1),
    /** Spoken language when the recording's metadata names none. */
    language: language.optional(),
    /** Ask for speaker labels (Mistral Voxtral `diarize=true`). */
    diarize: z.boolean().default(false),
    /** Diarization label to role, e.g. { "speaker_0": "agent" }; unmapped labels are `unknown`. */
    speakerRoles: z.record(z.string(), speakerRole).default({}),
    timestampGranularities: z
      .array(z.enum(['segment', 'word']))
      .min(1)
      .default(['segment', 'word']),
    /** Largest file sent in one request; the chunking layer splits above it. */
    maxUploadBytes: z.number().int().positive().default(25_000_000),
    ...httpSettings(300_000),
  })
  .superRefine(checkHttpSettings('speechToText'));

export const sagemakerSpeechToTextConfig = z.strictObject({
  type: z.literal('sagemaker'),
  endpointName: z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'a SageMaker endpoint name'),
  region: awsRegion.optional(),
  contentType: z.string().min(1).default('audio/wav'),
  /** Real-time InvokeEndpoint accepts at most about 6 MB per request. */
  maxUploadBytes: z.number().int().positive().default(6_000_000),
  timeoutMs: z.number().int().positive().default(60_000),
  maxConcurrency: z.number().int().min(1).max(64).default(4),
});

export const deeplTranslationConfig = z
  .strictObject({
    type: z.literal('deepl'),
    /** Defaults to api-free.deepl.com for ":fx" keys, else api.deepl.com. */
    baseUrl: z.url().optional(),
    /** Target variant DeepL needs for English and Portuguese. */
    englishVariant: z.enum(['EN-GB', 'EN-US']).default('EN-GB'),
    portugueseVariant: z.enum(['PT-PT', 'PT-BR']).default('PT-PT'),
    formality: z.enum(['default', 'more', 'less', 'prefer_more', 'prefer_less']).optional(),
    /** DeepL takes at most 50 texts per request. */
    batchSize: z.number().int().min(1).max(50).default(50),
    ...httpSettings(30_000),
  })
  .superRefine(checkHttpSettings('translation', true));

const structuredOutput = z.enum(['json_schema', 'json_object', 'none']).default('json_schema');

export const openaiCompatibleTranslationConfig = z
  .strictObject({
    type: z.literal('openai-compatible'),
    baseUrl: z.url(),
    model: z.string().min(1),
    temperature: z.number().min(0).max(2).default(0),
    maxTokens: z.number().int().positive().optional(),
    /** Turns per request; smaller batches realign more cheaply when a model miscounts. */
    batchSize: z.number().int().min(1).max(200).default(20),
    /** How to ask for JSON; `none` for servers that reject response_format. */
    structuredOutput,
    ...httpSettings(120_000),
  })
  .superRefine(checkHttpSettings('translation'));

export const bedrockTranslationConfig = z.strictObject({
  type: z.literal('bedrock'),
  modelId: z.string().min(1),
  region: awsRegion.optional(),
  temperature: z.number().min(0).max(1).default(0),
  maxTokens: z.number().int().positive().default(4096),
  batchSize: z.number().int().min(1).max(200).default(20),
  timeoutMs: z.number().int().positive().default(120_000),
  maxConcurrency: z.number().int().min(1).max(64).default(4),
});

export const openaiCompatibleSummarizationConfig = z
  .strictObject({
    type: z.literal('openai-compatible'),
    baseUrl: z.url(),
    model: z.string().min(1),
    temperature: z.number().min(0).max(2).default(0),
    maxTokens: z.number().int().positive().optional(),
    structuredOutput,
    ...httpSettings(180_000),
  })
  .superRefine(checkHttpSettings('summarization'));

export const bedrockSummarizationConfig = z.strictObject({
  type: z.literal('bedrock'),
  modelId: z.string().min(1),
  region: awsRegion.optional(),
  temperature: z.number().min(0).max(1).default(0),
  maxTokens: z.number().int().positive().default(4096),
  timeoutMs: z.number().int().positive().default(180_000),
});

export type AllowedHostConfig = z.infer<typeof allowedHostSchema>;
export type OpenAiCompatibleSpeechToTextConfig = z.infer<typeof openaiCompatibleSpeechToTextConfig>;
export type SagemakerSpeechToTextConfig = z.infer<typeof sagemakerSpeechToTextConfig>;
export type DeeplTranslationConfig = z.infer<typeof deeplTranslationConfig>;
export type OpenAiCompatibleTranslationConfig = z.infer<typeof openaiCompatibleTranslationConfig>;
export type BedrockTranslationConfig = z.infer<typeof bedrockTranslationConfig>;
export type OpenAiCompatibleSummarizationConfig = z.infer<
  typeof openaiCompatibleSummarizationConfig
>;
export type BedrockSummarizationConfig = z.infer<typeof bedrockSummarizationConfig>;
/** Input shapes (defaults optional), handy for tests and the local runner. */
export type OpenAiCompatibleSpeechToTextConfigInput = z.input<
  typeof openaiCompatibleSpeechToTextConfig
>;
export type DeeplTranslationConfigInput = z.input<typeof deeplTranslationConfig>;
export type OpenAiCompatibleTranslationConfigInput = z.input<
  typeof openaiCompatibleTranslationConfig
>;
export type OpenAiCompatibleSummarizationConfigInput = z.input<
  typeof openaiCompatibleSummarizationConfig
>;
