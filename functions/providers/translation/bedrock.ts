import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import pLimit, { type LimitFunction } from 'p-limit';
import { awsServiceHost } from '../euEndpoints';
import { classifyAwsError } from '../http/retryPolicy';
import type { BedrockTranslationConfig } from '../providerConfigs';
import {
  TRANSLATION_PROMPT_VERSION,
  translateAligned,
  translationSystemPrompt,
  translationUserMessage,
} from './openaiCompatibleChat';
import type {
  TranslationProvider,
  TranslationRequest,
  TranslationResult,
} from './TranslationProvider';

/**
 * Translation with a Bedrock model through the Converse API, with the same prompt and JSON
 * contract as the openai-compatible provider. Which models ESC offers is unverified, hence
 * the plain-text contract rather than a model-specific structured-output feature.
 */

/** The one call this provider makes; the SDK client satisfies it, tests pass a fake. */
export interface ConverseInvoker {
  send(
    command: ConverseCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<Pick<ConverseCommandOutput, 'output' | 'stopReason'>>;
}

const defaultClients = new Map<string, ConverseInvoker>();

/** Module-level clients, one per region, reused across warm invocations. */
export function defaultConverseClient(region: string | undefined): ConverseInvoker {
  const key = region ?? '';
  let client = defaultClients.get(key);
  if (!client) {
    client = new BedrockRuntimeClient(region ? { region } : {});
    defaultClients.set(key, client);
  }
  return client;
}

export class BedrockTranslation implements TranslationProvider {
  readonly type = 'bedrock';
  readonly #config: BedrockTranslationConfig;
  readonly #client: ConverseInvoker;
  readonly #limit: LimitFunction;

  constructor(config: BedrockTranslationConfig, dependencies: { client?: ConverseInvoker } = {}) {
    this.#config = config;
    this.#client = dependencies.client ?? defaultConverseClient(config.region);
    this.#limit = pLimit(config.maxConcurrency);
  }

  async translate(request: TranslationRequest): Promise<TranslationResult> {
    const { modelId, batchSize, region } = this.#config;
    const started = performance.now();
    const texts = await translateAligned(
      request.texts,
      batchSize,
      (batch) => this.#limit(() => this.#ask(request, batch)),
      `${this.type} (${modelId})`,
    );
    return {
      texts,
      provenance: {
        provider: this.type,
        model: modelId,
        endpoint_host: awsServiceHost('bedrock-runtime', region ?? process.env.AWS_REGION),
        prompt_version: TRANSLATION_PROMPT_VERSION,
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }

  async #ask(request: TranslationRequest, batch: string[]): Promise<string> {
    const { modelId, temperature, maxTokens, timeoutMs } = this.#config;
    const command = new ConverseCommand({
      modelId,
      system: [
        { text: translationSystemPrompt(request.from, request.to, batch.length, request.glossary) },
      ],
      messages: [{ role: 'user', content: [{ text: translationUserMessage(batch) }] }],
      inferenceConfig: { temperature, maxTokens },
    });
    try {
      const response = await this.#client.send(command, {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      const content = response.output?.message?.content ?? [];
      return content.map((block) => block.text ?? '').join('');
    } catch (error) {
      throw classifyAwsError(error, { provider: this.type, target: modelId });
    }
  }
}
