import { processIngestRecord } from '../core/ingest/processIngestRecord';
import { lambdaEntry, type StageRuntime, sqsStageHandler, stageContext } from './stageRuntime';

/** Ingest: S3 notification -> validated recording info -> transcribe queue. */
export function createIngestHandler(runtime: StageRuntime) {
  const ctx = stageContext(runtime);
  const settings = {
    recordingsPrefix: runtime.env.recordingsPrefix,
    pipeline: runtime.env.pipeline,
  };
  return sqsStageHandler('ingest', runtime, (record) => processIngestRecord(ctx, settings, record));
}

export const handler = lambdaEntry('ingest', createIngestHandler);
