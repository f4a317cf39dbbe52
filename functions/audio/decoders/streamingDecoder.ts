/**
 * One interface over the WebAssembly decoders of the compressed formats ingest accepts. Each
 * decoder is imported only when a recording needs it: a WAV never loads one, and the bundle
 * keeps them out of the function's main file (infra/constructs/onDemandModules.ts).
 */
import { UnsupportedAudioError } from '../../shared/errors';

export type CompressedCodec = 'opus' | 'vorbis' | 'flac' | 'mp3';

export interface DecodedBlock {
  /** One array per channel, samples in [-1, 1]. */
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: unknown[];
}

export interface StreamingDecoder {
  /** Decodes the next bytes of the stream; may return no samples until a frame is complete. */
  decode(bytes: Uint8Array): Promise<DecodedBlock>;
  /** Returns what the decoder still holds at the end of the stream. */
  flush(): Promise<DecodedBlock | undefined>;
  free(): void;
}

/** The rates libopus decodes to natively (RFC 6716); it resamples internally at no cost. */
const OPUS_RATES = [8000, 12000, 16000, 24000, 48000];
/** Speech engines work at 16 kHz; decoding Opus above it only makes files 3x larger. */
const OPUS_SPEECH_RATE = 16000;

/** The rate an Opus stream is decoded at: its input rate, at most 16 kHz, as libopus offers. */
export function opusDecodeRate(inputRate: number): number {
  const wanted = Math.min(inputRate, OPUS_SPEECH_RATE);
  return OPUS_RATES.find((rate) => rate >= wanted) ?? OPUS_SPEECH_RATE;
}

interface WasmDecoder {
  ready: Promise<void>;
  decode(bytes: Uint8Array): DecodedBlock | Promise<DecodedBlock>;
  flush?: () => Promise<DecodedBlock>;
  free(): void;
}

async function load(codec: CompressedCodec, inputRate: number): Promise<WasmDecoder> {
  switch (codec) {
    case 'opus': {
      const { OggOpusDecoder } = await import('ogg-opus-decoder');
      // `sampleRate` is supported by the decoder but missing from its type declarations.
      const options = { sampleRate: opusDecodeRate(inputRate) } as object;
      return new OggOpusDecoder(options) as unknown as WasmDecoder;
    }
    case 'vorbis': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      return new OggVorbisDecoder() as unknown as WasmDecoder;
    }
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      return new FLACDecoder() as unknown as WasmDecoder;
    }
    case 'mp3': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      return new MPEGDecoder() as unknown as WasmDecoder;
    }
    default:
      throw new UnsupportedAudioError(`no decoder for the ${String(codec)} codec`);
  }
}

export async function openDecoder(
  codec: CompressedCodec,
  inputRate: number,
): Promise<StreamingDecoder> {
  const decoder = await load(codec, inputRate);
  await decoder.ready;
  return {
    decode: async (bytes) => await decoder.decode(bytes),
    flush: async () => (decoder.flush ? await decoder.flush() : undefined),
    free: () => decoder.free(),
  };
}
