import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/** A folder with a `node` that reports the given version and honours only `--version` and `-e`. */
function fakeNode(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'callbrief-fake-node-'));
  const [major = 0, minor = 0] = version.slice(1).split('.').map(Number);
  const newEnough = major > 22 || (major === 22 && minor >= 12);
  writeFileSync(
    join(dir, 'node'),
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo ${version}; exit 0; fi\nif [ "$1" = "-e" ]; then exit ${newEnough ? 0 : 1}; fi\necho "ran with ${version}: $*"\n`,
  );
  chmodSync(join(dir, 'node'), 0o755);
  return dir;
}

function runWithNode(pathDirs: string[], search: string, args: string[], cwd = root) {
  return spawnSync('sh', [join(root, 'scripts', 'with-node.sh'), ...args], {
    cwd,
    encoding: 'utf-8',
    env: {
      PATH: [...pathDirs, '/usr/bin', '/bin'].join(':'),
      HOME: tmpdir(),
      CALLBRIEF_NODE_SEARCH: search,
    },
  });
}

describe('Script: with-node.sh', () => {
  it('stops with one line naming the Node found, the Node needed and the fix when Node is too old', () => {
    // Prepare
    const old = fakeNode('v20.20.2');

    // Act
    const result = runWithNode([old], '/nonexistent/node', ['node', 'local/cli.ts']);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'callbrief: found Node v20.20.2, needs Node >= 22.12; run ./scripts/setup.sh --install-only (installs Node 24)',
    ]);
  });

  it('runs the command on the installed Node 24 when the Node on PATH is too old', () => {
    // Prepare
    const old = fakeNode('v20.20.2');
    const installed = fakeNode('v24.21.0');

    // Act
    const result = runWithNode([old], `/nonexistent/node ${join(installed, 'node')}`, [
      'node',
      'x.js',
    ]);

    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('ran with v24.21.0: x.js');
  });

  it('says to run setup when the npm dependencies are missing', () => {
    // Prepare
    const current = fakeNode('v24.21.0');
    const emptyProject = mkdtempSync(join(tmpdir(), 'callbrief-no-modules-'));
    mkdirSync(join(emptyProject, 'scripts'));

    // Act
    const result = runWithNode([current], '', ['node', 'x.js'], emptyProject);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'callbrief: the npm dependencies are not installed; run ./scripts/setup.sh --install-only',
    );
  });
});

describe('File: package.json scripts', () => {
  it('starts every npm script through with-node.sh', () => {
    // Prepare
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf-8')) as {
      scripts: Record<string, string>;
    };

    // Act
    const bypassing = Object.entries(scripts).filter(
      ([, command]) => !command.startsWith('sh scripts/with-node.sh '),
    );

    // Assess
    expect(bypassing).toEqual([]);
  });
});

describe('Script: print-test-counts.mjs', () => {
  it('reports a missing results file as a run without results and fails with the runner code', () => {
    // Act
    const result = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'print-test-counts.mjs'), '/nonexistent.json', '2'],
      {
        encoding: 'utf-8',
      },
    );

    // Assess
    expect(result.status).toBe(2);
    expect(result.stdout.trim()).toBe(
      'Tests: the test run produced no results (the runner exited with code 2)',
    );
  });

  it('fails a run that exited 0 without results', () => {
    // Act
    const result = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'print-test-counts.mjs'), '/nonexistent.json', '0'],
      {
        encoding: 'utf-8',
      },
    );

    // Assess
    expect(result.status).toBe(1);
  });

  it('prints the closing line and passes the runner code on', () => {
    // Prepare
    const report = join(mkdtempSync(join(tmpdir(), 'callbrief-report-')), 'vitest.json');
    writeFileSync(
      report,
      JSON.stringify({ numPassedTests: 5, numFailedTests: 1, numPendingTests: 2, numTodoTests: 0 }),
    );

    // Act
    const result = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'print-test-counts.mjs'), report, '1'],
      {
        encoding: 'utf-8',
      },
    );

    // Assess
    expect(result.status).toBe(1);
    expect(result.stdout.trim()).toBe('Tests: 5 passed, 1 failed, 2 skipped');
  });
});
