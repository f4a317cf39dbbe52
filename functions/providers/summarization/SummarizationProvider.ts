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
  summarize(request: SummarizationRequest): Promise<SummarizationResult>;
}
