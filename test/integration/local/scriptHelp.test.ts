import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every runnable script of local/ and scripts/ (modules they import are not commands). */
const SCRIPTS = [
  ...readdirSync('local')
    .filter((f) => f === 'cli.ts' || f.endsWith('Cli.ts'))
    .map((f) => `local/${f}`),
  'local/soak/soak.ts',
  ...readdirSync('scripts')
    .filter((f) => /\.(ts|mjs|sh)$/.test(f) && f !== 'usage.ts')
    .map((f) => `scripts/${f}`),
];

function run(script: string, args: string[]): Promise<{ code: number; stdout: string }> {
  const [command, commandArgs] = script.endsWith('.sh')
    ? ['bash', [script, ...args]]
    : [process.execPath, ['--import', 'tsx', script, ...args]];
  return new Promise((resolve) => {
    execFile(command, commandArgs as string[], { timeout: 60_000 }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

/** What git sees as changed: a script acting on --help would add or rewrite files. */
function changedFiles(): Promise<string> {
  return new Promise((resolve) =>
    execFile('git', ['status', '--porcelain', '--untracked-files=all'], (_e, stdout) =>
      resolve(stdout),
    ),
  );
}

describe('Scripts: --help', () => {
  it.each(SCRIPTS)(
    '%s prints its full usage, exits 0 and changes nothing',
    async (script) => {
      const before = await changedFiles();
      const { code, stdout } = await run(script, ['--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: /m);
      expect(stdout).toMatch(/--help/);
      expect(await changedFiles()).toBe(before);
    },
    90_000,
  );
});
