import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted HTTP server on 127.0.0.1 for contract tests: each request is recorded and
 * answered by the reply function, so tests exercise the real client over real sockets.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** performance.now() when the full request had arrived. */
  receivedAt: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (e.g. malformed JSON). */
  body?: unknown;
  /** Wait before answering, to provoke client timeouts. */
  delayMs?: number;
}

export type Responder = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface FakeServer {
  baseUrl: string;
  origin: string;
  requests: RecordedRequest[];
  /** Requests being answered right now, and the most ever at once. */
  inFlight: { now: number; max: number };
  close(): Promise<void>;
}

export async function startFakeServer(respond: Responder): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const inFlight = { now: 0, max: 0 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks),
      receivedAt: performance.now(),
    };
    requests.push(recorded);
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    res.on('error', () => {});
    try {
      const reply = await respond(recorded, requests.length - 1);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) return;
      const body =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
    } finally {
      inFlight.now--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    requests,
    inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Replies in order; the last one repeats. */
export function sequence(...replies: (Reply | Responder)[]): Responder {
  return (request, index) => {
    const reply = replies[Math.min(index, replies.length - 1)] as Reply | Responder;
    return typeof reply === 'function' ? reply(request, index) : reply;
  };
}

export function jsonBody(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
}

/** Parses a multipart/form-data request with undici's own parser. */
export function formData(request: RecordedRequest): Promise<FormData> {
  return new Response(request.body, {
    headers: { 'content-type': String(request.headers['content-type']) },
  }).formData();
}
