import type { Transcript } from '../../shared/documents';
import {
  caseSummaryJsonSchema,
  summarySystemPrompt,
  summaryUserMessage,
} from './caseSummarySchema';
import type { ContextBudget } from './SummarizationProvider';

/**
 * A token estimate without a tokenizer: UTF-8 bytes over `bytesPerToken` (a safe 3 by default:
 * real tokenizers average 3.5 to 4.5 bytes per token on European languages). Counted on the JSON
 * the request carries (escaped newlines and quotes included), plus the answer the model may
 * write and one repair round (its answer again and the validation errors).
 */
export interface BudgetSettings {
  contextTokens: number;
  bytesPerToken: number;
  maxCallsPerContact: number;
}

/** Request envelope (model, options, roles) and the repair request's own text. */
const ENVELOPE_BYTES = 600;
const REPAIR_BYTES = 3_000;

export function summaryContextBudget(
  settings: BudgetSettings,
  outputTokens: number,
): ContextBudget {
  const { contextTokens, bytesPerToken, maxCallsPerContact } = settings;
  const schemaBytes = Buffer.byteLength(JSON.stringify(caseSummaryJsonSchema));
  return {
    contextTokens,
    maxCalls: maxCallsPerContact,
    requestTokens(transcript: Transcript): number {
      const promptBytes =
        Buffer.byteLength(JSON.stringify(summarySystemPrompt(transcript.language))) +
        userMessageBytes(transcript) +
        schemaBytes +
        ENVELOPE_BYTES +
        REPAIR_BYTES;
      // The answer twice: once as the reply, once sent back in the repair round.
      return Math.ceil(promptBytes / bytesPerToken) + 2 * outputTokens;
    },
  };
}

/** An empty transcript is never sent (renderTranscript refuses it): its prompt is the heading. */
function userMessageBytes(transcript: Transcript): number {
  const hasText = transcript.turns.some((turn) => turn.text.trim() !== '');
  return Buffer.byteLength(
    JSON.stringify(hasText ? summaryUserMessage(transcript) : 'Transcript:\n'),
  );
}
