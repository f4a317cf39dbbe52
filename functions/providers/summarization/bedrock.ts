import { type ContentBlock, ConverseCommand, type Message } from '@aws-sdk/client-bedrock-runtime';
import { TransientError } from '../../shared/errors';
import { awsServiceHost } from '../euEndpoints';
import { classifyAwsError } from '../http/retryPolicy';
import type { BedrockSummarizationConfig } from '../providerConfigs';
import { type ConverseInvoker, defaultConverseClient } from '../translation/bedrock';
import {
  caseSummaryJsonSchema,
  repairMessage,
  SUMMARY_PROMPT_VERSION,
  summarySystemPrompt,
  summaryUserMessage,
  validateCaseSummary,
} from './caseSummarySchema';
import { summaryContextBudget } from './contextBudget';
import type {
  ContextBudget,
  SummarizationProvider,
  SummarizationRequest,
  SummarizationResult,
} from './SummarizationProvider';

/**
 * Case summary from a Bedrock model via the Converse API. The schema is the input schema of
 * a tool the model is made to call, the portable way to get structured output across Bedrock
 * models. One repair round returns the validation errors as the tool's error result.
 */

const TOOL_NAME = 'record_case_summary';

export class BedrockSummarization implements SummarizationProvider {
  readonly type = 'bedrock';
  readonly budget: ContextBudget;
  readonly #config: BedrockSummarizationConfig;
  readonly #client: ConverseInvoker;

  constructor(config: BedrockSummarizationConfig, dependencies: { client?: ConverseInvoker } = {}) {
    this.#config = config;
    this.budget = summaryContextBudget(config, config.maxTokens);
    this.#client = dependencies.client ?? defaultConverseClient(config.region);
  }

  async summarize({ transcript, openSteps }: SummarizationRequest): Promise<SummarizationResult> {
    const { modelId, region } = this.#config;
    const started = performance.now();
    const system = summarySystemPrompt(transcript.language);
    const messages: Message[] = [
      { role: 'user', content: [{ text: summaryUserMessage(transcript, openSteps) }] },
    ];
    let content = await this.#ask(system, messages);
    let result = validateCaseSummary(candidateIn(content));
    if (!result.success) {
      const toolUseId = content.find((block) => block.toolUse)?.toolUse?.toolUseId;
      const feedback = repairMessage(result.errors);
      messages.push(
        { role: 'assistant', content },
        {
          role: 'user',
          // A tool call must be answered by its result; the errors go back as a failed result.
          content: toolUseId
            ? [{ toolResult: { toolUseId, status: 'error', content: [{ text: feedback }] } }]
            : [{ text: feedback }],
        },
      );
      content = await this.#ask(system, messages);
      result = validateCaseSummary(candidateIn(content));
    }
    if (!result.success) {
      throw new TransientError(
        `${this.type} (${modelId}) returned an invalid case summary twice: ${result.errors.slice(0, 3).join('; ')}`,
      );
    }
    return {
      summary: result.summary,
      // Asked for whenever open steps were given; an empty list is an answer too.
      ...(openSteps?.length ? { completedSteps: result.completedSteps ?? [] } : {}),
      sentiment: { ...result.sentiment, method: `llm:${modelId}` },
      provenance: {
        provider: this.type,
        model: modelId,
        endpoint_host: awsServiceHost('bedrock-runtime', region ?? process.env.AWS_REGION),
        prompt_version: SUMMARY_PROMPT_VERSION,
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }

  async #ask(system: string, messages: Message[]): Promise<ContentBlock[]> {
    const { modelId, temperature, maxTokens, timeoutMs } = this.#config;
    const command = new ConverseCommand({
      modelId,
      system: [{ text: system }],
      messages,
      inferenceConfig: { temperature, maxTokens },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: TOOL_NAME,
              description: 'Records the case summary of the call.',
              inputSchema: { json: caseSummaryJsonSchema as never },
            },
          },
        ],
        toolChoice: { tool: { name: TOOL_NAME } },
      },
    });
    try {
      const response = await this.#client.send(command, {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return response.output?.message?.content ?? [];
    } catch (error) {
      throw classifyAwsError(error, { provider: this.type, target: modelId });
    }
  }
}

/** The tool call's input, or a JSON object in plain text from a model that ignored the tool. */
function candidateIn(content: ContentBlock[]): unknown {
  const toolUse = content.find((block) => block.toolUse?.name === TOOL_NAME)?.toolUse;
  if (toolUse) return toolUse.input;
  return content.map((block) => block.text ?? '').join('');
}
