import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planFor } from '../../../scripts/validate-documents';
import { example } from './examples';

const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts/validate-documents.ts');

/** Runs the CLI exactly as documented: from the repository root, which resolves tsx. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', SCRIPT, ...args],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function put(root: string, path: string, content: unknown): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
  await writeFile(join(root, path), text);
}

const contact = 'out/cases/JC-2026-004711/contacts/call-20261122-0937';

/** A results folder as the local runner writes it, every document valid. */
async function writeValidOut(root: string): Promise<void> {
  await put(root, `${contact}/recording.json`, example('recording-info'));
  await put(root, `${contact}/transcript.json`, example('transcript'));
  await put(root, `${contact}/translation.de.json`, example('translation'));
  await put(root, `${contact}/summary-draft.json`, example('case-summary'));
  await put(root, `${contact}/summary.json`, example('case-summary'));
  await put(root, `${contact}/handoff/transcribe.json`, {
    state: 'sent',
    at: '2026-11-22T09:39:00Z',
  });
  await put(
    root,
    'out/errors/ingest/objects/3f2a9c0d1e4b5a6f7c8d9e0f.json',
    example('error-record'),
  );
  await put(
    root,
    'out/summary-ready.jsonl',
    `${JSON.stringify(example('summary-ready-message'))}\n`,
  );
}

describe('Script: validate-documents', () => {
  let root: string;
  /** A path under the temporary folder as the CLI prints it (relative to where it runs). */
  const shown = (path: string) => relative(ROOT, join(root, path));
  const arg = (path: string) => join(root, path);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'callbrief-validate-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('exits 0 and counts every document when the folder is valid', async () => {
    // Prepare
    await writeValidOut(root);

    // Act
    const { code, stdout } = await runCli([arg('out')]);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(`valid    ${shown(`${contact}/summary.json`)}  (case-summary)`);
    expect(stdout).toContain(`valid    ${shown(`${contact}/translation.de.json`)}  (translation)`);
    expect(stdout).toContain(
      `valid    ${shown('out/errors/ingest/objects/3f2a9c0d1e4b5a6f7c8d9e0f.json')}  (error-record)`,
    );
    expect(stdout).toContain(
      `valid    ${shown('out/summary-ready.jsonl')}  (summary-ready-message, 1 line)`,
    );
    expect(stdout).toContain(
      `skipped  ${shown(`${contact}/handoff/transcribe.json`)}  internal hand-off marker`,
    );
    expect(stdout.trim().split('\n').at(-1)).toBe('7 checked: 7 valid, 0 invalid, 1 skipped');
  });

  it('accepts documents of schema version 1.0 and 1.1 alike', async () => {
    // Act: the 1.0 documents as callbrief wrote them before 1.1, and the 1.1 examples
    const result = await runCli(['test/fixtures/documents-1.0/', 'schemas/examples/']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/19 checked: 19 valid, 0 invalid/);
    expect(result.stdout).toContain('test/fixtures/documents-1.0/case-summary.json');
  });

  it('exits 1 and names the failing paths when a file is invalid', async () => {
    // Prepare
    await writeValidOut(root);
    const transcript = example('transcript') as { turns: Array<{ speaker: string }> };
    transcript.turns[2]!.speaker = 'customer';
    await put(root, `${contact}/transcript.json`, transcript);
    const ready = example('summary-ready-message');
    const badReady = { ...ready, sha256: 'not-a-digest' };
    await put(
      root,
      'out/summary-ready.jsonl',
      `${JSON.stringify(ready)}\n${JSON.stringify(badReady)}\n{truncated\n`,
    );
    await put(root, `${contact}/summary.json`, '{ "schema_version": "1.0" ');
    await put(root, 'out/notes.json', { unrelated: true });

    // Act
    const { code, stdout } = await runCli([arg('out')]);

    // Assess
    expect(code).toBe(1);
    const line = (path: string) =>
      stdout.split('\n').find((l) => l.includes(` ${shown(path)} `)) ?? '';
    expect(line(`${contact}/transcript.json`)).toMatch(
      /^INVALID .*\(transcript\) \/turns\/2\/speaker: must be one of "agent", "caller", "unknown"$/,
    );
    expect(line('out/summary-ready.jsonl')).toMatch(
      /^INVALID .*3 lines\) line 2: \/sha256: must match pattern/,
    );
    expect(line('out/summary-ready.jsonl')).toContain('line 3: not valid JSON');
    expect(line(`${contact}/summary.json`)).toMatch(/^INVALID .*\(case-summary\) not valid JSON/);
    expect(line(`${contact}/summary-draft.json`)).toMatch(/^valid /);
    expect(line('out/notes.json')).toMatch(/^skipped .*not a callbrief document location/);
    expect(stdout.trim().split('\n').at(-1)).toBe('7 checked: 4 valid, 3 invalid, 2 skipped');
  });

  it('validates named files by their name, or as the kind given with --kind', async () => {
    // Prepare
    await put(root, 'fixtures/call-7.case-summary.json', example('case-summary'));
    await put(root, 'fixtures/message.json', example('stage-message'));

    // Act
    const [byName, forced] = await Promise.all([
      runCli([arg('fixtures/call-7.case-summary.json'), arg('fixtures/message.json')]),
      runCli(['--kind', 'stage-message', arg('fixtures/message.json')]),
    ]);

    // Assess
    expect(byName.code).toBe(1);
    expect(byName.stdout).toContain(
      `valid    ${shown('fixtures/call-7.case-summary.json')}  (case-summary)`,
    );
    expect(byName.stdout).toContain(
      `INVALID  ${shown('fixtures/message.json')}  cannot tell which schema applies; use --kind`,
    );
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`valid    ${shown('fixtures/message.json')}  (stage-message)`);
  });

  it('exits 1 for a path that does not exist and 2 for a usage error', async () => {
    // Act
    const [missing, noArgs, badKind] = await Promise.all([
      runCli([arg('nowhere')]),
      runCli([]),
      runCli(['--kind', 'summary', arg('out')]),
    ]);

    // Assess
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`INVALID  ${shown('nowhere')}  no such file or directory`);
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('Usage: node --import tsx scripts/validate-documents.ts');
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--kind must be one of recording-info, transcript');
  });
});

describe('Function: planFor', () => {
  it.each([
    ['out/cases/c/contacts/k/recording.json', 'recording-info'],
    ['out/cases/c/contacts/k/translation.uk.json', 'translation'],
    ['out/cases/c/contacts/k/summary-draft.json', 'case-summary'],
    ['out/errors/transcribe/messages/4b1d.json', 'error-record'],
    // An error record keyed by a contact whose id looks like an artifact name.
    ['out/errors/transcribe/c/recording.json', 'error-record'],
    // A contact whose id is "errors" still holds contact artifacts.
    ['out/cases/c/contacts/errors/transcript.json', 'transcript'],
    ['saved/summary-ready-message.jsonl', 'summary-ready-message'],
  ])('reads %s as %s', (path, kind) => {
    expect(planFor(path)).toMatchObject({ action: 'validate', kind });
  });

  it('skips hand-off markers and does not know unrelated files', () => {
    expect(planFor('out/cases/c/contacts/k/handoff/publish.json')).toMatchObject({
      action: 'skip',
    });
    expect(planFor('out/cases/c/contacts/k/notes.json')).toEqual({ action: 'unknown' });
    expect(planFor('out/errors/unknown-stage/x.json')).toEqual({ action: 'unknown' });
  });
});
