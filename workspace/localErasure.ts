import { localCaseIdMac } from '../functions/core/erasure/caseIdMac';
import type { ErasureContext } from '../functions/core/erasure/eraseCase';
import { loadOrCreateCaseIdKey } from '../local/caseIdKey';

/**
 * Erasure settings for the workspace on one machine: the state folder's case-id key (the same
 * the runner uses, so markers match) and no erase queue, so the second sweep is the runner's
 * (`npm run erase` or the next `npm start` on the state); a request queued again is dropped
 * with a line on the console rather than lost silently.
 */
export async function localErasure(
  stateDir: string,
): Promise<Pick<ErasureContext, 'caseIdMac' | 'requeue' | 'secondSweepDelaySeconds'>> {
  return {
    caseIdMac: localCaseIdMac(await loadOrCreateCaseIdKey(stateDir)),
    requeue: async () => {
      console.error(
        'callbrief workspace: the second erasure sweep is not queued locally; run npm run erase again for this case after a minute',
      );
    },
    secondSweepDelaySeconds: 0,
  };
}
