import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { terminalLine } from '../functions/core/render/safeText';
import type {
  CaseSummary,
  SummaryContent,
  SummaryReadyMessage,
  Transcript,
  Translation,
} from '../functions/shared/documents';
import type { InputOutcome } from './inputOutcomes';

/** Summaries, ids and error messages come from calls: no control or bidi character reaches the terminal. */
function print(line = ''): void {
  console.log(terminalLine(line));
}

interface Report {
  outcomes: InputOutcome[];
  outDir: string;
  written: string[];
  /** Wall time of the run, or since the hang-up for a live call (`since`). */
  seconds: number;
  /** A live call's run includes the call itself: its time counts from the hang-up. */
  since?: 'hang-up';
  notifications: SummaryReadyMessage[];
  /** Engine time counts only for summaries written during this run. */
  runStarted?: Date;
}

async function readIfPresent<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf-8')) as T;
  } catch {
    return undefined;
  }
}

function printContent(title: string, content: SummaryContent): void {
  print(`  ${title}`);
  print(`    Reason for contact: ${content.reason_for_contact}`);
  if (content.key_facts.length > 0) {
    print('    Key facts:');
    for (const fact of content.key_facts) print(`      - ${fact}`);
  }
  print('    Next steps:');
  if (content.next_steps.length === 0) print('      (none stated)');
  for (const step of content.next_steps) {
    const due = step.due ? ` (due: ${step.due}${step.due_date ? `, ${step.due_date}` : ''})` : '';
    print(`      - [${step.owner}] ${step.action}${due}`);
  }
  for (const question of content.open_questions) print(`    Open question: ${question}`);
}

/** Engine time is what the providers reported; the rest of the wall time is pipeline overhead. */
async function engineSeconds(
  outDir: string,
  summaryKey: string,
  summary: CaseSummary,
): Promise<number> {
  const prefix = summaryKey.replace(/summary\.json$/, '');
  let ms =
    summary.provenance.summarization.latency_ms +
    (summary.provenance.summary_translation?.latency_ms ?? 0);
  const transcript = await readIfPresent<Transcript>(
    join(outDir, ...`${prefix}transcript.json`.split('/')),
  );
  ms += transcript?.provenance.latency_ms ?? 0;
  const translation = await readIfPresent<Translation>(
    join(outDir, ...`${prefix}translation.${summary.languages.case_worker}.json`.split('/')),
  );
  ms += translation?.provenance.latency_ms ?? 0;
  return ms / 1000;
}

export async function printOutcomes(report: Report): Promise<void> {
  const { outcomes, outDir } = report;
  let engines = 0;
  let reused = 0;
  print('');
  for (const outcome of outcomes) {
    if (outcome.status === 'summarized' && outcome.summaryKey && outcome.ref) {
      const path = join(outDir, ...outcome.summaryKey.split('/'));
      const summary = await readIfPresent<CaseSummary>(path);
      if (!summary) continue;
      const { spoken, case_worker, caller } = summary.languages;
      print(`Case ${outcome.ref.case_id}, contact ${outcome.ref.contact_id} (${outcome.key})`);
      print(
        `  spoken: ${spoken}, case worker: ${case_worker}, caller: ${caller}; AI-generated, review pending`,
      );
      printContent(`Summary for the case worker (${case_worker}):`, summary.summary);
      if (caller !== case_worker)
        printContent(`Summary for the caller (${caller}):`, summary.caller_summary);
      print(`  Sentiment: ${summary.sentiment.overall} (${summary.sentiment.method})`);
      const folder = relative(process.cwd(), path).replace(/summary\.json$/, '');
      print(
        `  Written: ${folder} (recording.json, transcript.json, translation.*.json, summary.json)`,
      );
      const fresh =
        !report.runStarted || Date.parse(summary.created_at) >= report.runStarted.getTime();
      if (fresh) engines += await engineSeconds(outDir, outcome.summaryKey, summary);
      else reused += 1;
    } else {
      const why = outcome.error
        ? `${outcome.error.stage}: ${outcome.error.code}: ${outcome.error.message} (error record ${outcome.error.recordKey})`
        : outcome.status === 'dead-lettered'
          ? `dead-lettered: ${outcome.reason ?? 'reason not recorded'} (npm run redrive moves it back)`
          : 'not found: no summary, error record or dead letter (npm run reconcile retries it)';
      print(`FAILED ${outcome.key}: ${why}`);
    }
    print('');
  }
  const ok = outcomes.filter((o) => o.status === 'summarized').length;
  print(
    `${ok} of ${outcomes.length} recordings summarized; ${report.notifications.length} summary-ready message(s); ${report.written.length} files under ${relative(process.cwd(), outDir) || '.'}`,
  );
  if (report.notifications.length < ok) {
    print(
      '(Recordings processed in an earlier run are not processed or announced again; use --fresh to start over.)',
    );
  }
  // Engines can run in parallel, so their sum may exceed the wall time: overhead is then not
  // measurable from these figures and is not printed as a negative number.
  const overhead = report.seconds - engines;
  const split =
    overhead >= 0
      ? `engines ${engines.toFixed(1)} s, pipeline overhead ${overhead.toFixed(1)} s`
      : `engines ${engines.toFixed(1)} s (summed over calls processed in parallel)`;
  const note = reused > 0 ? `; ${reused} summary(ies) from an earlier run, not timed` : '';
  const span = report.since === 'hang-up' ? 'after the hang-up' : 'end to end';
  print(`Time: ${report.seconds.toFixed(1)} s ${span}, ${split}${note}`);
}
