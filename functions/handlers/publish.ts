import { processStageRecord } from '../core/processStageRecord';
import { publishSummary } from '../core/publishSummary';
import { lambdaEntry, type StageRuntime, sqsStageHandler, stageContext } from './stageRuntime';

/** Publish: draft -> final case summary -> summary-ready queue for case systems. */
export function createPublishHandler(runtime: StageRuntime) {
  const ctx = stageContext(runtime);
  return sqsStageHandler('publish', runtime, (record) =>
    processStageRecord(ctx, 'publish', record, (message) => publishSummary(ctx, message)),
  );
}

export const handler = lambdaEntry('publish', createPublishHandler);
