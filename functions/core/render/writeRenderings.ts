import type { CaseSummary } from '../../shared/documents';
import { TransientError } from '../../shared/errors';
import type { ObjectStore } from '../../shared/ports';
import type { CaseRollup } from '../caseRollup/caseRollupDocument';
import { caseRollupKey } from '../caseRollup/caseRollupDocument';
import { readSettled } from '../caseRollup/updateCaseRollup';
import type { StageContext } from '../stageContext';
import { caseLanguages, casePage } from './casePage';
import { type Page, toHtml, toMarkdown } from './page';
import {
  CONTENT_TYPES,
  caseRenderingKey,
  type RenderingFormat,
  summaryRenderingKey,
} from './renderingKeys';
import { summaryPages } from './summaryPage';

const RENDERERS: Readonly<Record<RenderingFormat, (page: Page) => string>> = {
  md: toMarkdown,
  html: toHtml,
};

async function writePage(
  ctx: StageContext,
  text: ObjectStore,
  page: Page,
  keyOf: (format: RenderingFormat) => string,
): Promise<string[]> {
  const formats = Object.keys(RENDERERS) as RenderingFormat[];
  await Promise.all(
    formats.map((f) =>
      text.putText(ctx.resultsBucket, keyOf(f), RENDERERS[f](page), CONTENT_TYPES[f]),
    ),
  );
  return formats.map(keyOf);
}

/**
 * Re-renders the case overview until the case.json it was made from is still the current one
 * afterwards. Parallel publishers of a case each render after their own change, so the last one
 * to change case.json also writes the last overview; a publisher that read an older case.json
 * notices the change and renders again instead of leaving its older page on top.
 */
async function writeCaseRenderings(
  ctx: StageContext,
  text: ObjectStore,
  caseId: string,
  maxAttempts: number,
): Promise<string[]> {
  const key = caseRollupKey(caseId);
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const before = await ctx.store.head(ctx.resultsBucket, key);
    if (!before) return [];
    const rollup = await readSettled<CaseRollup>(ctx.store, ctx.resultsBucket, key, (error) => {
      lastError = error;
    });
    if (!rollup) continue;
    const written: string[] = [];
    for (const language of caseLanguages(rollup)) {
      const keyOf = (f: RenderingFormat) => caseRenderingKey(caseId, language, f);
      written.push(...(await writePage(ctx, text, casePage(rollup, language), keyOf)));
    }
    const after = await ctx.store.head(ctx.resultsBucket, key);
    if (after?.etag === before.etag) return written;
  }
  throw new TransientError(`case overview of ${caseId} kept changing while being rendered`, {
    cause: lastError,
  });
}

/**
 * Writes the contact's summary as Markdown and HTML (case worker's and caller's language) and the
 * case overview from case.json. Pure renderings of stored documents: rewriting them is harmless.
 */
export async function writeRenderings(
  ctx: StageContext,
  summary: CaseSummary,
  maxAttempts = 20,
): Promise<string[]> {
  const text = ctx.store;
  const written: string[] = [];
  for (const page of summaryPages(summary)) {
    const keyOf = (f: RenderingFormat) => summaryRenderingKey(summary, page.language, f);
    written.push(...(await writePage(ctx, text, page, keyOf)));
  }
  written.push(...(await writeCaseRenderings(ctx, text, summary.case_id, maxAttempts)));
  return written;
}
