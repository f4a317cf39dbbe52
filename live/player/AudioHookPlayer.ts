import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { mulaw } from '../audio/g711';
import { SIGNED_COMPONENTS } from '../bridge/authenticateUpgrade';
import { formatDuration } from '../bridge/duration';

export interface PlayOptions {
  /** ws://host:port of the bridge. */
  url: string;
  apiKey: string;
  clientSecret?: string;
  /** 8 kHz 16-bit PCM per channel: [external (caller)] or [external, internal (agent)]. */
  channels: Int16Array[];
  /** 1 = real time; N = N times faster; 0 = as fast as the socket takes it. @default 1 */
  speed?: number;
  /** Milliseconds of audio per frame. @default 50 */
  frameMs?: number;
  language?: string;
  conversationId?: string;
  customConfig?: Record<string, unknown>;
  /** Each frame's stream offset (end) and wall time it was sent, for latency measurements. */
  onFrameSent?: (endSeconds: number, at: number) => void;
  onMessage?: (message: { type: string; parameters: Record<string, unknown> }) => void;
}

/**
 * A local AudioHook client, as Genesys Cloud would connect: signed upgrade (RFC 9421,
 * HMAC-SHA256), `open` offering stereo PCMU, audio paced in real time (or faster), `close`,
 * and the close handshake. For `npm start -- --live` and the benchmark.
 */
export async function playThroughBridge(
  options: PlayOptions,
): Promise<{ events: number; conversationId: string }> {
  const url = new URL('/audiohook', options.url);
  const sessionId = randomUUID();
  const headers: Record<string, string> = {
    'audiohook-organization-id': randomUUID(),
    'audiohook-session-id': sessionId,
    'audiohook-correlation-id': randomUUID(),
    'x-api-key': options.apiKey,
  };
  if (options.clientSecret)
    Object.assign(headers, sign(url, headers, options.apiKey, options.clientSecret));
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`bridge refused the session: ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
  let seq = 0;
  let serverSeq = 0;
  let position = 0;
  let events = 0;
  const waiters = new Map<string, () => void>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = JSON.parse(String(data)) as {
      type: string;
      seq: number;
      parameters: Record<string, unknown>;
    };
    serverSeq = message.seq;
    if (message.type === 'event') events += 1;
    options.onMessage?.(message);
    waiters.get(message.type)?.();
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const expect = (type: string) =>
    Promise.race([
      new Promise<void>((resolve) => waiters.set(type, resolve)),
      closed.then(() => {
        throw new Error(`the bridge closed the session before ${type}`);
      }),
    ]);
  const send = (type: string, parameters: Record<string, unknown>) =>
    ws.send(
      JSON.stringify({
        version: '2',
        id: sessionId,
        type,
        seq: ++seq,
        serverseq: serverSeq,
        position: formatDuration(position),
        parameters,
      }),
    );
  const conversationId = options.conversationId ?? randomUUID();
  const stereo = options.channels.length > 1;
  const opened = expect('opened');
  send('open', {
    organizationId: headers['audiohook-organization-id'],
    conversationId,
    participant: { id: randomUUID() },
    media: [
      {
        type: 'audio',
        format: 'PCMU',
        channels: stereo ? ['external', 'internal'] : ['external'],
        rate: 8000,
      },
    ],
    language: options.language ?? 'en-US',
    ...(options.customConfig ? { customConfig: options.customConfig } : {}),
  });
  await opened;
  const frame = Math.round((8000 * (options.frameMs ?? 50)) / 1000);
  const total = options.channels[0]?.length ?? 0;
  const speed = options.speed ?? 1;
  const started = performance.now();
  for (let at = 0; at < total; at += frame) {
    const length = Math.min(frame, total - at);
    const pcm = new Int16Array(length * options.channels.length);
    for (let i = 0; i < length; i++) {
      options.channels.forEach((channel, c) => {
        pcm[i * options.channels.length + c] = channel[at + i] ?? 0;
      });
    }
    if (speed > 0) {
      // Paced against the start, so timer jitter does not add up over a long call.
      const due = started + (at / 8000 / speed) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    ws.send(mulaw.encode(pcm), { binary: true });
    position = (at + length) / 8000;
    options.onFrameSent?.(position, performance.now());
  }
  const done = expect('closed');
  send('close', { reason: 'end' });
  await done;
  ws.close(1000);
  await closed;
  return { events, conversationId };
}

/** RFC 9421 signature of the upgrade request over the components AudioHook specifies. */
function sign(
  url: URL,
  headers: Record<string, string>,
  apiKey: string,
  secret: string,
): Record<string, string> {
  const created = Math.floor(Date.now() / 1000);
  const values: Record<string, string> = {
    '@request-target': `${url.pathname}${url.search}`,
    '@authority': url.host,
    ...headers,
  };
  const params =
    `(${SIGNED_COMPONENTS.map((c) => `"${c}"`).join(' ')});keyid="${apiKey}";` +
    `nonce="${randomBytes(16).toString('base64url')}";alg="hmac-sha256";created=${created};expires=${created + 60}`;
  const base = [
    ...SIGNED_COMPONENTS.map((c) => `"${c}": ${values[c]}`),
    `"@signature-params": ${params}`,
  ].join('\n');
  const mac = createHmac('sha256', Buffer.from(secret, 'base64')).update(base).digest('base64');
  return { 'signature-input': `sig1=${params}`, signature: `sig1=:${mac}:` };
}
