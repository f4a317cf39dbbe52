import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ProviderSet } from '../../functions/handlers/stageRuntime';
import type { SpeechToTextProvider } from '../../functions/providers/speechToText/SpeechToTextProvider';
import type { SummarizationProvider } from '../../functions/providers/summarization/SummarizationProvider';
import type { TranslationProvider } from '../../functions/providers/translation/TranslationProvider';
import type { Turn } from '../../functions/shared/documents';

/** Called before every provider call; may throw (fault injection). */
export type BeforeProviderCall = (capability: string) => Promise<void>;

const none: BeforeProviderCall = async () => {};

/** Stands in for an engine's work: benchmarks give each call a known latency. */
async function simulateLatency(latencyMs: number): Promise<void> {
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
}

/**
 * Speech-to-text in about a millisecond (plus `latencyMs`): two turns whose text names a hash of
 * the audio bytes, so different recordings get different transcripts (and the same recording the
 * same one).
 */
export function instantSpeechToText(
  before: BeforeProviderCall = none,
  latencyMs = 0,
): SpeechToTextProvider {
  return {
    type: 'instant',
    async transcribe(request) {
      await before('speech-to-text');
      const started = performance.now();
      await simulateLatency(latencyMs);
      const audio = await readFile(request.audioPath);
      const tag = createHash('sha256').update(audio).digest('hex').slice(0, 12);
      const half = request.durationSeconds / 2;
      const turns: Turn[] = [
        {
          index: 0,
          speaker: 'caller',
          start: 0,
          end: half,
          text: `Hello, I am calling about my parking permit, reference ${tag}.`,
        },
        {
          index: 1,
          speaker: 'agent',
          start: half,
          end: request.durationSeconds,
          text: `Thank you, we will send the permit for ${tag} by post this week.`,
        },
      ];
      return {
        language: request.language ?? 'en',
        turns,
        provenance: {
          provider: 'instant',
          model: 'instant-stt',
          latency_ms: Math.round(performance.now() - started),
        },
      };
    },
  };
}

/** Translation that echoes each text with a `[to]` prefix. */
export function instantTranslation(
  before: BeforeProviderCall = none,
  latencyMs = 0,
): TranslationProvider {
  return {
    type: 'instant',
    async translate(request) {
      await before('translation');
      const started = performance.now();
      await simulateLatency(latencyMs);
      return {
        texts: request.texts.map((text) => `[${request.to}] ${text}`),
        provenance: {
          provider: 'instant',
          model: 'instant-echo',
          latency_ms: Math.round(performance.now() - started),
        },
      };
    },
  };
}

/** Summarization returning a fixed valid summary and sentiment. */
export function instantSummarization(
  before: BeforeProviderCall = none,
  latencyMs = 0,
): SummarizationProvider {
  return {
    type: 'instant',
    async summarize() {
      await before('summarization');
      const started = performance.now();
      await simulateLatency(latencyMs);
      return {
        summary: {
          reason_for_contact: 'The caller asks about a parking permit.',
          key_facts: ['The permit will be sent by post.'],
          next_steps: [{ action: 'Send the parking permit by post', owner: 'authority' }],
          open_questions: [],
        },
        sentiment: { overall: 'neutral', per_speaker: { caller: 'neutral' }, method: 'fixed' },
        provenance: {
          provider: 'instant',
          model: 'instant-summary',
          latency_ms: Math.round(performance.now() - started),
        },
      };
    },
  };
}

/** Instant engines; each call takes `latencyMs` (as its provenance reports) when given. */
export function instantEngines(before: BeforeProviderCall = none, latencyMs = 0): ProviderSet {
  return {
    speechToText: instantSpeechToText(before, latencyMs),
    translation: instantTranslation(before, latencyMs),
    summarization: instantSummarization(before, latencyMs),
  };
}
