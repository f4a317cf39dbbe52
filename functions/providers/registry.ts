import type { PipelineConfig } from '../shared/pipelineConfig';
import { PocketsphinxSpeechToText } from './speechToText/pocketsphinx';
import type { SpeechToTextProvider } from './speechToText/SpeechToTextProvider';
import { ExtractiveSummarizer } from './summarization/extractive';
import type { SummarizationProvider } from './summarization/SummarizationProvider';
import { ApertiumTranslation } from './translation/apertium';
import type { TranslationProvider } from './translation/TranslationProvider';

/** Builds the configured provider of each capability; adding a vendor adds a case here. */
export function createSpeechToText(config: PipelineConfig['speechToText']): SpeechToTextProvider {
  switch (config.type) {
    case 'pocketsphinx':
      return new PocketsphinxSpeechToText({ language: config.language });
  }
}

export function createTranslation(config: PipelineConfig['translation']): TranslationProvider {
  switch (config.type) {
    case 'apertium':
      return new ApertiumTranslation();
  }
}

export function createSummarization(config: PipelineConfig['summarization']): SummarizationProvider {
  switch (config.type) {
    case 'extractive':
      return new ExtractiveSummarizer();
  }
}
