import * as z from '../shared/zod';
import { EEA_ONLY_COUNTRIES, EU_COUNTRIES, jurisdictionOf } from './euEndpoints';
import { assertAllowedUrl, buildAllowList } from './http/egressGuard';

/**
 * Configuration schemas of the HTTP and AWS AI providers, to be merged into the discriminated
 * unions of `shared/pipelineConfig.ts`. The egress check runs here too, so a non-EU `baseUrl`
 * fails at cold start or synth rather than on the first call.
 */

const language = z
  .string()
  .check(z.regex(/^[a-z]{2,3}$/, 'a two- or three-letter ISO 639 language code, e.g. "de"'));
const speakerRole = z.enum(['agent', 'caller', 'unknown']);
const awsRegion = z
  .string()
  .check(z.regex(/^[a-z]{2,4}(-[a-z]+)+-\d+$/, 'an AWS region, e.g. "eusc-de-east-1"'));
/** An integer above 0. */
const positiveInt = () => z.number().check(z.int(), z.positive());
/** An integer from min to max, both included. */
const intBetween = (min: number, max: number) =>
  z.number().check(z.int(), z.minimum(min), z.maximum(max));
/** A number from min to max, both included. */
const between = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max));
const nonEmpty = () => z.string().check(z.minLength(1));

export const allowedHostSchema = z
  .strictObject({
    host: z
      .string()
      .check(
        z.regex(
          /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
          'a lower-case DNS host name',
        ),
      ),
    operator: nonEmpty(),
    country: z.string().check(
      z.refine((code) => jurisdictionOf(code) !== undefined, {
        error: (issue) =>
          `"${String(issue.input)}" is not an EU/EEA country code; only endpoints in ${[...EU_COUNTRIES, ...EEA_ONLY_COUNTRIES].join(', ')} may receive call content`,
      }),
    ),
    jurisdiction: z.enum(['EU', 'EEA']),
    note: z.optional(z.string()),
    authorityHost: z.optional(
      z.strictObject({
        /** How the functions reach it, e.g. "AWS Direct Connect to the city data centre". */
        privateLink: nonEmpty(),
        /** Why call content may go there: read by whoever reviews the sovereignty report. */
        reason: z.string().check(z.minLength(20)),
      }),
    ),
  })
  .check(
    z.refine((entry) => jurisdictionOf(entry.country) === entry.jurisdiction, {
      error: 'jurisdiction does not match the country (EU members: "EU"; IS, LI, NO: "EEA")',
      path: ['jurisdiction'],
    }),
  );

/** Transport settings every HTTP provider shares. */
function httpSettings(defaultTimeoutMs: number) {
  return {
    apiKeyEnv: z.optional(
      z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable')),
    ),
    apiKeySecretId: z.optional(nonEmpty()),
    /** How long a key read from Secrets Manager is reused; a 401/403 fetches it again at once. */
    apiKeyMaxAgeSeconds: z._default(intBetween(1, 86_400), 300),
    timeoutMs: z._default(positiveInt(), defaultTimeoutMs),
    maxRetries: z._default(intBetween(0, 10), 4),
    maxConcurrency: z._default(intBetween(1, 64), 4),
    /** First backoff ceiling in ms; doubles per retry (full jitter). */
    retryBaseDelayMs: z._default(positiveInt(), 500),
    /** Cap on one wait, Retry-After included. */
    maxRetryDelayMs: z._default(positiveInt(), 30_000),
    /** Allows http(s)://localhost, 127.0.0.1 and [::1]: local runs and tests only. */
    allowLoopback: z._default(z.boolean(), false),
    extraAllowedHosts: z._default(z.array(allowedHostSchema), []),
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
  return (config: HttpSettingsShape, ctx: z.core.$RefinementCtx) => {
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
    model: nonEmpty(),
    /** Spoken language when the recording's metadata names none. */
    language: z.optional(language),
    /** Ask for speaker labels (Mistral Voxtral `diarize=true`). */
    diarize: z._default(z.boolean(), false),
    /** Diarization label to role, e.g. { "speaker_0": "agent" }; unmapped labels are `unknown`. */
    speakerRoles: z._default(z.record(z.string(), speakerRole), {}),
    /**
     * How the pipeline's `vocabulary` is sent: `prompt` (Whisper servers, OVHcloud, Scaleway) or
     * `context_bias` (Mistral Voxtral, one form field per term).
     */
    vocabularyField: z._default(z.enum(['prompt', 'context_bias']), 'prompt'),
    timestampGranularities: z._default(z.array(z.enum(['segment', 'word'])).check(z.minLength(1)), [
      'segment',
      'word',
    ]),
    /** Largest file sent in one request; the chunking layer splits above it. */
    maxUploadBytes: z._default(positiveInt(), 25_000_000),
    /**
     * Send Ogg, FLAC and MP3 recordings as received when no channel split or cutting is needed
     * (mono, under maxUploadBytes); otherwise, and by default, they are decoded to PCM WAV.
     */
    sendOriginalAudio: z._default(z.boolean(), false),
    ...httpSettings(300_000),
  })
  .check(z.superRefine(checkHttpSettings('speechToText')));

export const sagemakerSpeechToTextConfig = z.strictObject({
  type: z.literal('sagemaker'),
  endpointName: z
    .string()
    .check(z.regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'a SageMaker endpoint name')),
  region: z.optional(awsRegion),
  contentType: z._default(nonEmpty(), 'audio/wav'),
  /** Real-time InvokeEndpoint accepts at most about 6 MB per request. */
  maxUploadBytes: z._default(positiveInt(), 6_000_000),
  timeoutMs: z._default(positiveInt(), 60_000),
  maxConcurrency: z._default(intBetween(1, 64), 4),
});

