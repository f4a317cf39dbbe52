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
