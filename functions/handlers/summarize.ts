import { processStageRecord } from '../core/processStageRecord';
import { summarizeContact } from '../core/summarizeContact';
import { createSummarization, createTranslation } from '../providers/registry';
import { lambdaEntry, type StageRuntime, sqsStageHandler, stageContext } from './stageRuntime';

/** Summarize: transcript -> case summary draft (case worker's and caller's language) -> publish queue. */
export function createSummarizeHandler(runtime: StageRuntime) {
  const ctx = stageContext(runtime);
  const providers = {
    summarization: runtime.providers?.summarization ?? createSummarization(runtime.env.pipeline),
    translation: runtime.providers?.translation ?? createTranslation(runtime.env.pipeline),
  };
  return sqsStageHandler('summarize', runtime, (record) =>
    processStageRecord(ctx, 'summarize', record, (message) =>
      summarizeContact(ctx, providers, message, runtime.env.pipeline.redaction, {
        timeZone: runtime.env.pipeline.timeZone,
        glossary: runtime.env.pipeline.vocabulary,
      }),
    ),
  );
}

export const handler = lambdaEntry('summarize', createSummarizeHandler);
