// Prints the closing line CI reads ("N passed, N failed") from vitest's JSON report.
import { readFileSync } from 'node:fs';

const asked = process.argv.includes('--help') || process.argv.includes('-h');
if (asked || !process.argv[2]) {
  (asked ? console.log : console.error)(`Usage: node scripts/print-test-counts.mjs REPORT.json

Prints the closing line CI reads ("N passed, N failed") from vitest's JSON report
(npm run test:unit writes it to .tmp/vitest.json). Exits 2 without a report file.

  -h, --help  show this help and do nothing else`);
  process.exit(asked ? 0 : 2);
}

const report = JSON.parse(readFileSync(process.argv[2], 'utf-8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
);
