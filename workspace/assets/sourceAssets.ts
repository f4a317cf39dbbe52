import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildStylesheet, type StylesheetSources } from './stylesheet';
import { assets, bytes, font, SCRIPT, STYLESHEET, type WorkspaceAssets } from './workspaceAssets';

/** The workspace's own sources; KERN UX from wherever the package is installed. */
export function defaultSources(): StylesheetSources {
  const kern = createRequire(import.meta.url).resolve('@kern-ux/native/package.json');
  return {
    kernDir: join(dirname(kern), 'dist'),
    publicDir: join(import.meta.dirname, '../public'),
    viewsDir: join(import.meta.dirname, '../views'),
  };
}

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

/** The workspace's assets from its own sources (local, on premises, tests). */
export const assetsFromWorkspaceSources = () => assetsFromSources(defaultSources());

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
