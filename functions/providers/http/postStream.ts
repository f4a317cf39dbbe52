import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartUpload } from './multipartUpload';

export interface PostAnswer {
  status: number;
  retryAfter: string | null;
  /** The provider's request id header, for support tickets; never call content. */
  requestId: string | null;
  text: string;
}

/**
 * Agents of our own: Node's global agents (and fetch) follow HTTP(S)_PROXY when
 * NODE_USE_ENV_PROXY is set, which would send call content through a host the egress guard
 * never saw. A `new Agent()` without `proxyEnv` never uses a proxy; TLS stays verified.
 */
const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

/** Headers providers use for the id of a request (OpenAI/Mistral, Azure-style, AWS, DeepL). */
const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-trace-id',
];

/** A JSON body as an upload, so JSON and audio share one transport. */
export function jsonUpload(json: unknown): MultipartUpload {
  const bytes = Buffer.from(JSON.stringify(json));
  return {
    contentType: 'application/json',
    length: bytes.length,
    open: () => Readable.from([bytes]),
  };
}

/**
 * POSTs a streamed body with node:http(s), which waits for the socket to drain before reading
 * more of the file. Redirects are not followed (node:http never does). TLS is verified by the
 * agent; plain http reaches only loopback hosts, which the egress guard enforces.
 */
export async function postStream(
  url: URL,
  headers: Record<string, string>,
  upload: MultipartUpload,
  signal: AbortSignal,
): Promise<PostAnswer> {
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const request = send(url, {
    method: 'POST',
    agent: secure ? agents['https:'] : agents['http:'],
    headers: {
      ...headers,
      'content-type': upload.contentType,
      'content-length': String(upload.length),
    },
    signal,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  // A server may answer (413, 401) before reading the whole body: the answer then wins.
  const sent = pipeline(upload.open(), request).catch(() => undefined);
  const answer = await response;
  const chunks: Buffer[] = [];
  for await (const chunk of answer) chunks.push(chunk as Buffer);
  await sent;
  const header = (name: string) => {
    const value = answer.headers[name];
    return typeof value === 'string' ? value : null;
  };
  return {
    status: answer.statusCode ?? 0,
    retryAfter: header('retry-after'),
    requestId: REQUEST_ID_HEADERS.map(header).find((value) => value !== null) ?? null,
    text: Buffer.concat(chunks).toString('utf8'),
  };
}
