import type { Provenance, Sentiment, SummaryContent, Transcript } from '../../shared/documents';
import type { OpenStepContext } from './caseSummarySchema';

export interface SummarizationRequest {
  transcript: Transcript;
  /** The case's open next steps, so the model can say which this contact completed. */
  openSteps?: readonly OpenStepContext[];
}

export interface SummarizationResult {
  /** Summary in the transcript's language. */
  summary: SummaryContent;
  sentiment: Sentiment;
  /**
   * Open steps this contact completed, when the provider was able to judge (LLMs); absent when
   * it cannot, and the pipeline matches the steps itself.
   */
  completedSteps?: Array<{ step_id: string; evidence?: string }>;
  provenance: Provenance;
}

export interface SummarizationProvider {
  readonly type: string;
  /** @default - no limit: the whole transcript in one request */
  readonly budget?: ContextBudget;
  /** Languages it summarizes well; unset for any. The summary is made from a view in one. */
  readonly languages?: readonly string[];
  summarize(request: SummarizationRequest): Promise<SummarizationResult>;
}

/**
 * What a provider with a bounded context tells the pipeline, so long contacts are summarized
 * in pieces (functions/core/summarize/). Providers without one (extractive) take any length.
 */
export interface ContextBudget {
  /** The model's context window in tokens. */
  contextTokens: number;
  /** At most this many summarization requests per contact. */
  maxCalls: number;
  /** Estimated tokens a request for this transcript takes, answer and one repair round included. */
  requestTokens(transcript: Transcript): number;
}
