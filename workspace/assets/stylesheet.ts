import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PurgeCSS } from 'purgecss';

export interface StylesheetSources {
  /** The KERN UX package's dist folder (kern.min.css, fonts/). */
  kernDir: string;
  /** workspace/public (workspace.css, player.js). */
  publicDir: string;
  /** workspace/views: the templates whose class names decide which KERN rules stay. */
  viewsDir: string;
}

export interface Stylesheet {
  css: string;
  /** The font files the stylesheet names (served from /assets/fonts/). */
  fonts: string[];
}

/**
 * Fira Sans faces the workspace uses: body text (400); headings, labels and <strong> (600, see
 * workspace.css). Two faces, both preloaded: a face found only at layout holds back the page.
 */
const FONT_WEIGHTS = new Set(['400', '600']);

/**
 * One stylesheet for every page: the Fira Sans faces the workspace uses, the KERN UX rules whose
 * classes its templates name (PurgeCSS over the view sources: KERN's 340 KB shrink to what the
 * pages need, so a first visit parses a fraction of it), then the workspace's own rules. KERN's
 * CSS is taken from the package at build or start time, never copied by hand.
 */
export async function buildStylesheet(sources: StylesheetSources): Promise<Stylesheet> {
  const views = (await readdir(sources.viewsDir))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(sources.viewsDir, name));
  const [kern] = await new PurgeCSS().purge({
    content: [...views, join(sources.publicDir, 'player.js')],
    css: [join(sources.kernDir, 'kern.min.css')],
    // Custom properties and keyframes no kept rule refers to go too.
    variables: true,
    keyframes: true,
  });
  const faces = await fontFaces(join(sources.kernDir, 'fonts/fira-sans.css'));
  const own = await readFile(join(sources.publicDir, 'workspace.css'), 'utf-8');
  return { css: `${faces.css}\n${kern?.css ?? ''}\n${own}`, fonts: faces.fonts };
}

/** The @font-face rules of the weights in use (normal style), pointed at /assets/fonts/. */
async function fontFaces(path: string): Promise<{ css: string; fonts: string[] }> {
  const text = await readFile(path, 'utf-8');
  const fonts: string[] = [];
  const rules = (text.match(/@font-face\s*{[^}]*}/g) ?? []).flatMap((rule) => {
    const weight = /font-weight:\s*(\d+)/.exec(rule)?.[1] ?? '';
    const style = /font-style:\s*(\w+)/.exec(rule)?.[1] ?? 'normal';
    const file = /url\(["']?\.\/fira-sans\/([A-Za-z-]+\.woff2)["']?\)/.exec(rule)?.[1];
    if (!file || style !== 'normal' || !FONT_WEIGHTS.has(weight)) return [];
    fonts.push(file);
    // swap: text shows at once in the fallback face while Fira Sans loads.
    return [
      rule
        .replace(/url\([^)]*\)/, `url("/assets/fonts/${file}")`)
        .replace(/}\s*$/, '  font-display: swap;\n}'),
    ];
  });
  return { css: rules.join('\n'), fonts };
}
