import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SovereigntyReport } from './buildReport';
import { renderMarkdown } from './markdown';

export const REPORT_FILES = { markdown: 'report.md', json: 'report.json' } as const;

/** Writes report.md and report.json into `directory`; returns the file paths. */
export function writeReport(report: SovereigntyReport, directory: string): string[] {
  mkdirSync(directory, { recursive: true });
  const markdown = join(directory, REPORT_FILES.markdown);
  const json = join(directory, REPORT_FILES.json);
  writeFileSync(markdown, renderMarkdown(report));
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return [markdown, json];
}
