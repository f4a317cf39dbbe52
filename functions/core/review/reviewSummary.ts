import { createHash } from 'node:crypto';
import { artifactKey, contactPrefix } from '../../shared/artifactKeys';
import * as schemas from '../../shared/compiledSchemas';
import type { CaseSummary, RecordingInfo } from '../../shared/documents';
import { validateDocument } from '../../shared/documentValidation';
import { PermanentError } from '../../shared/errors';
import type { ObjectStore } from '../../shared/ports';
import { contactUpdateOf } from '../caseRollup/recordContactInCase';
import { updateCaseRollup } from '../caseRollup/updateCaseRollup';
import type { Log } from '../stageContext';
import type { ReviewRequest } from './reviewRequest';

export interface ReviewContext {
  store: ObjectStore;
  resultsBucket: string;
  log: Log;
  now: () => Date;
}

export interface ReviewRecord {
  schema_version: string;
  case_id: string;
  contact_id: string;
  decision: 'approved' | 'corrected';
  reviewed_by: string;
  reviewed_at: string;
  /** The AI original stays untouched at summary.json; a correction lies beside it. */
  original: string;
  corrected?: string;
}

export function reviewKey(ref: { case_id: string; contact_id: string }): string {
  return `${contactPrefix(ref)}review.json`;
}

export function correctedSummaryKey(ref: { case_id: string; contact_id: string }): string {
  return `${contactPrefix(ref)}summary.corrected.json`;
}

/**
 * Records a human decision on an AI summary. The AI-generated summary.json is never changed (its
 * checksum was announced); an approval is recorded in review.json, a correction is stored as
 * summary.corrected.json with review_status "corrected" and who corrected it when. A later
 * review replaces the earlier decision.
 */
export async function reviewSummary(
  ctx: ReviewContext,
  request: ReviewRequest,
): Promise<ReviewRecord> {
  const original = await ctx.store.getJson<CaseSummary>(
    ctx.resultsBucket,
    artifactKey(request, 'summary'),
  );
  if (!original) {
    throw new PermanentError(
      'no-summary',
      `no summary exists for case ${request.case_id}, contact ${request.contact_id}`,
    );
  }
  const reviewedAt = ctx.now().toISOString();
  let corrected: string | undefined;
  if (request.decision === 'corrected') {
    const correction: CaseSummary = {
      ...original,
      summary: request.summary,
      review_status: 'corrected',
      created_at: reviewedAt,
    };
    validateDocument(schemas.caseSummary, correction);
    corrected = correctedSummaryKey(request);
    const { versionId } = await ctx.store.putJson(ctx.resultsBucket, corrected, correction);
    await updateRollupWithCorrection(ctx, correction, corrected, versionId);
  }
  const record: ReviewRecord = {
    schema_version: original.schema_version,
    case_id: request.case_id,
    contact_id: request.contact_id,
    decision: request.decision,
    reviewed_by: request.reviewed_by,
    reviewed_at: reviewedAt,
    original: artifactKey(request, 'summary'),
    ...(corrected ? { corrected } : {}),
  };
  await ctx.store.putJson(ctx.resultsBucket, reviewKey(request), record);
  ctx.log.info('summary reviewed', {
    caseId: request.case_id,
    contactId: request.contact_id,
    decision: request.decision,
  });
  return record;
}

/**
 * The case roll-up follows the correction: the contact's entry points to the corrected summary
 * and its steps are those the case worker kept (steps it agreed and no longer lists leave the
 * case; steps it closed stay closed).
 */
async function updateRollupWithCorrection(
  ctx: ReviewContext,
  correction: CaseSummary,
  key: string,
  versionId: string | undefined,
): Promise<void> {
  const bytes = await ctx.store.getBytes(ctx.resultsBucket, key);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const recording = await ctx.store.getJson<RecordingInfo>(
    ctx.resultsBucket,
    artifactKey(correction, 'recording'),
  );
  const pointer = {
    bucket: ctx.resultsBucket,
    key,
    ...(versionId ? { version_id: versionId } : {}),
  };
  await updateCaseRollup(
    ctx,
    correction.case_id,
    contactUpdateOf(correction, { pointer, sha256 }, recording),
  );
}
