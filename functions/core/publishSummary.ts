import { createHash } from 'node:crypto';
import { artifactKey } from '../shared/artifactKeys';
import * as schemas from '../shared/compiledSchemas';
import type { CaseSummary, StageMessage, SummaryReadyMessage } from '../shared/documents';
import { SCHEMA_VERSION } from '../shared/documents';
import { validateDocument } from '../shared/documentValidation';
import { recordContactInCase } from './caseRollup/recordContactInCase';
import { writeRenderings } from './render/writeRenderings';
import { handOffToNext, readRequired, type StageContext } from './stageContext';

/**
 * Publish: the draft becomes the case summary case systems read, and the summary-ready queue
 * is told where it is and its checksum. The checksum is of the stored bytes, so a consumer can
 * verify what it fetched and deduplicate a repeated notification. Before telling anyone, the
 * contact is added to its case (case.json) and rendered readable, so a case system that reacts
 * to the notification already finds both; every step is idempotent, so a retry redoes safely.
 */
export async function publishSummary(
  ctx: StageContext,
  message: StageMessage,
): Promise<{ notification: SummaryReadyMessage; reused: boolean }> {
  const summaryKey = artifactKey(message, 'summary');
  let bytes: Uint8Array;
  let versionId: string | undefined;
  let reused = true;
  const head = await ctx.store.head(ctx.resultsBucket, summaryKey);
  if (head) {
    bytes = await ctx.store.getBytes(ctx.resultsBucket, summaryKey);
    versionId = head.versionId;
  } else {
    const draft = await readRequired<CaseSummary>(ctx, artifactKey(message, 'summary-draft'));
    validateDocument(schemas.caseSummary, draft);
    ({ versionId } = await ctx.store.putJson(ctx.resultsBucket, summaryKey, draft));
    bytes = await ctx.store.getBytes(ctx.resultsBucket, summaryKey);
    reused = false;
  }
  const summary = JSON.parse(new TextDecoder().decode(bytes)) as CaseSummary;
  const pointer = {
    bucket: ctx.resultsBucket,
    key: summaryKey,
    ...(versionId ? { version_id: versionId } : {}),
  };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await recordContactInCase(ctx, summary, { pointer, sha256 });
  await writeRenderings(ctx, summary);
  const notification: SummaryReadyMessage = {
    schema_version: SCHEMA_VERSION,
    type: 'case-summary-ready',
    case_id: message.case_id,
    contact_id: message.contact_id,
    summary: pointer,
    sha256,
    languages: summary.languages,
    ready_at: ctx.now().toISOString(),
  };
  await handOffToNext(ctx, 'publish', message, schemas.summaryReadyMessage, notification);
  return { notification, reused };
}
