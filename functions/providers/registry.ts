import type { PipelineConfig } from '../shared/pipelineConfig';
import { ChunkedSpeechToText } from './speechToText/chunkedSpeechToText';
import { OpenAiCompatibleSpeechToText } from './speechToText/openaiCompatible';
import { PocketsphinxSpeechToText } from './speechToText/pocketsphinx';
import type { SpeechToTextProvider } from './speechToText/SpeechToTextProvider';
import { SagemakerWhisperSpeechToText } from './speechToText/sagemakerWhisper';
import { BedrockSummarization } from './summarization/bedrock';
import { ExtractiveSummarizer } from './summarization/extractive';
import { OpenAiCompatibleSummarization } from './summarization/openaiCompatible';
import type { SummarizationProvider } from './summarization/SummarizationProvider';
import { ApertiumTranslation } from './translation/apertium';
import { BedrockTranslation } from './translation/bedrock';
import { DeeplTranslation } from './translation/deepl';
import { OpenAiCompatibleChatTranslation } from './translation/openaiCompatibleChat';
import type { TranslationProvider } from './translation/TranslationProvider';

/**
 * Builds the configured provider of each capability: the choice is configuration, not code.
 * Adding a vendor is a provider file, its config schema and one case here.
 *
 * The stack bundles each function for the providers its configuration names: it defines
 * `process.env.CALLBRIEF_BUNDLED_<CAPABILITY>` as the configured type at build time
 * (infra/providerBundling.ts), esbuild folds every `if` below to a constant, and the other
 * vendors' code and SDK clients stay out of the bundle. Unbundled (tests, `npm start`) the
 * variables are unset and every provider is available.
 */
export function createSpeechToText(pipeline: PipelineConfig): SpeechToTextProvider {
  const config = pipeline.speechToText;
  switch (config.type) {
    case 'pocketsphinx':
      // Splits stereo channels itself with sox and has no upload limit.
      if ((process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT ?? 'pocketsphinx') === 'pocketsphinx') {
        return new PocketsphinxSpeechToText({ language: config.language });
      }
      break;
    case 'openai-compatible':
      if (
        (process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT ?? 'openai-compatible') ===
        'openai-compatible'
      ) {
        return chunked(new OpenAiCompatibleSpeechToText(config), pipeline);
      }
      break;
    case 'sagemaker':
      if ((process.env.CALLBRIEF_BUNDLED_SPEECH_TO_TEXT ?? 'sagemaker') === 'sagemaker') {
        return chunked(new SagemakerWhisperSpeechToText(config), pipeline);
      }
      break;
  }
  throw notBundled('speechToText', config.type);
}

/** Remote models take one mono file under a size limit: split channels and long calls. */
function chunked(
  inner: OpenAiCompatibleSpeechToText | SagemakerWhisperSpeechToText,
  pipeline: PipelineConfig,
): SpeechToTextProvider {
  const speechToText = pipeline.speechToText;
  return new ChunkedSpeechToText(inner, {
    maxUploadBytes: inner.maxUploadBytes,
    concurrency: pipeline.transcriptionConcurrency,
    sendOriginalAudio:
      speechToText.type === 'openai-compatible' && speechToText.sendOriginalAudio === true,
  });
}

export function createTranslation(pipeline: PipelineConfig): TranslationProvider {
  const config = pipeline.translation;
  switch (config.type) {
    case 'apertium':
      if ((process.env.CALLBRIEF_BUNDLED_TRANSLATION ?? 'apertium') === 'apertium') {
        return new ApertiumTranslation();
      }
      break;
    case 'deepl':
      if ((process.env.CALLBRIEF_BUNDLED_TRANSLATION ?? 'deepl') === 'deepl') {
        return new DeeplTranslation(config);
      }
      break;
    case 'openai-compatible':
      if (
        (process.env.CALLBRIEF_BUNDLED_TRANSLATION ?? 'openai-compatible') === 'openai-compatible'
      ) {
        return new OpenAiCompatibleChatTranslation(config);
      }
      break;
    case 'bedrock':
      if ((process.env.CALLBRIEF_BUNDLED_TRANSLATION ?? 'bedrock') === 'bedrock') {
        return new BedrockTranslation(config);
      }
      break;
  }
  throw notBundled('translation', config.type);
}

export function createSummarization(pipeline: PipelineConfig): SummarizationProvider {
  const config = pipeline.summarization;
  switch (config.type) {
    case 'extractive':
      if ((process.env.CALLBRIEF_BUNDLED_SUMMARIZATION ?? 'extractive') === 'extractive') {
        return new ExtractiveSummarizer();
      }
      break;
    case 'openai-compatible':
      if (
        (process.env.CALLBRIEF_BUNDLED_SUMMARIZATION ?? 'openai-compatible') === 'openai-compatible'
      ) {
        return new OpenAiCompatibleSummarization(config);
      }
      break;
    case 'bedrock':
      if ((process.env.CALLBRIEF_BUNDLED_SUMMARIZATION ?? 'bedrock') === 'bedrock') {
        return new BedrockSummarization(config);
      }
      break;
  }
  throw notBundled('summarization', config.type);
}

/** Only reachable when a function runs with a configuration other than the one it was built for. */
function notBundled(capability: string, type: string): Error {
  return new Error(
    `${capability}.type "${type}" is not in this function's bundle: it was built for another ` +
      'configuration. Deploy the stack again with the configuration it runs with.',
  );
}
