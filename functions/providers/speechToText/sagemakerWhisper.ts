import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import pLimit, { type LimitFunction } from 'p-limit';
import { TransientError, UnsupportedAudioError } from '../../shared/errors';
import * as z from '../../shared/zod';
import { awsServiceHost } from '../euEndpoints';
import { classifyAwsError } from '../http/retryPolicy';
import type { SagemakerSpeechToTextConfig } from '../providerConfigs';
import {
  toLanguageCode,
  turnsFromVerboseJson,
  type VerboseJson,
  verboseJsonSchema,
} from './openaiCompatible';
import type {
  SpeechToTextProvider,
  SpeechToTextRequest,
  SpeechToTextResult,
} from './SpeechToTextProvider';

/**
 * Speech-to-text on a Whisper model the authority hosts on a SageMaker endpoint inside the
 * partition, so audio never leaves it. Request: the raw file bytes as the body with
 * `contentType` (default audio/wav). Response JSON, any of:
 * - Hugging Face ASR pipeline: `{ text, chunks: [{ timestamp: [start, end|null], text }] }`
 *   (or a one-element array of it): each chunk becomes a segment; a null end (the last chunk)
 *   becomes the recording's duration. No language, no words, no speakers.
 * - OpenAI verbose_json (faster-whisper and similar containers): parsed as by the
 *   openai-compatible provider, words and language included.
 * - `{ text }` alone: one turn spanning the recording.
 * Turns take the role of channel 0; the language falls back to the request's, then `und`.
 */

const hfPipelineSchema = z.object({
  text: z.string(),
  chunks: z.array(
    z.object({ timestamp: z.tuple([z.number(), z.nullable(z.number())]), text: z.string() }),
  ),
});

/** Normalizes either response shape to verbose_json. */
export function toVerboseJson(body: unknown, durationSeconds: number): VerboseJson {
  const single = Array.isArray(body) && body.length === 1 ? body[0] : body;
  const hf = hfPipelineSchema.safeParse(single);
  if (hf.success) {
    return {
      text: hf.data.text,
      segments: hf.data.chunks.map((chunk) => ({
        start: chunk.timestamp[0],
        end: chunk.timestamp[1] ?? durationSeconds,
        text: chunk.text,
      })),
    };
  }
  const verbose = verboseJsonSchema.parse(single);
  return { ...verbose, duration: verbose.duration ?? durationSeconds };
}

/** The one call this provider makes; the SDK client satisfies it, tests pass a fake. */
export interface SageMakerInvoker {
  send(
    command: InvokeEndpointCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<{ Body?: Uint8Array }>;
}

const defaultClients = new Map<string, SageMakerInvoker>();

export class SagemakerWhisperSpeechToText implements SpeechToTextProvider {
  readonly type = 'sagemaker';
  readonly maxUploadBytes: number;
  readonly #config: SagemakerSpeechToTextConfig;
  readonly #client: SageMakerInvoker;
  readonly #limit: LimitFunction;

  constructor(
    config: SagemakerSpeechToTextConfig,
    dependencies: { client?: SageMakerInvoker } = {},
  ) {
    this.#config = config;
    this.maxUploadBytes = config.maxUploadBytes;
    this.#limit = pLimit(config.maxConcurrency);
    this.#client = dependencies.client ?? defaultClient(config.region);
  }

  transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult> {
    return this.#limit(() => this.#transcribe(request));
  }

  async #transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult> {
    const { endpointName, contentType, maxUploadBytes, timeoutMs } = this.#config;
    const { size } = await stat(request.audioPath);
    if (size > maxUploadBytes) {
      throw new UnsupportedAudioError(
        `${basename(request.audioPath)} has ${size} bytes, above speechToText.maxUploadBytes (${maxUploadBytes}); split it first`,
      );
    }
    const command = new InvokeEndpointCommand({
      EndpointName: endpointName,
      ContentType: contentType,
      Accept: 'application/json',
      Body: await readFile(request.audioPath),
    });
    const started = performance.now();
    let raw: Uint8Array | undefined;
    try {
      raw = (await this.#client.send(command, { abortSignal: AbortSignal.timeout(timeoutMs) }))
        .Body;
    } catch (error) {
      throw classifyAwsError(error, { provider: this.type, target: endpointName, audio: true });
    }
    const latency = Math.round(performance.now() - started);
    let verbose: VerboseJson;
    try {
      verbose = toVerboseJson(JSON.parse(new TextDecoder().decode(raw)), request.durationSeconds);
    } catch (error) {
      // A half-loaded container can answer garbage; the queue's retry is the right response.
      throw new TransientError(`${this.type} (${endpointName}) answered an unreadable transcript`, {
        cause: error,
      });
    }
    const region = this.#config.region ?? process.env.AWS_REGION;
    return {
      language: toLanguageCode(verbose.language) ?? request.language ?? 'und',
      turns: turnsFromVerboseJson(verbose, {
        defaultRole: request.channelRoles['0'] ?? 'unknown',
        speakerRoles: {},
      }),
      provenance: {
        provider: this.type,
        model: endpointName,
        endpoint_host: awsServiceHost('runtime.sagemaker', region),
        ...(verbose.model ? { model_version: verbose.model } : {}),
        latency_ms: latency,
      },
    };
  }
}

function defaultClient(region: string | undefined): SageMakerInvoker {
  const key = region ?? '';
  let client = defaultClients.get(key);
  if (!client) {
    client = new SageMakerRuntimeClient(region ? { region } : {});
    defaultClients.set(key, client);
  }
  return client;
}
