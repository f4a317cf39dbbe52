import type { PipelineConfig } from '../functions/shared/pipelineConfig';

/**
 * esbuild `define`s that build a function for the configured providers only: the registry
 * (functions/providers/registry.ts) compares each capability's type with these constants, so
 * the other vendors' code and SDK clients are dropped from the bundle.
 */
export function providerBundleDefines(pipeline: PipelineConfig): Record<string, string> {
  return {
    'process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT': JSON.stringify(pipeline.speechToText.type),
    'process.env.CALLBRIEF_BUNDLED_TRANSLATION': JSON.stringify(pipeline.translation.type),
    'process.env.CALLBRIEF_BUNDLED_SUMMARIZATION': JSON.stringify(pipeline.summarization.type),
  };
}
