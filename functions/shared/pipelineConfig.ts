import {
  bedrockSummarizationConfig,
  bedrockTranslationConfig,
  deeplTranslationConfig,
  openaiCompatibleSpeechToTextConfig,
  openaiCompatibleSummarizationConfig,
  openaiCompatibleTranslationConfig,
  sagemakerSpeechToTextConfig,
} from '../providers/providerConfigs';
import { ConfigurationError } from './errors';
import * as z from './zod';

/**
 * The one configuration document that chooses the AI behind each stage. Read by the CDK app
 * (baked into each function's environment) and by the local runner (`--config FILE`).
 * Secrets never sit in it: HTTP providers name where their key comes from.
 */

const language = z
  .string()
  .check(z.regex(/^[a-z]{2,3}$/, 'a two- or three-letter ISO 639 language code, e.g. "de"'));

const speakerRole = z.enum(['agent', 'caller', 'unknown']);

export const speechToTextConfig = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('pocketsphinx'),
    /** Language the acoustic model understands; Debian ships US English only. */
    language: z._default(language, 'en'),
  }),
  openaiCompatibleSpeechToTextConfig,
  sagemakerSpeechToTextConfig,
]);

export const translationConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('apertium') }),
  deeplTranslationConfig,
  openaiCompatibleTranslationConfig,
  bedrockTranslationConfig,
]);

export const summarizationConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('extractive') }),
  openaiCompatibleSummarizationConfig,
  bedrockSummarizationConfig,
]);

/**
 * Personal identifiers (IBAN, tax id, phone number, e-mail, ...) are replaced by typed
 * placeholders before a transcript, translation or summary is stored.
 */
export const redactionConfig = z.prefault(
  z.strictObject({
    enabled: z._default(z.boolean(), true),
    /**
     * Also store the transcript as recognised, before redaction, under `unredacted/` (see
     * unredactedTranscriptKey for its retention), e.g. to check the detectors against the audio.
     */
    keepUnredactedTranscript: z._default(z.boolean(), false),
  }),
  {},
);

export type RedactionConfig = z.infer<typeof redactionConfig>;

/** What a configuration without a `redaction` section gets: redact, keep nothing raw. */
export const DEFAULT_REDACTION: Readonly<RedactionConfig> = Object.freeze(
  redactionConfig.parse(undefined),
);

export const retentionConfig = z.prefault(
  z.strictObject({
    /**
     * Data minimisation: delete the recording (every version) and its sidecar once the
     * transcript is stored and handed on. Re-transcription is then impossible.
     */
    deleteRecordingAfterTranscription: z._default(z.boolean(), false),
  }),
  {},
);

export type RetentionConfig = z.infer<typeof retentionConfig>;

export const liveTranscriptConfig = z.prefault(
  z.strictObject({
    /**
     * Build a live call's post-call transcript from its live segments instead of transcribing
     * the recording again, when they cover the whole call (the recording's
     * `x-amz-meta-live-segments` is `complete`): the summary is ready seconds after hang-up.
     * The transcript's provenance then names `live-segments`.
     */
    reuse: z._default(z.boolean(), false),
  }),
  {},
);

/** Named groups a key pattern may capture; each maps to the metadata field of the same name. */
export const KEY_PATTERN_GROUPS = ['case_id', 'contact_id', 'caller_language', 'agent_channel'];

/** A JS regular expression with named groups from KEY_PATTERN_GROUPS, matched against the key. */
const keyPattern = z.string().check(
  z.superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${String(error)}` });
      return;
    }
    // An empty alternative always matches, and `groups` then lists every named group.
    const probe = new RegExp(`(?:${source})|(?<probe__>)`).exec('')?.groups ?? {};
    const named = Object.keys(probe).filter((g) => g !== 'probe__');
    const unknown = named.filter((g) => !KEY_PATTERN_GROUPS.includes(g));
    if (unknown.length > 0 || named.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `named groups must be among ${KEY_PATTERN_GROUPS.join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`,
      });
    }
  }),
);

/**
 * How ingest reads telephony metadata: which key layout applies (recognised from the key with
 * `auto`) and how long a recording waits for metadata uploaded after it.
 */
export const ingestConfig = z.prefault(
  z
    .strictObject({
      layout: z._default(
        z.enum(['auto', 'generic', 'amazon-connect', 'genesys-cloud', 'pattern']),
        'auto',
      ),
      keyPattern: z.optional(keyPattern),
      /**
       * A recording younger than this whose sidecar (or Genesys `_metadata.json`) is missing goes
       * back to the queue; 0 ingests at once. The sidecar's own event ingests it when it lands.
       */
      sidecarWaitSeconds: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(43_200)), 0),
    })
    .check(
      z.refine((c) => c.layout !== 'pattern' || c.keyPattern !== undefined, {
        message: 'layout "pattern" needs ingest.keyPattern',
        path: ['keyPattern'],
      }),
    ),
  {},
);

export type IngestConfig = z.infer<typeof ingestConfig>;

export const pipelineConfigSchema = z.strictObject({
  speechToText: speechToTextConfig,
  translation: translationConfig,
  summarization: summarizationConfig,
  languages: z._default(
    z.strictObject({
      /** The case worker's language: transcripts are translated into it. */
      caseWorker: language,
      /** Caller's language when neither metadata nor detection says otherwise. */
      defaultCaller: z.optional(language),
    }),
    { caseWorker: 'de' },
  ),
  /**
   * Zero-based channel index to role for stereo recordings. Amazon Connect records the
   * customer on the left (0) and the agent on the right (1).
   */
  channelRoles: z._default(z.record(z.string().check(z.regex(/^\d$/)), speakerRole), {
    '0': 'caller',
    '1': 'agent',
  }),
  /** How many pieces of one recording are transcribed at once by HTTP/SageMaker providers. */
  transcriptionConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(16)), 2),
  /**
   * Domain terms (Wohngeld, Bürgergeld, Aktenzeichen, the authority's own names) passed to
   * speech-to-text providers that take them and kept as they are by translation providers with
   * glossaries (DeepL) or instructions (LLMs).
   */
  vocabulary: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(100))), []),
  /** How diarized speakers of a mono call become agent and caller (see MonoRoleRule). */
  monoRoleRule: z._default(z.enum(['language', 'labels']), 'language'),
  /** The authority's time zone: due dates ("by Friday") are resolved in it. */
  timeZone: z._default(
    z.string().check(
      z.refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone, e.g. "Europe/Berlin"'),
    ),
    'Europe/Berlin',
  ),
  redaction: redactionConfig,
  retention: retentionConfig,
  ingest: ingestConfig,
  liveTranscript: liveTranscriptConfig,
});

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
export type PipelineConfigInput = z.input<typeof pipelineConfigSchema>;

/** Provider types that run a Debian binary: fine locally and on premises, absent in Lambda. */
export const HOST_BINARY_PROVIDERS: ReadonlySet<string> = new Set(['pocketsphinx', 'apertium']);

export function parsePipelineConfig(
  input: unknown,
  source = 'pipeline configuration',
): PipelineConfig {
  const result = pipelineConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('\n');
    throw new ConfigurationError(`Invalid ${source}:\n${problems}`);
  }
  return Object.freeze(result.data);
}

/** Settings that name a provider needing a host binary, e.g. `speechToText.type`. */
export function hostBinarySettings(config: PipelineConfig): string[] {
  const settings: string[] = [];
  for (const capability of ['speechToText', 'translation', 'summarization'] as const) {
    if (HOST_BINARY_PROVIDERS.has(config[capability].type)) {
      settings.push(`${capability}.type = "${config[capability].type}"`);
    }
  }
  return settings;
}
