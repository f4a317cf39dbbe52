import { artifactKey } from '../../shared/artifactKeys';
import type { CaseSummary, ObjectPointer, RecordingInfo } from '../../shared/documents';
import type { StageContext } from '../stageContext';
import type { ContactUpdate } from './mergeContact';
import { type RollupResult, type RollupRetry, updateCaseRollup } from './updateCaseRollup';

/** What the published summary contributes to its case: an entry and its next steps. */
export function contactUpdateOf(
  summary: CaseSummary,
  published: { pointer: ObjectPointer; sha256: string },
  recording?: RecordingInfo,
): ContactUpdate {
  return {
    contact: {
      contact_id: summary.contact_id,
      // recording.json names the channel once chat and e-mail arrive; older ones are calls.
      channel: recording?.channel ?? 'call',
      // When the call came in orders the case; the summary's creation time is only a fallback.
      received_at: recording?.received_at ?? summary.created_at,
      ...(summary.started_at ? { started_at: summary.started_at } : {}),
      languages: summary.languages,
      reason_for_contact: summary.summary.reason_for_contact,
      summary: published.pointer,
      sha256: published.sha256,
    },
    nextSteps: summary.summary.next_steps,
    ...(summary.completed_steps ? { completedSteps: summary.completed_steps } : {}),
  };
}

/** Adds the published contact to cases/<case>/case.json (idempotent, safe under concurrency). */
export async function recordContactInCase(
  ctx: StageContext,
  summary: CaseSummary,
  published: { pointer: ObjectPointer; sha256: string },
  retry?: RollupRetry,
): Promise<RollupResult> {
  const recording = await ctx.store.getJson<RecordingInfo>(
    ctx.resultsBucket,
    artifactKey(summary, 'recording'),
  );
  const result = await updateCaseRollup(
    ctx,
    summary.case_id,
    contactUpdateOf(summary, published, recording),
    retry,
  );
  // Ids and counts only: reasons and steps are call content and never reach the logs.
  ctx.log.info('case roll-up updated', {
    caseId: summary.case_id,
    contactId: summary.contact_id,
    changed: result.changed,
    attempts: result.attempts,
    contacts: result.rollup.contacts.length,
    openSteps: result.rollup.next_steps.filter((s) => s.status === 'open').length,
  });
  return result;
}
