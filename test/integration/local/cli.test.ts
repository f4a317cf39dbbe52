import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speak } from '../../support/generateSpeech';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm start` (local/cli.ts) as a user would, from the project folder. */
function start(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/cli.ts', ...args],
      {
        env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
        timeout: 240_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('Command: npm start (local runner)', () => {
  let dir: string;
  let state: string;
  let first: string;
  let other: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-cli-'));
    state = join(dir, 'state');
    first = await speak(dir, 'first', 'I would like to apply for housing benefit.');
    other = await speak(dir, 'other', 'My passport was stolen yesterday, I need a new one.');
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the same summary without a false error record when rerun on the same state', async () => {
    const out = join(dir, 'rerun');
    const args = [first, '--case', 'CASE-RERUN', '--state', state, '--out', out];
    const one = await start(args);
    expect(one.code).toBe(0);
    const two = await start(args);
    expect(two.stdout).toContain('1 of 1 recordings summarized');
    expect(two.stdout).not.toMatch(/corrupt-audio|FAILED/);
    expect(two.stdout).not.toMatch(/-\d+\.\d s/);
    expect(two.code).toBe(0);
    expect((await filesUnder(out)).some((f) => f.includes('/errors/'))).toBe(false);
    expect((await stat(state)).mode & 0o777).toBe(0o700);
  }, 300_000);

  it('reports different audio under a used file name as failed, with its reason, exit 1', async () => {
    const renamed = join(dir, 'conflict');
    await mkdir(renamed);
    const file = join(renamed, 'first.wav');
    await writeFile(file, await import('node:fs/promises').then((fs) => fs.readFile(other)));
    const run = await start([
      file,
      '--case',
      'CASE-RERUN',
      '--state',
      state,
      '--out',
      join(dir, 'c'),
    ]);
    expect(run.stdout).toMatch(/FAILED recordings\/first\.wav: ingest: contact-conflict/);
    expect(run.stdout).toContain('0 of 1 recordings summarized');
    expect(run.code).toBe(1);
  }, 300_000);

  it("writes only this run's results to --out, never an earlier run's or another case's", async () => {
    const out = join(dir, 'only-this-run');
    expect((await start([first, '--case', 'CASE-A', '--state', state, '--out', out])).code).toBe(0);
    expect((await start([other, '--case', 'CASE-B', '--state', state, '--out', out])).code).toBe(0);
    const files = await filesUnder(out);
    expect(files.some((f) => f.includes('/cases/CASE-B/'))).toBe(true);
    expect(files.some((f) => f.includes('/cases/CASE-A/') || f.includes('CASE-RERUN'))).toBe(false);
  }, 300_000);

  it('refuses an --out folder that holds files of its own', async () => {
    const foreign = join(dir, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'thesis.txt'), 'mine');
    const run = await start([first, '--state', state, '--out', foreign]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(foreign, 'thesis.txt'))).toBe(true);
  }, 120_000);

  it('refuses keys with .. or an over-long segment with an error record, exit 1', async () => {
    const out = join(dir, 'keys');
    const escaped = await start([
      first,
      '--key',
      '../../escaped.wav',
      '--state',
      state,
      '--out',
      out,
    ]);
    expect(escaped.stdout).toMatch(
      /FAILED \.\.\/\.\.\/escaped\.wav|FAILED recordings\/\.\.\/\.\.\/escaped\.wav/,
    );
    expect(escaped.stdout).toContain('upload-refused');
    expect(escaped.code).toBe(1);
    expect(existsSync(join(dir, 'escaped.wav._S3rver_object'))).toBe(false);
    const long = await start([
      first,
      '--key',
      `${'x'.repeat(300)}.wav`,
      '--state',
      state,
      '--out',
      out,
    ]);
    expect(long.stdout).toContain('KeyTooLongError');
    expect(long.code).toBe(1);
    expect((await filesUnder(out)).some((f) => f.includes('/errors/ingest/'))).toBe(true);
  }, 300_000);

  it.each([
    ['invalid JSON in --config', ['--config', 'INVALID'], /not valid JSON/],
    ['an unknown flag', ['--frobnicate'], /Unknown option '--frobnicate'/],
    ['a flag without its value', ['--case'], /--case/],
  ])(
    'answers %s in one line without a stack trace, exit 2',
    async (_what, args, message) => {
      const invalid = join(dir, 'invalid.json');
      await writeFile(invalid, '{ "speechToText": ');
      const run = await start(args.map((a) => (a === 'INVALID' ? invalid : a)));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );
});
