import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { SpeakerRole, Word } from '../../shared/documents';
import { UnsupportedAudioError } from '../../shared/errors';
import * as z from '../../shared/zod';
import type { ApiKeyDependencies } from '../apiKey';
import { type HttpClient, httpClientFromConfig } from '../http/httpClient';
import { multipartUpload } from '../http/multipartUpload';
import type { OpenAiCompatibleSpeechToTextConfig } from '../providerConfigs';
import type {
  RecognisedTurn,
  SpeechToTextProvider,
  SpeechToTextRequest,
  SpeechToTextResult,
} from './SpeechToTextProvider';

/**
 * Speech-to-text over the OpenAI-compatible `POST /audio/transcriptions` (Mistral Voxtral,
 * OVHcloud and Scaleway Whisper, self-hosted servers). One mono file per call: the chunking
 * layer splits channels and size beforehand.
 */

const speakerLabel = z.nullish(z.union([z.string(), z.number()]));

/** verbose_json as Whisper servers and Mistral answer it; everything but timing is optional. */
export const verboseJsonSchema = z.object({
  text: z.nullish(z.string()),
  language: z.nullish(z.string()),
  duration: z.nullish(z.number()),
  model: z.nullish(z.string()),
  segments: z.nullish(
    z.array(
      z.object({
        start: z.number(),
        end: z.number(),
        text: z.string(),
        speaker: speakerLabel,
        speaker_id: speakerLabel,
        /** Some servers (WhisperX-style) detect the language per segment. */
        language: z.nullish(z.string()),
      }),
    ),
  ),
  words: z.nullish(
    z.array(
      z.object({
        word: z.string(),
        start: z.number(),
        end: z.number(),
        probability: z.nullish(z.number()),
      }),
    ),
  ),
});
export type VerboseJson = z.infer<typeof verboseJsonSchema>;

export interface TurnOptions {
  /** Role of an unlabelled segment: the file's channel role. */
  defaultRole: SpeakerRole;
  /** Diarization label to role; a labelled segment with an unmapped label is `unknown`. */
  speakerRoles: Record<string, SpeakerRole>;
}

/** One turn per non-empty segment; each word goes to the segment containing its midpoint. */
export function turnsFromVerboseJson(body: VerboseJson, options: TurnOptions): RecognisedTurn[] {
  const segments = (body.segments ?? [])
    .filter((segment) => segment.text.trim() !== '')
    .sort((a, b) => a.start - b.start);
  if (segments.length === 0 && body.text?.trim()) {
    // A server that ignored verbose_json still gives the text; keep it as one turn.
    segments.push({ start: 0, end: body.duration ?? 0, text: body.text });
  }
  const words: Word[][] = segments.map(() => []);
  for (const word of body.words ?? []) {
    const middle = (word.start + word.end) / 2;
    const index = nearestSegment(segments, middle);
    words[index]?.push({
      text: word.word.trim(),
      start: word.start,
      end: word.end,
      ...(word.probability == null ? {} : { confidence: word.probability }),
    });
  }
  return segments.map((segment, index) => {
    const label = segment.speaker_id ?? segment.speaker;
    const language = 'language' in segment ? toLanguageCode(segment.language) : undefined;
    return {
      index,
      speaker: roleOf(label, options),
      ...(label == null ? {} : { speaker_label: String(label) }),
      ...(language ? { segment_language: language } : {}),
      start: segment.start,
      end: segment.end,
      text: segment.text.trim(),
      ...(words[index]?.length ? { words: words[index] } : {}),
    };
  });
}

