import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deeplTranslationConfig,
  openaiCompatibleSpeechToTextConfig,
  openaiCompatibleSummarizationConfig,
  openaiCompatibleTranslationConfig,
} from '../../../functions/providers/providerConfigs';
import { OpenAiCompatibleSpeechToText } from '../../../functions/providers/speechToText/openaiCompatible';
import { OpenAiCompatibleSummarization } from '../../../functions/providers/summarization/openaiCompatible';
import { DeeplTranslation } from '../../../functions/providers/translation/deepl';
import { OpenAiCompatibleChatTranslation } from '../../../functions/providers/translation/openaiCompatibleChat';
import type { Transcript } from '../../../functions/shared/documents';
import { jsonBody, type RecordedRequest } from './fakeServer';

/** Each HTTP provider as the shared resilience suite drives it. */

export const TEST_KEY = 'sk-contract-test-0123456789';
export const apiKey = { env: { CONTRACT_TEST_KEY: TEST_KEY } };

/** Small waits so the suite stays fast; Retry-After of 1 s still fits under the cap. */
export const fastTransport = {
  apiKeyEnv: 'CONTRACT_TEST_KEY',
  allowLoopback: true,
  timeoutMs: 2_000,
  maxRetries: 3,
  retryBaseDelayMs: 10,
  maxRetryDelayMs: 2_000,
};

export type Overrides = Record<string, unknown>;

export interface ProviderUnderTest {
  name: string;
  path: string;
  audio: boolean;
  /** The provider's documented success answer to this request. */
  success(request: RecordedRequest): unknown;
  /** `overrides` go through the config schema; `bypass` is applied after it, as a hand-made config would be. */
  run(origin: string, overrides?: Overrides, bypass?: Overrides): Promise<unknown>;
}

let audioFile: string | undefined;
/** A small WAV-named file: the fake server does not decode audio. */
export function sampleAudio(): string {
  if (!audioFile) {
    audioFile = join(mkdtempSync(join(tmpdir(), 'callbrief-contract-')), 'call-left.wav');
    writeFileSync(audioFile, Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(2044, 7)]));
  }
  return audioFile;
}

export const verboseJson = {
  task: 'transcribe',
  language: 'spanish',
  duration: 9.5,
  text: 'Hola, buenos días. Necesito ayuda con mi solicitud.',
  segments: [
    { id: 0, start: 0.0, end: 2.0, text: ' Hola, buenos días.' },
    { id: 1, start: 2.4, end: 5.1, text: ' Necesito ayuda con mi solicitud.' },
  ],
  words: [
    { word: ' Hola,', start: 0.0, end: 0.6, probability: 0.98 },
    { word: ' buenos', start: 0.7, end: 1.2 },
    { word: ' días.', start: 1.2, end: 2.0 },
    { word: ' Necesito', start: 2.4, end: 3.0 },
    { word: ' ayuda', start: 3.0, end: 3.4 },
    { word: ' con', start: 3.4, end: 3.6 },
    { word: ' mi', start: 3.6, end: 3.8 },
    { word: ' solicitud.', start: 3.8, end: 5.1 },
  ],
};

export function speechToTextRequest() {
  return {
    audioPath: sampleAudio(),
    channels: 1,
    sampleRate: 16_000,
    durationSeconds: 9.5,
    language: 'es',
    channelRoles: { '0': 'caller' as const },
    workDir: tmpdir(),
  };
}

export const transcript: Transcript = {
  case_id: 'case-1',
  contact_id: 'contact-1',
  schema_version: '1.0',
  language: 'es',
  duration_seconds: 75,
  ai_generated: true,
  provenance: { provider: 'test', model: 'test', latency_ms: 1 },
  turns: [
    { index: 0, speaker: 'agent', start: 0, end: 3, text: 'Jobcenter Berlin, buenos días.' },
    {
      index: 1,
      speaker: 'caller',
      start: 3.2,
      end: 9,
      text: 'Mi solicitud de subsidio no ha llegado.',
    },
    {
      index: 2,
      speaker: 'agent',
      start: 65.4,
      end: 70,
      text: 'Le enviamos el formulario esta semana.',
    },
  ],
};

