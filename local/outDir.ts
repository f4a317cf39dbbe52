import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '../functions/shared/errors';

/** Marks a folder as written by the local runner, so a later run may empty it. */
export const OUT_MARKER = '.callbrief-results';

/**
 * Makes `dir` hold only what this run writes: a missing or empty folder is used as it is; one
 * with an earlier run's results (it has the marker) is emptied; anything else is refused, so a
 * mistyped `--out` never deletes the user's own files.
 */
export async function prepareOutDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR') throw new ConfigurationError(`--out ${dir} is not a folder`);
    throw error;
  });
  if (entries && entries.length > 0) {
    if (!entries.includes(OUT_MARKER)) {
      throw new ConfigurationError(
        `--out ${dir} is not empty and holds no earlier callbrief results; choose an empty or new folder`,
      );
    }
    for (const entry of entries) await rm(join(dir, entry), { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  if (!(await stat(dir)).isDirectory())
    throw new ConfigurationError(`--out ${dir} is not a folder`);
  await writeFile(
    join(dir, OUT_MARKER),
    'Written by npm start: emptied and refilled by the next run with this --out.\n',
  );
}
