import pLimit from 'p-limit';
import type {
  SummarizationProvider,
  SummarizationRequest,
  SummarizationResult,
} from '../../providers/summarization/SummarizationProvider';
import { ContactTooLongError } from '../../shared/errors';
import type { Log } from '../stageContext';
import { mergeSummaries } from './mergeSummaries';
import { splitTranscript } from './splitTranscript';

/** Pieces summarized at once; the HTTP client caps its own concurrency too. */
const PIECE_CONCURRENCY = 4;

/**
 * Summarizes a transcript within the provider's context: in one request when it fits, else in
 * pieces that each fit, merged. A contact that needs more requests than the cap is refused
 * before any is sent (an error record, not a bill).
 */
export async function summarizeWithinBudget(
  provider: SummarizationProvider,
  request: SummarizationRequest,
  log: Log,
): Promise<SummarizationResult> {
  const { budget } = provider;
  const { transcript } = request;
  if (!budget) return provider.summarize(request);
  const pieces = splitTranscript(transcript, budget);
  if (pieces.length === 1) return provider.summarize(request);
  if (pieces.length > budget.maxCalls) {
    throw new ContactTooLongError(
      `the transcript (${transcript.turns.length} turns) needs ${pieces.length} summarization requests within summarization.contextTokens = ${budget.contextTokens}; summarization.maxCallsPerContact allows ${budget.maxCalls}`,
    );
  }
  const limit = pLimit(PIECE_CONCURRENCY);
  const results = await Promise.all(
    pieces.map((piece) => limit(() => provider.summarize({ ...request, transcript: piece }))),
  );
  log.info('summarized in pieces', {
    case_id: transcript.case_id,
    contact_id: transcript.contact_id,
    pieces: pieces.length,
  });
  return mergeSummaries(results);
}
