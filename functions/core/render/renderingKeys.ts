import { contactPrefix } from '../../shared/artifactKeys';
import type { ContactRef } from '../../shared/documents';

/** Readable copies beside the JSON they are made from, one per language and format. */
export type RenderingFormat = 'md' | 'html';

export const CONTENT_TYPES: Readonly<Record<RenderingFormat, string>> = Object.freeze({
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
});

export function summaryRenderingKey(
  ref: ContactRef,
  language: string,
  format: RenderingFormat,
): string {
  return `${contactPrefix(ref)}summary.${language}.${format}`;
}

export function caseRenderingKey(
  caseId: string,
  language: string,
  format: RenderingFormat,
): string {
  return `cases/${caseId}/case.${language}.${format}`;
}
