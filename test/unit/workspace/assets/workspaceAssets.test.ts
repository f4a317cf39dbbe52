import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assetsFromSources,
  defaultSources,
  writeAssetFolder,
} from '../../../../workspace/assets/sourceAssets';
import { assetsFromFolder } from '../../../../workspace/assets/workspaceAssets';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('Function: assetsFromFolder', () => {
  it('serves from the built folder exactly what the server builds from the sources', async () => {
    // Prepare: what the Lambda bundle's afterBundling hook writes.
    const dir = await mkdtemp(join(tmpdir(), 'callbrief-assets-'));
    dirs.push(dir);
    await writeAssetFolder(defaultSources(), dir);

    // Act
    const [built, fromSources] = await Promise.all([
      assetsFromFolder(dir),
      assetsFromSources(defaultSources()),
    ]);

    // Assess
    expect(built.stylesheet.name).toBe(fromSources.stylesheet.name);
    expect(built.stylesheet.name).toMatch(/^workspace\.[\w-]{12}\.css$/);
    expect(built.script.name).toBe(fromSources.script.name);
    expect([...built.fonts.keys()].sort()).toEqual([
      'FiraSans-Regular.woff2',
      'FiraSans-SemiBold.woff2',
    ]);
    expect(built.preload).toEqual(['FiraSans-Regular.woff2', 'FiraSans-SemiBold.woff2']);
    const css = new TextDecoder().decode(built.stylesheet.body);
    expect(css).toContain('url("/assets/fonts/FiraSans-Regular.woff2")');
    expect(css).toContain('font-display: swap');
    // Trimmed: a fraction of KERN's 340 KB.
    expect(built.stylesheet.body.byteLength).toBeLessThan(100_000);
  });
});
