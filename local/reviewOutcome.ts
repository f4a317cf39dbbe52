import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ReviewRequest } from '../functions/core/review/reviewRequest';
import { type ReviewRecord, reviewKey } from '../functions/core/review/reviewSummary';
import type { LocalPipeline } from './localPipeline';

/** Reads back what the review handler recorded, for the command's output. */
export async function classifyReview(
  pipeline: LocalPipeline,
  request: ReviewRequest,
): Promise<{ ok: boolean; message: string }> {
  try {
    const out = await pipeline.s3.send(
      new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: reviewKey(request) }),
    );
    const record = JSON.parse((await out.Body?.transformToString()) ?? '{}') as ReviewRecord;
    if (
      record.reviewed_at &&
      record.decision === request.decision &&
      record.reviewed_by === request.reviewed_by
    ) {
      const where = record.corrected ? `; corrected summary: ${record.corrected}` : '';
      return {
        ok: true,
        message: `Recorded: ${record.decision} by ${record.reviewed_by} at ${record.reviewed_at}${where}`,
      };
    }
  } catch {
    // Fall through: nothing recorded.
  }
  return {
    ok: false,
    message: `No review recorded for case ${request.case_id}, contact ${request.contact_id}: does its summary exist? (see out/errors or the review DLQ)`,
  };
}
