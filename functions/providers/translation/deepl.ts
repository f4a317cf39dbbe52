import { ConfigurationError, PermanentError } from '../../shared/errors';
import * as z from '../../shared/zod';
import { type ApiKeyDependencies, apiKeyResolver } from '../apiKey';
import { type HttpClient, httpClientFromConfig } from '../http/httpClient';
import type { DeeplTranslationConfig } from '../providerConfigs';
import type {
  TranslationProvider,
  TranslationRequest,
  TranslationResult,
} from './TranslationProvider';

/**
 * Translation with DeepL (DeepL SE, Cologne): `POST /v2/translate`, up to 50 texts per request.
 * Texts are translated in batches that keep their order; a batch answered with a different
 * number of texts is retried, then fails as transient.
 */

export const FREE_URL = 'https://api-free.deepl.com';
export const PRO_URL = 'https://api.deepl.com';
/** DeepL caps a request at 128 KiB; stay below it with room for JSON overhead. */
const MAX_BATCH_CHARS = 100_000;

const glossarySchema = z.object({ glossary_id: z.string().check(z.minLength(1)) });

const responseSchema = z.object({
  translations: z.array(
    z.object({ text: z.string(), detected_source_language: z.optional(z.string()) }),
  ),
  model_type_used: z.optional(z.string()),
});

/** Source languages are bare codes; Norwegian is "NB" in DeepL. */
export function toDeeplSource(language: string): string {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? language;
  return primary === 'no' || primary === 'nn' ? 'NB' : primary.toUpperCase();
}

/** Targets need a variant for English and Portuguese, and a script for Chinese. */
export function toDeeplTarget(
  language: string,
  variants: Pick<DeeplTranslationConfig, 'englishVariant' | 'portugueseVariant'>,
): string {
  const lower = language.toLowerCase().replace('_', '-');
  if (/^(en|pt)-[a-z]{2}$/.test(lower) || lower === 'zh-hant' || lower === 'zh-hans') {
    return lower.toUpperCase();
  }
  const primary = lower.split('-')[0] ?? lower;
  if (primary === 'en') return variants.englishVariant;
  if (primary === 'pt') return variants.portugueseVariant;
  if (primary === 'zh') return 'ZH-HANS';
  return toDeeplSource(primary);
}

export class DeeplTranslation implements TranslationProvider {
  readonly type = 'deepl';
  readonly #config: DeeplTranslationConfig;
  readonly #client: HttpClient;
  readonly #key: () => Promise<string>;
  /** Glossary id per base URL, language pair and term list, created once per instance. */
  readonly #glossaries = new Map<string, Promise<string | undefined>>();

  constructor(config: DeeplTranslationConfig, dependencies: { apiKey?: ApiKeyDependencies } = {}) {
    this.#config = config;
    this.#client = httpClientFromConfig(config, {
      provider: this.type,
      setting: 'translation',
      authorization: (key) => ({ authorization: `DeepL-Auth-Key ${key}` }),
      apiKey: dependencies.apiKey,
    });
    // The resolver shares the client's cache, so the key is still read once.
    const key = apiKeyResolver(config, 'translation', dependencies.apiKey);
    if (!key) throw new ConfigurationError('translation: DeepL needs apiKeyEnv or apiKeySecretId');
    this.#key = key;
  }

  async translate(request: TranslationRequest): Promise<TranslationResult> {
    const started = performance.now();
    const base = this.#config.baseUrl ?? ((await this.#key()).endsWith(':fx') ? FREE_URL : PRO_URL);
    const url = `${base.replace(/\/+$/, '')}/v2/translate`;
    const texts = [...request.texts];
    // Blank segments stay blank without a request: nothing to translate, alignment kept.
    const pending = request.texts.flatMap((text, index) => (text.trim() ? [index] : []));
    let modelType: string | undefined;
    const glossaryId = request.glossary?.length
      ? await this.#glossaryFor(base, request.from, request.to, request.glossary)
      : undefined;
    await Promise.all(
      this.#batches(pending, request.texts).map(async (batch) => {
        const answer = await this.#client.post({
          url,
          json: {
            text: batch.map((index) => request.texts[index]),
            source_lang: toDeeplSource(request.from),
            target_lang: toDeeplTarget(request.to, this.#config),
            ...(this.#config.formality ? { formality: this.#config.formality } : {}),
            ...(glossaryId ? { glossary_id: glossaryId } : {}),
          },
          parse: (body) => {
            const parsed = responseSchema.parse(body);
            if (parsed.translations.length !== batch.length) {
              throw new Error(`sent ${batch.length} texts, got ${parsed.translations.length} back`);
            }
            return parsed;
          },
        });
        modelType ??= answer.body.model_type_used;
        answer.body.translations.forEach((translation, position) => {
          texts[batch[position] as number] = translation.text;
        });
      }),
    );
    return {
      texts,
      provenance: {
        provider: this.type,
        model: 'deepl',
        endpoint_host: new URL(url).host,
        ...(modelType ? { model_version: modelType } : {}),
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }

  /**
   * A glossary that maps each vocabulary term to itself, so DeepL keeps "Wohngeld" or an
   * authority's name as it is. DeepL supports glossaries for some language pairs only: a pair
   * it refuses is translated without one rather than not at all.
   */
  #glossaryFor(
    base: string,
    from: string,
    to: string,
    terms: readonly string[],
  ): Promise<string | undefined> {
    const source = toDeeplSource(from);
    // Glossaries name bare target languages (EN, not EN-GB).
    const target = toDeeplSource(to);
    const key = [base, source, target, ...terms].join('\n');
    let id = this.#glossaries.get(key);
    if (!id) {
      id = this.#client
        .post({
          url: `${base.replace(/\/+$/, '')}/v2/glossaries`,
          json: {
            name: 'callbrief-vocabulary',
            source_lang: source,
            target_lang: target,
            entries: terms.map((term) => `${term}\t${term}`).join('\n'),
            entries_format: 'tsv',
          },
          parse: (body) => glossarySchema.parse(body),
        })
        .then(
          (answer) => answer.body.glossary_id,
          (error: unknown) => {
            if (error instanceof PermanentError) return undefined;
            // A transient failure is not remembered: the next request tries again.
            this.#glossaries.delete(key);
            throw error;
          },
        );
      this.#glossaries.set(key, id);
    }
    return id;
  }

  /** Index batches bounded by count and characters. */
  #batches(indexes: number[], texts: string[]): number[][] {
    const batches: number[][] = [];
    let current: number[] = [];
    let chars = 0;
    for (const index of indexes) {
      const length = texts[index]?.length ?? 0;
      if (
        current.length > 0 &&
        (current.length >= this.#config.batchSize || chars + length > MAX_BATCH_CHARS)
      ) {
        batches.push(current);
        current = [];
        chars = 0;
      }
      current.push(index);
      chars += length;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }
}
