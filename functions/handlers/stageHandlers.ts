import type { StageName } from '../shared/documents';
import { createIngestHandler } from './ingest';
import { createPublishHandler } from './publish';
import type { SqsHandler, StageRuntime } from './stageRuntime';
import { createSummarizeHandler } from './summarize';
import { createTranscribeHandler } from './transcribe';
import { createTranslateHandler } from './translate';

/** The pipeline's stages in order, for runners that host them all (local, on premises). */
export const PIPELINE_STAGES: readonly StageName[] = [
  'ingest',
  'transcribe',
  'translate',
  'summarize',
  'publish',
];

/** Each stage's handler, built from a runtime: the same code the Lambda entries run. */
export const STAGE_HANDLERS: Record<StageName, (runtime: StageRuntime) => SqsHandler> = {
  ingest: createIngestHandler,
  transcribe: createTranscribeHandler,
  translate: createTranslateHandler,
  summarize: createSummarizeHandler,
  publish: createPublishHandler,
};
