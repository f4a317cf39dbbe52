import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { MultipartUpload } from './multipartUpload';

export interface PostAnswer {
  status: number;
  retryAfter: string | null;
  text: string;
}

/**
 * POSTs a streamed body with node:http(s), which waits for the socket to drain before reading
 * more of the file. Redirects are not followed (node:http never does). TLS is verified by the
 * default agent; plain http reaches only loopback hosts, which the egress guard enforces.
 */
export async function postStream(
  url: URL,
  headers: Record<string, string>,
  upload: MultipartUpload,
  signal: AbortSignal,
): Promise<PostAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const request = send(url, {
    method: 'POST',
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
  const retryAfter = answer.headers['retry-after'];
  return {
    status: answer.statusCode ?? 0,
    retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
    text: Buffer.concat(chunks).toString('utf8'),
  };
}
