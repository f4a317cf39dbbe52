import type { Provenance, Sentiment, SummaryContent, Transcript } from '../../shared/documents';

export interface SummarizationRequest {
  transcript: Transcript;
}

export interface SummarizationResult {
  /** Summary in the transcript's language. */
  summary: SummaryContent;
  sentiment: Sentiment;
  provenance: Provenance;
}

export interface SummarizationProvider {
  readonly type: string;
  /** @default - no limit: the whole transcript in one request */
  readonly budget?: ContextBudget;
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