export const deeplTranslationConfig = z
  .strictObject({
    type: z.literal('deepl'),
    /** Defaults to api-free.deepl.com for ":fx" keys, else api.deepl.com. */
    baseUrl: z.optional(z.url()),
    /** Target variant DeepL needs for English and Portuguese. */
    englishVariant: z._default(z.enum(['EN-GB', 'EN-US']), 'EN-GB'),
    portugueseVariant: z._default(z.enum(['PT-PT', 'PT-BR']), 'PT-PT'),
    formality: z.optional(z.enum(['default', 'more', 'less', 'prefer_more', 'prefer_less'])),
    /** DeepL takes at most 50 texts per request. */
    batchSize: z._default(intBetween(1, 50), 50),
    ...httpSettings(30_000),
  })
  .check(z.superRefine(checkHttpSettings('translation', true)));

const structuredOutput = z._default(z.enum(['json_schema', 'json_object', 'none']), 'json_schema');

export const openaiCompatibleTranslationConfig = z
  .strictObject({
    type: z.literal('openai-compatible'),
    baseUrl: z.url(),
    model: nonEmpty(),
    temperature: z._default(between(0, 2), 0),
    maxTokens: z.optional(positiveInt()),
    /** Turns per request; smaller batches realign more cheaply when a model miscounts. */
    batchSize: z._default(intBetween(1, 200), 20),
    /** How to ask for JSON; `none` for servers that reject response_format. */
    structuredOutput,
    ...httpSettings(120_000),
  })
  .check(z.superRefine(checkHttpSettings('translation')));

export const bedrockTranslationConfig = z.strictObject({
  type: z.literal('bedrock'),
  modelId: nonEmpty(),
  region: z.optional(awsRegion),
  temperature: z._default(between(0, 1), 0),
  maxTokens: z._default(positiveInt(), 4096),
  batchSize: z._default(intBetween(1, 200), 20),
  timeoutMs: z._default(positiveInt(), 120_000),
  maxConcurrency: z._default(intBetween(1, 64), 4),
});

/**
 * The model's context, for summarizing long contacts in pieces (functions/core/summarize/):
 * the window in tokens, how many UTF-8 bytes make a token at worst (3 is safe for German,
 * Turkish and Cyrillic text; English averages 4), and how many requests one contact may cost.
 */
const contextBudgetSettings = {
  contextTokens: z._default(positiveInt(), 32_000),
  bytesPerToken: z._default(between(1, 8), 3),
  maxCallsPerContact: z._default(intBetween(1, 200), 12),
};

export const openaiCompatibleSummarizationConfig = z
  .strictObject({
    type: z.literal('openai-compatible'),
    baseUrl: z.url(),
    model: nonEmpty(),
    temperature: z._default(between(0, 2), 0),
    maxTokens: z.optional(positiveInt()),
    structuredOutput,
    ...contextBudgetSettings,
    ...httpSettings(180_000),
  })
  .check(z.superRefine(checkHttpSettings('summarization')));

export const bedrockSummarizationConfig = z.strictObject({
  type: z.literal('bedrock'),
  modelId: nonEmpty(),
  region: z.optional(awsRegion),
  temperature: z._default(between(0, 1), 0),
  maxTokens: z._default(positiveInt(), 4096),
  timeoutMs: z._default(positiveInt(), 180_000),
  ...contextBudgetSettings,
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
