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
 */
export function createSpeechToText(pipeline: PipelineConfig): SpeechToTextProvider {
  const config = pipeline.speechToText;
  switch (config.type) {
    case 'pocketsphinx':
      // Splits stereo channels itself with sox and has no upload limit.
      return new PocketsphinxSpeechToText({ language: config.language });
    case 'openai-compatible':
    case 'sagemaker': {
      // Remote models take one mono file under a size limit: split channels and long calls.
      const inner =
        config.type === 'openai-compatible'
          ? new OpenAiCompatibleSpeechToText(config)
          : new SagemakerWhisperSpeechToText(config);
      return new ChunkedSpeechToText(inner, {
        maxUploadBytes: inner.maxUploadBytes,
        concurrency: pipeline.transcriptionConcurrency,
      });
    }
  }
}

export function createTranslation(pipeline: PipelineConfig): TranslationProvider {
  const config = pipeline.translation;
  switch (config.type) {
    case 'apertium':
      return new ApertiumTranslation();
    case 'deepl':
      return new DeeplTranslation(config);
    case 'openai-compatible':
      return new OpenAiCompatibleChatTranslation(config);
    case 'bedrock':
      return new BedrockTranslation(config);
  }
}

export function createSummarization(pipeline: PipelineConfig): SummarizationProvider {
  const config = pipeline.summarization;
  switch (config.type) {
    case 'extractive':
      return new ExtractiveSummarizer();
    case 'openai-compatible':
      return new OpenAiCompatibleSummarization(config);
    case 'bedrock':
      return new BedrockSummarization(config);
  }
}
