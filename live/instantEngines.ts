import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SpeechToTextProvider } from '../functions/providers/speechToText/SpeechToTextProvider';
import type { TranslationProvider } from '../functions/providers/translation/TranslationProvider';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Speech-to-text for one utterance in `latencyMs`: the text names the speaker, the length and
 * a hash of the audio, so tests can tell utterances apart. For the benchmark's "instant engines"
 * and for tests; never configured for real calls.
 */
export function instantUtteranceSpeechToText(latencyMs = 0): SpeechToTextProvider {
  return {
    type: 'instant',
    async transcribe(request) {
      const started = performance.now();
      if (latencyMs > 0) await sleep(latencyMs);
      const audio = await readFile(request.audioPath);
      const tag = createHash('sha256').update(audio).digest('hex').slice(0, 8);
      const speaker = request.channelRoles['0'] ?? 'unknown';
      const seconds = request.durationSeconds.toFixed(1);
      return {
        language: request.language ?? 'en',
        turns: [
          {
            index: 0,
            speaker,
            start: 0,
            end: request.durationSeconds,
            text: `${speaker} speaks for ${seconds} seconds, tag ${tag}`,
          },
        ],
        provenance: {
          provider: 'instant',
          model: 'instant-stt',
          latency_ms: Math.round(performance.now() - started),
        },
      };
    },
  };
}

/** Translation in `latencyMs` that prefixes each text with `[to]`. */
export function instantUtteranceTranslation(latencyMs = 0): TranslationProvider {
  return {
    type: 'instant',
    async translate(request) {
      const started = performance.now();
      if (latencyMs > 0) await sleep(latencyMs);
      return {
        texts: request.texts.map((text) => `[${request.to}] ${text}`),
        provenance: {
          provider: 'instant',
          model: 'instant-translation',
          latency_ms: Math.round(performance.now() - started),
        },
      };
    },
  };
}