export const validSummary = {
  reason_for_contact: 'La solicitud de subsidio del ciudadano no ha llegado.',
  key_facts: ['Solicitud de subsidio enviada', 'No consta en el sistema'],
  next_steps: [
    { action: 'Enviar el formulario', owner: 'authority', due: null },
    { action: 'Devolver el formulario firmado', owner: 'citizen', due: '2026-12-01' },
  ],
  open_questions: [],
  sentiment: {
    overall: 'neutral',
    per_speaker: { agent: 'positive', caller: 'negative', unknown: null },
  },
};

export function chatAnswer(content: string, model = 'served-model-2026') {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  };
}

/** The texts a chat translation request carries in its user message. */
export function chatTexts(request: RecordedRequest): string[] {
  const messages = jsonBody(request).messages as { role: string; content: string }[];
  const user = messages.find((message) => message.role === 'user')?.content ?? '{}';
  return (JSON.parse(user) as { texts: string[] }).texts;
}

export const httpProviders: ProviderUnderTest[] = [
  {
    name: 'speechToText openai-compatible',
    path: '/v1/audio/transcriptions',
    audio: true,
    success: () => verboseJson,
    run: (origin, overrides = {}, bypass = {}) =>
      new OpenAiCompatibleSpeechToText(
        {
          ...openaiCompatibleSpeechToTextConfig.parse({
            type: 'openai-compatible',
            baseUrl: `${origin}/v1`,
            model: 'whisper-large-v3',
            ...fastTransport,
            ...overrides,
          }),
          ...bypass,
        },
        { apiKey },
      ).transcribe(speechToTextRequest()),
  },
  {
    name: 'translation deepl',
    path: '/v2/translate',
    audio: false,
    success: (request) => ({
      translations: (jsonBody(request).text as string[]).map((text) => ({
        detected_source_language: 'ES',
        text: `DE(${text})`,
      })),
    }),
    run: (origin, overrides = {}, bypass = {}) =>
      new DeeplTranslation(
        {
          ...deeplTranslationConfig.parse({
            type: 'deepl',
            baseUrl: origin,
            ...fastTransport,
            ...overrides,
          }),
          ...bypass,
        },
        { apiKey },
      ).translate({ texts: ['Hola', 'Adiós'], from: 'es', to: 'de' }),
  },
  {
    name: 'translation openai-compatible',
    path: '/v1/chat/completions',
    audio: false,
    success: (request) =>
      chatAnswer(JSON.stringify({ translations: chatTexts(request).map((text) => `DE(${text})`) })),
    run: (origin, overrides = {}, bypass = {}) =>
      new OpenAiCompatibleChatTranslation(
        {
          ...openaiCompatibleTranslationConfig.parse({
            type: 'openai-compatible',
            baseUrl: `${origin}/v1`,
            model: 'mistral-small-latest',
            ...fastTransport,
            ...overrides,
          }),
          ...bypass,
        },
        { apiKey },
      ).translate({ texts: ['Hola', 'Adiós'], from: 'es', to: 'de' }),
  },
  {
    name: 'summarization openai-compatible',
    path: '/v1/chat/completions',
    audio: false,
    success: () => chatAnswer(JSON.stringify(validSummary)),
    run: (origin, overrides = {}, bypass = {}) =>
      new OpenAiCompatibleSummarization(
        {
          ...openaiCompatibleSummarizationConfig.parse({
            type: 'openai-compatible',
            baseUrl: `${origin}/v1`,
            model: 'mistral-medium-latest',
            ...fastTransport,
            ...overrides,
          }),
          ...bypass,
        },
        { apiKey },
      ).summarize({ transcript }),
  },
];
