import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AudioHookSession, type SessionObserver } from './AudioHookSession';
import { authenticateUpgrade } from './authenticateUpgrade';
import type { Credential } from './credentials';
import { NonceCache } from './nonceCache';

export interface BridgeServerOptions {
  credentials: readonly Credential[];
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Builds the observer of each accepted session (the live call). */
  observe: (session: AudioHookSession, ids: { sessionId: string }) => SessionObserver;
  /** Every failed upgrade is answered this long after it arrived (no timing oracle). @default 250 */
  failureDelayMs?: number;
  /** Largest WebSocket message; ws closes the socket with 1009 above it. @default 1 MiB */
  maxPayloadBytes?: number;
  /** A session without any message for this long is cut (pings keep it alive). @default 120000 */
  idleTimeoutMs?: number;
  supportedLanguages?: readonly string[];
  /** Time a client gets to answer `disconnect` with `close`. @default 5000 */
  closeGraceMs?: number;
  /** Plain HTTP requests (the live views); 404 when absent. */
  http?: (request: IncomingMessage, response: ServerResponse) => void;
  /** Seconds a signature may be old. @default 300 */
  maxSignatureAgeSeconds?: number;
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/**
 * The AudioHook server: one HTTP server whose upgrade requests are authenticated before any
 * WebSocket exists (401 otherwise), one AudioHookSession per accepted socket. Plain requests go
 * to the live views.
 */
export class BridgeServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly nonces = new NonceCache();
  private readonly sessions = new Set<AudioHookSession>();
  private readonly log: NonNullable<BridgeServerOptions['log']>;

  private constructor(private readonly options: BridgeServerOptions) {
    this.log = options.log ?? (() => {});
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
      perMessageDeflate: false,
    });
    this.server = createServer((request, response) => {
      if (options.http) return options.http(request, response);
      response.writeHead(404).end();
    });
    this.server.on('upgrade', (request, socket, head) => {
      this.upgrade(request, socket, head).catch(() => socket.destroy());
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  static async start(options: BridgeServerOptions): Promise<BridgeServer> {
    const bridge = new BridgeServer(options);
    await new Promise<void>((resolve, reject) => {
      bridge.server.once('error', reject);
      bridge.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return bridge;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const arrived = performance.now();
    socket.on('error', () => socket.destroy());
    const result = await authenticateUpgrade(
      { url: request.url ?? '/', headers: request.headers },
      {
        credentials: this.options.credentials,
        nonces: this.nonces,
        maxAgeSeconds: this.options.maxSignatureAgeSeconds,
      },
    );
    if (!result.ok) {
      // Same answer, same time for every failure: no hint which check failed.
      this.log('unauthorized', { reason: result.reason });
      const wait = (this.options.failureDelayMs ?? 250) - (performance.now() - arrived);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      if (!socket.destroyed) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = randomUUID();
      let idle: NodeJS.Timeout | undefined;
      const session: AudioHookSession = new AudioHookSession({
        sessionId: result.sessionId,
        socket: ws,
        supportedLanguages: this.options.supportedLanguages,
        closeGraceMs: this.options.closeGraceMs,
        observer: {
          // Built lazily so the observer can keep a reference to its session.
          onOpen: (call) => observer.onOpen(call),
          onAudio: (channels, offset, raw) => observer.onAudio(channels, offset, raw),
          onGap: (start, seconds) => observer.onGap(start, seconds),
          onLanguage: (language) => observer.onLanguage(language),
          onClosing: () => observer.onClosing?.() ?? Promise.resolve(),
          onEnd: (end) => observer.onEnd(end),
        },
        log: (event, detail) => this.log(event, { connection, ...detail }),
      });
      const observer = this.options.observe(session, { sessionId: result.sessionId });
      this.sessions.add(session);
      const touch = () => {
        clearTimeout(idle);
        idle = setTimeout(() => ws.terminate(), this.options.idleTimeoutMs ?? 120_000);
        idle.unref();
      };
      touch();
      ws.on('message', (data, isBinary) => {
        touch();
        session.receive(data as Buffer, isBinary);
      });
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        clearTimeout(idle);
        this.sessions.delete(session);
        session.socketClosed();
      });
    });
  }
}
