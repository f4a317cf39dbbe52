import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildStylesheet, type StylesheetSources } from './stylesheet';

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

/** The workspace's own sources; KERN UX from wherever the package is installed. */
export function defaultSources(): StylesheetSources {
  const kern = createRequire(import.meta.url).resolve('@kern-ux/native/package.json');
  return {
    kernDir: join(dirname(kern), 'dist'),
    publicDir: join(import.meta.dirname, '../public'),
    viewsDir: join(import.meta.dirname, '../views'),
  };
}

const PRELOAD = ['FiraSans-Regular.woff2', 'FiraSans-SemiBold.woff2'];
const STYLESHEET = 'workspace.css';
const SCRIPT = 'player.js';

const hashed = (name: string, body: Uint8Array) => {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12);
  return name.replace(/\.(\w+)$/, `.${hash}.$1`);
};

function assets(css: Uint8Array<ArrayBuffer>, script: Uint8Array<ArrayBuffer>, fonts: Asset[]) {
  return {
    stylesheet: { name: hashed(STYLESHEET, css), type: 'text/css; charset=utf-8', body: css },
    script: { name: hashed(SCRIPT, script), type: 'text/javascript; charset=utf-8', body: script },
    fonts: new Map(fonts.map((font) => [font.name, font])),
    preload: PRELOAD.filter((name) => fonts.some((font) => font.name === name)),
  } satisfies WorkspaceAssets;
}

const bytes = async (path: string) => new Uint8Array(await readFile(path));
const font = async (dir: string, name: string): Promise<Asset> => ({
  name,
  type: 'font/woff2',
  body: await bytes(join(dir, name)),
});

/** Built from the sources when the server starts (local and on-premises). */
export async function assetsFromSources(sources: StylesheetSources): Promise<WorkspaceAssets> {
  const sheet = await buildStylesheet(sources);
  const fontDir = join(sources.kernDir, 'fonts/fira-sans');
  return assets(
    new TextEncoder().encode(sheet.css),
    await bytes(join(sources.publicDir, SCRIPT)),
    await Promise.all(sheet.fonts.map((name) => font(fontDir, name))),
  );
}

/** Built once into a folder (the Lambda bundle), so a cold start only reads files. */
export async function writeAssetFolder(sources: StylesheetSources, dir: string): Promise<void> {
  const sheet = await buildStylesheet(sources);
  await mkdir(join(dir, 'fonts'), { recursive: true });
  await writeFile(join(dir, STYLESHEET), sheet.css);
  await copyFile(join(sources.publicDir, SCRIPT), join(dir, SCRIPT));
  for (const name of sheet.fonts) {
    await copyFile(join(sources.kernDir, 'fonts/fira-sans', name), join(dir, 'fonts', name));
  }
}

/** The folder `writeAssetFolder` wrote. */
export async function assetsFromFolder(dir: string): Promise<WorkspaceAssets> {
  const names = (await readdir(join(dir, 'fonts'))).filter((name) => name.endsWith('.woff2'));
  return assets(
    await bytes(join(dir, STYLESHEET)),
    await bytes(join(dir, SCRIPT)),
    await Promise.all(names.map((name) => font(join(dir, 'fonts'), name))),
  );
}
