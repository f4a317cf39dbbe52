import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpeechToText } from '../../../functions/providers/registry';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { REPO_ROOT } from '../../../infra/config';
import { lambdaEsbuildOptions } from '../../../infra/constructs/lambdaBundling';
import { loadLambdaPipelineConfig } from '../../../infra/lambdaPipelineConfig';
import { providerBundleDefines } from '../../../infra/providerBundling';

/** The transcribe function as the stack bundles it for a configuration. */
async function transcribeBundle(configFile: string): Promise<string> {
  const pipeline = loadLambdaPipelineConfig(join(REPO_ROOT, 'config', 'examples', configFile));
  const result = await build({
    ...lambdaEsbuildOptions(providerBundleDefines(pipeline)),
    entryPoints: [join(REPO_ROOT, 'functions', 'handlers', 'transcribe.ts')],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('Provider bundling', () => {
  it('builds a function with the configured vendor only', async () => {
    const sagemaker = await transcribeBundle('in-partition.json');
    const openai = await transcribeBundle('mistral-eu.json');
    // The SageMaker runtime client's endpoint operation, and the multipart transcription call.
    expect(sagemaker).toContain('InvokeEndpoint');
    expect(sagemaker).not.toContain('/audio/transcriptions');
    expect(openai).toContain('/audio/transcriptions');
    expect(openai).not.toContain('InvokeEndpoint');
    expect(openai.length).toBeLessThan(sagemaker.length + 50_000);
  });

  describe('a function run with a configuration it was not built for', () => {
    const saved = process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT;
    afterEach(() => {
      if (saved === undefined) delete process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT;
      else process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT = saved;
    });

    it('fails at cold start with what to do', () => {
      process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT = 'sagemaker';
      const pipeline = parsePipelineConfig({
        speechToText: {
          type: 'openai-compatible',
          baseUrl: 'https://api.eu.mistral.ai/v1',
          model: 'voxtral-mini-transcribe-3',
        },
        translation: { type: 'apertium' },
        summarization: { type: 'extractive' },
        languages: { caseWorker: 'de' },
      });
      expect(() => createSpeechToText(pipeline)).toThrow(
        /speechToText.type "openai-compatible" is not in this function's bundle.*Deploy the stack again/,
      );
    });
  });
});
