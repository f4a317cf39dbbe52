import { s3ListKeys } from '../adapters/s3ListKeys';
import { liveSegmentSource } from '../core/liveTranscript/liveTranscript';
import { processStageRecord } from '../core/processStageRecord';
import { transcribeContact } from '../core/transcribeContact';
import { createSpeechToText } from '../providers/registry';
import { lambdaEntry, type StageRuntime, sqsStageHandler, stageContext } from './stageRuntime';

/** Transcribe: recording -> transcript -> translate queue. */
export function createTranscribeHandler(runtime: StageRuntime) {
  const ctx = stageContext(runtime);
  const speechToText = runtime.providers?.speechToText ?? createSpeechToText(runtime.env.pipeline);
  const liveSegments = runtime.env.pipeline.liveTranscript.reuse
    ? liveSegmentSource(s3ListKeys(runtime.s3), ctx.store, runtime.env.resultsBucket)
    : undefined;
  return sqsStageHandler('transcribe', runtime, (record) =>
    processStageRecord(ctx, 'transcribe', record, (message) =>
      transcribeContact(
        ctx,
        speechToText,
        message,
        runtime.env.pipeline.redaction,
        runtime.env.pipeline.retention,
        {
          vocabulary: runtime.env.pipeline.vocabulary,
          monoRoleRule: runtime.env.pipeline.monoRoleRule,
          liveSegments,
        },
      ),
    ),
  );
}

export const handler = lambdaEntry('transcribe', createTranscribeHandler);
