import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  isDocumentKind,
  schemaProblems,
} from '../functions/shared/schemas';

/**
 * Validates callbrief documents against the published JSON Schemas, for case-system teams
 * checking what they receive (or fixtures they write). The schema is chosen from where a file
 * lies in the results-bucket layout, or forced with --kind.
 */

const USAGE = `Usage: node --import tsx scripts/validate-documents.ts [--kind KIND] DIR_OR_FILE...

Validates every document under each DIR (for example the local runner's out/ folder, which
mirrors the results bucket) and each FILE, prints one line per file and a total, and exits 1
when any file is invalid.

The schema is chosen by location:
  cases/<case>/contacts/<contact>/recording.json            recording-info
  cases/<case>/contacts/<contact>/transcript.json           transcript
  cases/<case>/contacts/<contact>/translation.<lang>.json   translation
  cases/<case>/contacts/<contact>/summary-draft.json        case-summary
  cases/<case>/contacts/<contact>/summary.json              case-summary
  cases/<case>/contacts/<contact>/handoff/*.json            skipped (internal markers)
  cases/<case>/case.json                                    case-rollup
  errors/<stage>/**/*.json                                  error-record
  summary-ready.jsonl                                       summary-ready-message, one per line
  <kind>.json, <name>.<kind>.json                           <kind>, e.g. call-7.case-summary.json
  <kind>.jsonl, <name>.<kind>.jsonl                         <kind>, one document per line

Options:
  --kind KIND   validate every given file as KIND (a .jsonl file line by line), one of:
                ${DOCUMENT_KINDS.join(', ')}
  -h, --help    show this help`;

const STAGES = ['ingest', 'transcribe', 'translate', 'summarize', 'publish'];

type Plan =
  | { action: 'validate'; kind: DocumentKind; lines: boolean }
  | { action: 'skip'; reason: string }
  | { action: 'unknown' };

/** Schema of a contact artifact or a loose copy of one, by file name alone. */
function planByName(name: string): Plan {
  if (name === 'recording.json')
    return { action: 'validate', kind: 'recording-info', lines: false };
  if (name === 'transcript.json') return { action: 'validate', kind: 'transcript', lines: false };
  if (/^translation\.[a-z]{2,3}\.json$/.test(name)) {
    return { action: 'validate', kind: 'translation', lines: false };
  }
  if (name === 'summary.json' || name === 'summary-draft.json') {
    return { action: 'validate', kind: 'case-summary', lines: false };
  }
  if (name === 'summary-ready.jsonl') {
    return { action: 'validate', kind: 'summary-ready-message', lines: true };
  }
  // Fixtures and saved messages: <kind>.json or <anything>.<kind>.json (.jsonl: one per line).
  const named = /(?:^|\.)([a-z-]+)\.(jsonl?)$/.exec(name);
  if (named?.[1] && isDocumentKind(named[1])) {
    return { action: 'validate', kind: named[1], lines: named[2] === 'jsonl' };
  }
  return { action: 'unknown' };
}

/** Which schema a file's location and name call for. */
export function planFor(path: string): Plan {
  const parts = resolve(path).split(sep);
  const name = parts.at(-1) ?? '';
  // cases/<case>/case.json: the case roll-up (a contact's files lie one level deeper).
  if (name === 'case.json' && parts.at(-3) === 'cases') {
    return { action: 'validate', kind: 'case-rollup', lines: false };
  }
  const contactsAt = parts.lastIndexOf('contacts');
  // cases/<case>/contacts/<contact>/<name>: ids may be anything, even "errors" or "handoff".
  if (contactsAt >= 2 && parts[contactsAt - 2] === 'cases') {
    if (contactsAt === parts.length - 3) return planByName(name);
    if (contactsAt === parts.length - 4 && parts.at(-2) === 'handoff') {
      return { action: 'skip', reason: 'internal hand-off marker' };
    }
  }
  const errorsAt = parts.lastIndexOf('errors');
  if (errorsAt >= 0 && STAGES.includes(parts[errorsAt + 1] ?? '') && name.endsWith('.json')) {
    return { action: 'validate', kind: 'error-record', lines: false };
  }
  return planByName(name);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && /\.jsonl?$/.test(entry.name)) files.push(path);
  }
  return files;
}

function parseProblems(kind: DocumentKind, text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return [`not valid JSON (${(error as Error).message})`];
  }
  return schemaProblems(kind, doc);
}

/** Problems of one file; a .jsonl file's are prefixed with their line number. */
async function check(path: string, kind: DocumentKind, lines: boolean) {
  const text = await readFile(path, 'utf8');
  if (!lines) return { problems: parseProblems(kind, text), count: 1 };
  const problems: string[] = [];
  let count = 0;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    count += 1;
    problems.push(...parseProblems(kind, line).map((p) => `line ${i + 1}: ${p}`));
  }
  if (count === 0) problems.push('holds no documents');
  return { problems, count };
}

async function main(argv: string[]): Promise<number> {
  let values: { kind?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const forced = values.kind;
  if (forced !== undefined && !isDocumentKind(forced)) {
    console.error(`--kind must be one of ${DOCUMENT_KINDS.join(', ')}, not "${forced}"`);
    return 2;
  }

  const totals = { valid: 0, invalid: 0, skipped: 0 };
  const show = (path: string) => relative(process.cwd(), path) || path;
  const report = (status: keyof typeof totals, path: string, detail: string) => {
    totals[status] += 1;
    const label = status === 'invalid' ? 'INVALID' : status;
    console.log(`${label.padEnd(8)} ${show(path)}  ${detail}`);
  };

  for (const target of positionals) {
    const info = await stat(target).catch(() => undefined);
    if (!info) {
      report('invalid', target, 'no such file or directory');
      continue;
    }
    const walked = info.isDirectory();
    const files = walked ? await walk(target) : [target];
    if (walked && files.length === 0) report('invalid', target, 'holds no .json or .jsonl files');
    for (const file of files) {
      const plan: Plan = forced
        ? { action: 'validate', kind: forced, lines: file.endsWith('.jsonl') }
        : planFor(file);
      if (plan.action === 'skip') {
        report('skipped', file, plan.reason);
      } else if (plan.action === 'unknown') {
        // Inside a folder an unrelated file is not an error; a file named explicitly is.
        if (walked) report('skipped', file, 'not a callbrief document location');
        else report('invalid', file, `cannot tell which schema applies; use --kind`);
      } else {
        const { problems, count } = await check(file, plan.kind, plan.lines);
        const what = plan.lines
          ? `${plan.kind}, ${count} ${count === 1 ? 'line' : 'lines'}`
          : plan.kind;
        if (problems.length === 0) report('valid', file, `(${what})`);
        else report('invalid', file, `(${what}) ${problems.join('; ')}`);
      }
    }
  }

  console.log(
    `${totals.valid + totals.invalid} checked: ${totals.valid} valid, ${totals.invalid} invalid, ${totals.skipped} skipped`,
  );
  return totals.invalid > 0 ? 1 : 0;
}

if (basename(process.argv[1] ?? '') === 'validate-documents.ts') {
  process.exitCode = await main(process.argv.slice(2));
}
