// Prints the closing line CI reads ("N passed, N failed") from vitest's JSON report, and exits
// with the runner's exit code; a missing or unreadable report is a failure that says so.
//   node scripts/print-test-counts.mjs <report.json> <runner exit code>
import { readFileSync } from 'node:fs';

const [reportPath, runnerCodeText = '1'] = process.argv.slice(2);
if (reportPath === '--help' || reportPath === '-h') {
  console.log(`Usage: node scripts/print-test-counts.mjs REPORT.json RUNNER_EXIT_CODE
Prints "Tests: N passed, N failed, N skipped" from vitest's JSON report and exits with the
runner's exit code; a missing report prints that the run produced no results and fails.
  -h, --help   show this help and do nothing else`);
  process.exit(0);
}
const runnerCode = Number(runnerCodeText) || 0;

let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf-8'));
} catch {
  console.log(
    `Tests: the test run produced no results (the runner exited with code ${runnerCode})`,
  );
  process.exit(runnerCode === 0 ? 1 : runnerCode);
}
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
);
process.exit(runnerCode);