function nearestSegment(segments: { start: number; end: number }[], time: number): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  segments.forEach((segment, index) => {
    const distance = Math.max(segment.start - time, time - segment.end, 0);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

function roleOf(label: string | number | null | undefined, options: TurnOptions): SpeakerRole {
  if (label == null) return options.defaultRole;
  const keys =
    typeof label === 'number' ? [`speaker_${label}`, String(label)] : [label, label.toLowerCase()];
  for (const key of keys) {
    if (Object.hasOwn(options.speakerRoles, key)) return options.speakerRoles[key] as SpeakerRole;
  }
  return 'unknown';
}

// Whisper's language names (tokenizer.py) plus common aliases.
const LANGUAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ...(
    'afrikaans:af albanian:sq amharic:am arabic:ar armenian:hy assamese:as azerbaijani:az ' +
    'bashkir:ba basque:eu belarusian:be bengali:bn bosnian:bs breton:br bulgarian:bg burmese:my ' +
    'cantonese:yue castilian:es catalan:ca chinese:zh croatian:hr czech:cs danish:da dutch:nl ' +
    'english:en estonian:et faroese:fo finnish:fi flemish:nl french:fr galician:gl georgian:ka ' +
    'german:de greek:el gujarati:gu haitian:ht hausa:ha hawaiian:haw hebrew:he hindi:hi ' +
    'hungarian:hu icelandic:is indonesian:id italian:it japanese:ja javanese:jv kannada:kn ' +
    'kazakh:kk khmer:km korean:ko lao:lo latin:la latvian:lv lingala:ln lithuanian:lt ' +
    'luxembourgish:lb macedonian:mk malagasy:mg malay:ms malayalam:ml maltese:mt mandarin:zh ' +
    'maori:mi marathi:mr moldavian:ro moldovan:ro mongolian:mn myanmar:my nepali:ne norwegian:no ' +
    'nynorsk:nn occitan:oc panjabi:pa pashto:ps persian:fa polish:pl portuguese:pt punjabi:pa ' +
    'pushto:ps romanian:ro russian:ru sanskrit:sa serbian:sr shona:sn sindhi:sd sinhala:si ' +
    'sinhalese:si slovak:sk slovenian:sl somali:so spanish:es sundanese:su swahili:sw swedish:sv ' +
    'tagalog:tl tajik:tg tamil:ta tatar:tt telugu:te thai:th tibetan:bo turkish:tr turkmen:tk ' +
    'ukrainian:uk urdu:ur uzbek:uz valencian:ca vietnamese:vi welsh:cy yiddish:yi yoruba:yo'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
  ['haitian creole', 'ht'],
]);

/** Whisper servers may name the language ("english"); the pipeline wants ISO 639 codes. */
export function toLanguageCode(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const lower = value.trim().toLowerCase();
  // Names first: "lao" is both a name and a code, and both mean Lao.
  return LANGUAGE_NAMES.get(lower) ?? /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/.exec(lower)?.[1];
}

const AUDIO_TYPES: ReadonlyMap<string, string> = new Map([
  ['.wav', 'audio/wav'],
  ['.mp3', 'audio/mpeg'],
  ['.flac', 'audio/flac'],
  ['.ogg', 'audio/ogg'],
  ['.opus', 'audio/ogg'],
  ['.m4a', 'audio/mp4'],
  ['.webm', 'audio/webm'],
]);

export class OpenAiCompatibleSpeechToText implements SpeechToTextProvider {
  readonly type = 'openai-compatible';
  /** The chunking layer splits files above this size before calling. */
  readonly maxUploadBytes: number;
  readonly #config: OpenAiCompatibleSpeechToTextConfig;
  readonly #client: HttpClient;
  readonly #url: string;

  constructor(
    config: OpenAiCompatibleSpeechToTextConfig,
    dependencies: { apiKey?: ApiKeyDependencies } = {},
  ) {
    this.#config = config;
    this.maxUploadBytes = config.maxUploadBytes;
    this.#url = `${config.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`;
    this.#client = httpClientFromConfig(config, {
      provider: this.type,
      setting: 'speechToText',
      apiKey: dependencies.apiKey,
    });
  }

  async transcribe(request: SpeechToTextRequest): Promise<SpeechToTextResult> {
    const { size } = await stat(request.audioPath);
    if (size > this.#config.maxUploadBytes) {
      throw new UnsupportedAudioError(
        `${basename(request.audioPath)} has ${size} bytes, above speechToText.maxUploadBytes (${this.#config.maxUploadBytes}); split it first`,
      );
    }
    const language = request.language ?? this.#config.language;
    const fields: Array<[string, string]> = [['model', this.#config.model]];
    if (language) fields.push(['language', language]);
    fields.push(['response_format', 'verbose_json']);
    for (const granularity of this.#config.timestampGranularities) {
      fields.push(['timestamp_granularities[]', granularity]);
    }
    if (this.#config.diarize) fields.push(['diarize', 'true']);
    const vocabulary = request.vocabulary ?? [];
    if (vocabulary.length > 0) {
      // Whisper reads a prompt as preceding text (spellings it should prefer); Voxtral biases
      // recognition towards each `context_bias` entry.
      if (this.#config.vocabularyField === 'context_bias') {
        for (const term of vocabulary) fields.push(['context_bias', term]);
      } else {
        fields.push(['prompt', vocabulary.join(', ')]);
      }
    }
    const upload = await multipartUpload(fields, {
      field: 'file',
      path: request.audioPath,
      fileName: basename(request.audioPath),
      contentType:
        AUDIO_TYPES.get(extname(request.audioPath).toLowerCase()) ?? 'application/octet-stream',
    });

    const answer = await this.#client.post({
      url: this.#url,
      upload,
      audio: true,
      parse: (body) => verboseJsonSchema.parse(body),
    });
    const body = { ...answer.body, duration: answer.body.duration ?? request.durationSeconds };
    const turns = turnsFromVerboseJson(body, {
      defaultRole: request.channelRoles['0'] ?? 'unknown',
      speakerRoles: this.#config.speakerRoles,
    });
    return {
      language: toLanguageCode(answer.body.language) ?? language ?? 'und',
      turns,
      provenance: {
        provider: this.type,
        model: this.#config.model,
        endpoint_host: new URL(this.#url).host,
        ...(answer.body.model ? { model_version: answer.body.model } : {}),
        latency_ms: answer.latencyMs,
      },
    };
  }
}
