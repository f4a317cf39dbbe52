import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/**
 * An AudioHook client written from the protocol specification (Genesys Cloud "AudioHook Protocol
 * Specification", version 2) and RFC 9421, sharing no code with the bridge: it builds the
 * signature base by hand, so a bug in the bridge's signature check cannot cancel out here.
 */

export interface SpecClientOptions {
  apiKey: string;
  /** Base64 client secret; without it the request carries no signature. */
  clientSecret?: string;
  path?: string;
  sessionId?: string;
  organizationId?: string;
  correlationId?: string;
  /** Signature parameters to override (created, expires, nonce, keyid, alg). */
  signature?: Partial<{
    created: number;
    expires: number;
    nonce: string;
    keyid: string;
    alg: string;
  }>;
  /** Components to sign; the specification's six by default. */
  components?: string[];
  /** Change a header after signing (tampering). */
  afterSigning?: (headers: Record<string, string>) => void;
}

export interface ReceivedMessage {
  version: string;
  id: string;
  type: string;
  seq: number;
  clientseq: number;
  parameters: Record<string, unknown>;
}

const SPEC_COMPONENTS = [
  '@request-target',
  '@authority',
  'audiohook-organization-id',
  'audiohook-session-id',
  'audiohook-correlation-id',
  'x-api-key',
];

/** RFC 9421 section 2.5: one line per covered component, then `@signature-params`. */
export function signatureBase(
  components: string[],
  values: Record<string, string>,
  signatureParams: string,
): string {
  const lines = components.map((name) => `"${name}": ${values[name]}`);
  lines.push(`"@signature-params": ${signatureParams}`);
  return lines.join('\n');
}

export function signedHeaders(url: URL, options: SpecClientOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'Audiohook-Organization-Id': options.organizationId ?? randomUUID(),
    'Audiohook-Session-Id': options.sessionId ?? randomUUID(),
    'Audiohook-Correlation-Id': options.correlationId ?? randomUUID(),
    'X-API-KEY': options.apiKey,
  };
  if (options.clientSecret) {
    const now = Math.floor(Date.now() / 1000);
    const p = {
      keyid: options.apiKey,
      nonce: randomBytes(16).toString('base64url'),
      alg: 'hmac-sha256',
      created: now,
      expires: now + 60,
      ...options.signature,
    };
    const components = options.components ?? SPEC_COMPONENTS;
    const values: Record<string, string> = {
      '@request-target': `${url.pathname}${url.search}`,
      '@authority': url.host.toLowerCase(),
    };
    for (const [name, value] of Object.entries(headers)) values[name.toLowerCase()] = value;
    const params =
      `(${components.map((c) => `"${c}"`).join(' ')});keyid="${p.keyid}";nonce="${p.nonce}";` +
      `alg="${p.alg}";created=${p.created};expires=${p.expires}`;
    const base = signatureBase(components, values, params);
    const mac = createHmac('sha256', Buffer.from(options.clientSecret, 'base64'))
      .update(base)
      .digest('base64');
    headers['Signature-Input'] = `sig1=${params}`;
    headers.Signature = `sig1=:${mac}:`;
  }
  options.afterSigning?.(headers);
  return headers;
}

/** Answers the HTTP status of a refused upgrade, or opens the WebSocket. */
export function connect(baseUrl: string, options: SpecClientOptions): Promise<SpecClient> {
  const url = new URL(options.path ?? '/audiohook', baseUrl);
  const headers = signedHeaders(url, options);
  const sessionId = headers['Audiohook-Session-Id'] as string;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('unexpected-response', (_request, response) => {
      reject(new UpgradeRefused(response.statusCode ?? 0));
      ws.terminate();
    });
    ws.once('error', reject);
    ws.once('open', () => resolve(new SpecClient(ws, sessionId)));
  });
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
    this.name = 'UpgradeRefused';
  }
}

export class SpecClient {
  readonly received: ReceivedMessage[] = [];
  seq = 0;
  /** Seconds of audio sent or skipped so far: the `position` of the next message. */
  position = 0;
  readonly closed: Promise<number>;
  private waiters: Array<() => void> = [];
  private readonly taken = new Set<ReceivedMessage>();

  constructor(
    readonly ws: WebSocket,
    readonly sessionId: string,
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.received.push(JSON.parse(String(data)) as ReceivedMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  get serverSeq(): number {
    return this.received.at(-1)?.seq ?? 0;
  }

  /** Sends a client message with the next seq (or a forced one). */
  send(
    type: string,
    parameters: Record<string, unknown>,
    overrides: Partial<{ seq: number; position: string; id: string; serverseq: number }> = {},
  ): void {
    this.seq = overrides.seq ?? this.seq + 1;
    this.ws.send(
      JSON.stringify({
        version: '2',
        id: overrides.id ?? this.sessionId,
        type,
        seq: this.seq,
        serverseq: overrides.serverseq ?? this.serverSeq,
        position: overrides.position ?? `PT${Math.round(this.position * 1000) / 1000}S`,
        parameters,
      }),
    );
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Sends `samples` sample frames of audio; `bytesPerSampleFrame` per format and channels. */
  sendAudio(bytes: Uint8Array, bytesPerSampleFrame: number): void {
    this.ws.send(bytes, { binary: true });
    this.position += bytes.length / bytesPerSampleFrame / 8000;
  }

  open(
    media: unknown[] = [
      { type: 'audio', format: 'PCMU', channels: ['external', 'internal'], rate: 8000 },
    ],
    extra: Record<string, unknown> = {},
  ): void {
    this.send('open', {
      organizationId: randomUUID(),
      conversationId: randomUUID(),
      participant: { id: randomUUID(), ani: '+490000000', aniName: 'Test', dnis: '+491111111' },
      media,
      language: 'en-US',
      ...extra,
    });
  }

  /** Waits for the first message of this type not returned before. */
  async next(type: string, timeoutMs = 5000): Promise<ReceivedMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => m.type === type && !this.taken.has(m));
      if (found) {
        this.taken.add(found);
        return found;
      }
      if (Date.now() > deadline) throw new Error(`no ${type} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Client side of the close handshake: `close`, wait for `closed`, close the socket. */
  async closeSession(reason = 'end'): Promise<void> {
    this.send('close', { reason });
    await this.next('closed');
    this.ws.close(1000);
    await this.closed;
  }
}
