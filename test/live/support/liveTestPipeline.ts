import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import type { LiveBridgeOptions } from '../../../live/startLiveBridge';
import { LocalPipeline } from '../../../local/localPipeline';
import {
  instantSpeechToText,
  instantSummarization,
  instantTranslation,
} from '../../../local/soak/instantEngines';

/** The live tests' config: offline engines named, live segments reused after the call. */
export const LIVE_TEST_CONFIG = parsePipelineConfig(
  {
    speechToText: { type: 'pocketsphinx', language: 'en' },
    translation: { type: 'apertium' },
    summarization: { type: 'extractive' },
    languages: { caseWorker: 'de', defaultCaller: 'en' },
    liveTranscript: { reuse: true },
  },
  'test',
);

/** The post-call pipeline behind a bridge: the real stand-ins and handlers, instant engines. */
export function startPostCallPipeline(): Promise<LocalPipeline> {
  return LocalPipeline.start({
    pipeline: LIVE_TEST_CONFIG,
    logLevel: 'SILENT',
    providers: {
      speechToText: instantSpeechToText(),
      translation: instantTranslation(),
      summarization: instantSummarization(),
    },
  });
}

/** What a bridge needs to hand its calls to that pipeline. */
export function bridgeStorage(
  pipeline: LocalPipeline,
): Pick<
  LiveBridgeOptions,
  'pipeline' | 's3' | 'resultsBucket' | 'recordingsBucket' | 'recordingsPrefix'
> {
  return {
    pipeline: LIVE_TEST_CONFIG,
    s3: pipeline.s3,
    resultsBucket: pipeline.resultsBucket,
    recordingsBucket: pipeline.recordingsBucket,
    recordingsPrefix: pipeline.recordingsPrefix,
  };
}
