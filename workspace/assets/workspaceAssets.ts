import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Asset {
  /** The URL path below /assets/; the stylesheet and script carry a content hash in it. */
  name: string;
  type: string;
  body: Uint8Array<ArrayBuffer>;
}

/** What the pages link to: one stylesheet, one script, the fonts the stylesheet names. */
export interface WorkspaceAssets {
  stylesheet: Asset;
  script: Asset;
  fonts: Map<string, Asset>;
  /** Fonts every page uses at once (body text, headings): preloaded beside the stylesheet. */
  preload: string[];
}

export const PRELOAD = ['FiraSans-Regular.woff2', 'FiraSans-SemiBold.woff2'];
export const STYLESHEET = 'workspace.css';
export const SCRIPT = 'player.js';

const hashed = (name: string, body: Uint8Array) => {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12);
  return name.replace(/\.(\w+)$/, `.${hash}.$1`);
};

export function assets(
  css: Uint8Array<ArrayBuffer>,
  script: Uint8Array<ArrayBuffer>,
  fonts: Asset[],
) {
  return {
    stylesheet: { name: hashed(STYLESHEET, css), type: 'text/css; charset=utf-8', body: css },
    script: { name: hashed(SCRIPT, script), type: 'text/javascript; charset=utf-8', body: script },
    fonts: new Map(fonts.map((font) => [font.name, font])),
    preload: PRELOAD.filter((name) => fonts.some((font) => font.name === name)),
  } satisfies WorkspaceAssets;
}

export const bytes = async (path: string) => new Uint8Array(await readFile(path));
export const font = async (dir: string, name: string): Promise<Asset> => ({
  name,
  type: 'font/woff2',
  body: await bytes(join(dir, name)),
});

/** The folder `writeAssetFolder` (sourceAssets.ts) wrote: no CSS tooling at run time. */
export async function assetsFromFolder(dir: string): Promise<WorkspaceAssets> {
  const names = (await readdir(join(dir, 'fonts'))).filter((name) => name.endsWith('.woff2'));
  return assets(
    await bytes(join(dir, STYLESHEET)),
    await bytes(join(dir, SCRIPT)),
    await Promise.all(names.map((name) => font(join(dir, 'fonts'), name))),
  );
}
