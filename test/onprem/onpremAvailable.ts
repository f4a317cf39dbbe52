import { existsSync } from 'node:fs';

/** The env file scripts/onprem-up.sh writes; the on-premises tests need the services it starts. */
export const ONPREM_ENV_FILE = '.callbrief/onprem.env';

/**
 * Whether the on-premises tests run: when the services are up, or always with
 * CALLBRIEF_REQUIRE_ONPREM=1 (CI), where a missing env file then fails instead of skipping.
 */
export function onpremTestsRun(suite: string): boolean {
  const present = existsSync(ONPREM_ENV_FILE);
  const required = process.env.CALLBRIEF_REQUIRE_ONPREM === '1';
  if (!present && !required) {
    console.warn(
      `SKIPPED ${suite}: no ${ONPREM_ENV_FILE} (run ./scripts/onprem-up.sh first, or set CALLBRIEF_REQUIRE_ONPREM=1 to fail instead)`,
    );
  }
  return present || required;
}

const LOCK_DIR = '.callbrief/onprem-tests.lock';

/**
 * Every serve process consumes every queue, so two on-premises test files running at once would
 * take each other's messages (vitest runs files in parallel). Each file holds this lock (an
 * atomic mkdir naming its pid) while it runs; a lock whose process is gone is taken over.
 */
export async function holdOnpremLock(): Promise<() => Promise<void>> {
  const { mkdir, readFile, rm, writeFile } = await import('node:fs/promises');
  for (;;) {
    try {
      await mkdir(LOCK_DIR, { recursive: false });
      await writeFile(`${LOCK_DIR}/pid`, String(process.pid));
      return () => rm(LOCK_DIR, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(`${LOCK_DIR}/pid`, 'utf-8').catch(() => 'NaN'));
    let alive = false;
    try {
      alive = Number.isInteger(holder) && process.kill(holder, 0);
    } catch {
      alive = false;
    }
    // No pid yet: the holder is between mkdir and writeFile; otherwise its process died.
    if (Number.isInteger(holder) && !alive) await rm(LOCK_DIR, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
