import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAZETTEER_FILE } from '../../../functions/redaction/nameGazetteer';
import { REPO_ROOT } from '../../../infra/config';
import { lambdaEsbuildOptions } from '../../../infra/constructs/lambdaBundling';
import {
  buildOnDemandModules,
  gazetteerCopyCommand,
} from '../../../infra/constructs/onDemandModules';

const NAMES_ENTRY = `import { detectNames } from './functions/redaction/personName';
export const found = (text) => detectNames(text).map((m) => text.slice(m.start, m.end));`;

async function bundle(dir: string, contents: string): Promise<string> {
  const outfile = join(dir, 'index.mjs');
  await build({
    ...lambdaEsbuildOptions(),
    stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts' },
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

describe('Module: onDemandModules', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-on-demand-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts the name gazetteer beside a bundle that redacts names, where it is read on first use', async () => {
    const folder = join(dir, 'names');
    const outfile = await bundle(folder, NAMES_ENTRY);
    const written = await buildOnDemandModules(outfile, folder);
    expect(written.map((m) => m.name)).toEqual(['name gazetteer']);
    const { found } = await import(pathToFileURL(outfile).href);
    expect(new Set(found('mein Name ist Oleksandr Kovalenko.'))).toEqual(
      new Set(['Oleksandr Kovalenko']),
    );
  });

  it('leaves the gazetteer out of the main file', async () => {
    const folder = join(dir, 'size');
    const outfile = await bundle(folder, NAMES_ENTRY);
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(outfile));
    // The gazetteer alone is over 100 KiB; the redaction code without it is far smaller.
    expect(size).toBeLessThan(60 * 1024);
  });

  it('copies the gazetteer in the CDK hook only for bundles that read it', async () => {
    const reads = join(dir, 'hook-reads');
    await bundle(reads, NAMES_ENTRY);
    const plain = join(dir, 'hook-plain');
    await bundle(plain, 'export const x = 1;');
    for (const folder of [reads, plain]) {
      execFileSync('sh', ['-c', gazetteerCopyCommand(REPO_ROOT, folder)]);
    }
    expect(existsSync(join(reads, GAZETTEER_FILE))).toBe(true);
    expect(existsSync(join(plain, GAZETTEER_FILE))).toBe(false);
  });
});
