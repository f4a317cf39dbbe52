// An OpenAI-compatible /audio/transcriptions endpoint that answers at once, so benchmarks run
// the real HTTP provider (multipart upload streamed from disk) without a model behind it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** 16 kHz mono 16-bit, the pieces the chunking layer sends. */
const BYTES_PER_SECOND = 32_000;
const SEGMENT_SECONDS = 5;
const WORDS = 'the caller asks when the renewed parking permit will arrive by post'.split(' ');

/**
 * verbose_json as a Whisper server gives it, sized like real speech: a segment every 5 s with
 * word timings, so the transcript the pipeline builds is as large as for a real long call.
 */
function verboseJson(seconds: number) {
  const segments = [];
  const words = [];
  for (let start = 0; start < seconds; start += SEGMENT_SECONDS) {
    const end = Math.min(seconds, start + SEGMENT_SECONDS);
    const step = (end - start) / WORDS.length;
    segments.push({ start, end, text: WORDS.join(' ') });
    words.push(
      ...WORDS.map((word, i) => ({
        word,
        start: start + i * step,
        end: start + (i + 1) * step,
        probability: 0.9,
      })),
    );
  }
  return { text: WORDS.join(' '), language: 'en', duration: seconds, segments, words };
}

export interface InstantTranscriptionServer {
  /** Base URL for `speechToText.baseUrl` (the provider appends /audio/transcriptions). */
  baseUrl: string;
  /** Requests answered and audio bytes received so far. */
  readonly requests: number;
  readonly bytes: number;
  stop(): Promise<void>;
}

export async function startInstantTranscriptionServer(): Promise<InstantTranscriptionServer> {
  const state = { requests: 0, bytes: 0 };
  const server = createServer((request, response) => {
    let bytes = 0;
    // Read and drop the upload: the client streams it, the server never holds it.
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    request.on('end', () => {
      state.requests += 1;
      state.bytes += bytes;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(verboseJson(bytes / BYTES_PER_SECOND)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get bytes() {
      return state.bytes;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
