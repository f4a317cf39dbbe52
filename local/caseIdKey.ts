import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The local runner's key for naming cases in erasure markers and receipts (in AWS a KMS HMAC
 * key). Kept beside the saved state, readable by its owner only, so that a later
 * `npm run erase` names a case the same way; without saved state, a fresh key per run.
 */
export async function loadOrCreateCaseIdKey(stateDir?: string): Promise<Uint8Array> {
  if (!stateDir) return randomBytes(32);
  const path = join(dirname(resolve(stateDir)), `${basename(stateDir)}-case-id.key`);
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  // 'wx': two runners starting at once keep the first key.
  await writeFile(path, key, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return readFile(path);
}
