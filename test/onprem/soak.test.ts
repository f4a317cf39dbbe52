import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnpremSoak } from '../../local/soak/onpremSoak';
import { holdOnpremLock, ONPREM_ENV_FILE, onpremTestsRun } from './onpremAvailable';

describe.runIf(onpremTestsRun('on-premises soak tests'))('Function: runOnpremSoak', () => {
  let release: () => Promise<void> = async () => {};
  beforeAll(async () => {
    release = await holdOnpremLock();
  }, 600_000);
  afterAll(() => release());

  it('ends every call once when two serve processes share the work and are SIGKILLed in turn', async () => {
    const result = await runOnpremSoak({
      calls: 10,
      killEverySeconds: 3,
      // However fast the calls go, at least two processes die mid-run (kills come every 3 s).
      minKills: 2,
      serveProcesses: 2,
      uploadSpreadSeconds: 8,
      envFile: ONPREM_ENV_FILE,
      timeoutMs: 180_000,
    });
    expect(result.kills.length).toBeGreaterThanOrEqual(2);
    expect(new Set(result.kills.map((k) => k.pid)).size).toBe(result.kills.length);
    expect(result.lostKeys).toEqual([]);
    expect(result.duplicatedContacts).toEqual([]);
    expect(result.terminal).toBe(10);
    expect(result.summaryReadyMessages).toBe(10);
    // Both processes took part: RabbitMQ hands each stage's messages to both consumers.
    expect(result.handledPerProcess.every((n) => n > 0)).toBe(true);
  }, 240_000);
});
