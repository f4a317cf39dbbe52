import type { RecordingInfo, Transcript, Translation } from '../../shared/documents';
import { type CaseRollup, caseRollupKey } from '../caseRollup/caseRollupDocument';
import type { OpenStep } from '../caseRollup/stepCompletion';
import type { StageContext } from '../stageContext';

/** A translation view read as a transcript in one language (words stay with the original). */
export function viewAsTranscript(view: Translation, transcript: Transcript): Transcript {
  return {
    ...transcript,
    language: view.target_language,
    turns: transcript.turns.map(({ words, ...turn }, i) => ({
      ...turn,
      text: view.turns[i]?.text ?? turn.text,
      language: view.target_language,
    })),
  };
}

/**
 * What the summary is made from: the case worker's view; for a provider that summarizes only
 * some languages well (the extractive rules know English) the caller's view when that one is
 * in such a language and the case worker's is not, the summary then translated back.
 */
export function summaryBasis(
  providerLanguages: readonly string[] | undefined,
  views: { caseWorker?: Translation; caller?: Translation },
  transcript: Transcript,
): Transcript {
  const caseWorker = views.caseWorker ? viewAsTranscript(views.caseWorker, transcript) : transcript;
  if (!providerLanguages || providerLanguages.includes(caseWorker.language)) return caseWorker;
  if (views.caller && providerLanguages.includes(views.caller.target_language)) {
    return viewAsTranscript(views.caller, transcript);
  }
  return caseWorker;
}

/** When the contact started: the call time or chat start, else when it was received. */
export function contactStart(recording: RecordingInfo): string {
  return recording.telephony?.started_at ?? recording.received_at;
}

/** The case's open steps agreed in other contacts (a retried contact does not close its own). */
export async function openStepsOfCase(
  ctx: StageContext,
  caseId: string,
  contactId: string,
): Promise<OpenStep[]> {
  const rollup = await ctx.store.getJson<CaseRollup>(ctx.resultsBucket, caseRollupKey(caseId));
  return (rollup?.next_steps ?? [])
    .filter((step) => step.status === 'open' && step.contact_id !== contactId)
    .map(({ step_id, action, owner, due, due_date }) => ({
      step_id,
      action,
      owner,
      ...(due ? { due } : {}),
      ...(due_date ? { due_date } : {}),
    }));
}
