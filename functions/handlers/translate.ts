import { processStageRecord } from '../core/processStageRecord';
import { translateTranscript } from '../core/translateTranscript';
import { createTranslation } from '../providers/registry';
import { lambdaEntry, type StageRuntime, sqsStageHandler, stageContext } from './stageRuntime';

/** Translate: transcript -> views in the case worker's and the caller's language -> summarize queue. */
export function createTranslateHandler(runtime: StageRuntime) {
  const ctx = stageContext(runtime);
  const translation = runtime.providers?.translation ?? createTranslation(runtime.env.pipeline);
  return sqsStageHandler('translate', runtime, (record) =>
    processStageRecord(ctx, 'translate', record, (message) =>
      translateTranscript(
        ctx,
        translation,
        message,
        runtime.env.pipeline.redaction,
        runtime.env.pipeline.vocabulary,
      ),
    ),
  );
}

export const handler = lambdaEntry('translate', createTranslateHandler);
