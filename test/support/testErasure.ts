import { randomBytes } from 'node:crypto';
import { localCaseIdMac } from '../../functions/core/erasure/caseIdMac';
import type { ErasureContext } from '../../functions/core/erasure/eraseCase';

/** Erasure settings for tests of the workspace: a fresh case-id key, second sweeps recorded. */
export function testErasure(): Pick<
  ErasureContext,
  'caseIdMac' | 'requeue' | 'secondSweepDelaySeconds'
> & { queued: unknown[] } {
  const queued: unknown[] = [];
  return {
    caseIdMac: localCaseIdMac(randomBytes(32)),
    requeue: async (request) => {
      queued.push(request);
    },
    secondSweepDelaySeconds: 0,
    queued,
  };
}
