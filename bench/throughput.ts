// Throughput of the local pipeline itself: instant engines with no latency, so the figure is
// what the stand-ins, pollers and handlers can move on this machine.
import { readFile } from 'node:fs/promises';
import { driveCalls } from './driveCalls';
import { SAMPLE_CALL, startInstantPipeline } from './pipelineOverhead';

export interface ThroughputFigure {
  calls: number;
  /** Uploads in flight at once, as a telephony system would send them. */
  uploadConcurrency: number;
  /** From the first upload to the last summary-ready message. */
  seconds: number;
  callsPerSecond: number;
}

export async function measureThroughput(
  calls: number,
  uploadConcurrency = 16,
): Promise<ThroughputFigure> {
  const audio = await readFile(SAMPLE_CALL);
  const pipeline = await startInstantPipeline(0);
  try {
    await driveCalls(pipeline, audio, { count: 1, label: 'warm-up' });
    const { elapsedMs } = await driveCalls(pipeline, audio, {
      count: calls,
      label: 'throughput',
      uploadConcurrency,
    });
    const seconds = elapsedMs / 1000;
    return { calls, uploadConcurrency, seconds, callsPerSecond: calls / seconds };
  } finally {
    await pipeline.stop();
  }
}
