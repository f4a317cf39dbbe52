import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContactRef } from '../../functions/shared/documents';
import type { LiveViewsPort } from '../calls/LiveCall';
import type { LiveSegment } from '../calls/liveSegment';
import { expiredPage, labelsFor, VIEW_CSS, VIEW_JS, viewPage } from './pages';
import { viewLine } from './viewLines';
import { type Audience, ViewTokens } from './viewTokens';

interface CallView {
  handle: string;
  links: { caseWorker: string; citizen: string };
  languages: { caller: string; caseWorker: string };
  segments: LiveSegment[];
  subscribers: Set<{ response: ServerResponse; audience: Audience }>;
}

/** Lines a newly opened view is sent first (the rest of the call is in the stored segments). */
const VIEW_HISTORY = 200;

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  // The link is the credential: never leak it to another site.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * The two live views of every running call, served by the bridge process: pages and
 * server-sent events under `/live/<token>`. A call's links work from `open` until the call ends;
 * after that (or after a bridge restart) they answer 410 Gone. Read-only: nothing here accepts
 * input but the token.
 */
export class LiveViews implements LiveViewsPort {
  private readonly tokens: ViewTokens;
  private readonly calls = new Map<string, CallView>();
  private readonly handles = new Map<string, string>();

  /** `record`: told when a call's links are issued and when they die (live-views.json). */
  constructor(
    key: Buffer,
    private readonly record?: {
      opened(ref: ContactRef, links: { caseWorker: string; citizen: string }): void;
      ended(ref: ContactRef): void;
    },
  ) {
    this.tokens = new ViewTokens(key);
  }

  open(ref: ContactRef, languages: { caller: string; caseWorker: string }) {
    const handle = ViewTokens.newHandle();
    const links = {
      caseWorker: `/live/${this.tokens.issue(handle, 'case-worker')}`,
      citizen: `/live/${this.tokens.issue(handle, 'citizen')}`,
    };
    this.calls.set(handle, { handle, links, languages, segments: [], subscribers: new Set() });
    this.handles.set(refKey(ref), handle);
    this.record?.opened(ref, links);
    return links;
  }

  /** The view links of a running call (paths under the bridge's HTTP address). */
  linksFor(ref: ContactRef): { caseWorker: string; citizen: string } | undefined {
    return this.callOf(ref)?.links;
  }

  publish(ref: ContactRef, segment: LiveSegment): void {
    const call = this.callOf(ref);
    if (!call) return;
    call.languages.caller = segment.caller_language;
    if (call.segments.some((s) => s.utterance_id === segment.utterance_id)) return;
    call.segments.push(segment);
    // A view opened late gets the last lines only: a two-hour call must not grow the bridge.
    if (call.segments.length > VIEW_HISTORY) call.segments.shift();
    for (const subscriber of call.subscribers)
      send(subscriber.response, 'line', viewLine(segment, subscriber.audience));
  }

  end(ref: ContactRef): void {
    const call = this.callOf(ref);
    if (!call) return;
    for (const { response } of call.subscribers) {
      send(response, 'end', {});
      response.end();
    }
    this.calls.delete(call.handle);
    this.handles.delete(refKey(ref));
    this.record?.ended(ref);
  }

  /** Subscribers across all calls (for tests and the benchmark). */
  get subscriberCount(): number {
    let n = 0;
    for (const call of this.calls.values()) n += call.subscribers.size;
    return n;
  }

  /** HTTP entry: true when the request was a live view request and has been answered. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith('/live/')) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return true;
    }
    if (path === '/live/view.js') return asset(response, 'text/javascript; charset=utf-8', VIEW_JS);
    if (path === '/live/view.css') return asset(response, 'text/css; charset=utf-8', VIEW_CSS);
    const match = /^\/live\/([^/]+)(\/events)?\/?$/.exec(path);
    const claim = match?.[1] ? this.tokens.verify(match[1]) : undefined;
    if (!claim) {
      response
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
        .end('not found');
      return true;
    }
    const call = this.calls.get(claim.handle);
    if (!call) {
      // A genuine link of a call that has ended (or of a bridge that restarted since).
      const labels = labelsFor(claim.audience, 'en');
      response
        .writeHead(410, { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS })
        .end(expiredPage(labels, claim.audience === 'case-worker' ? 'de' : 'en'));
      return true;
    }
    if (match?.[2]) return this.stream(call, claim.audience, request, response);
    const language =
      claim.audience === 'case-worker' ? call.languages.caseWorker : call.languages.caller;
    const page = viewPage(
      claim.audience,
      claim.audience === 'case-worker' ? 'de' : language,
      labelsFor(claim.audience, language),
    );
    response
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS })
      .end(page);
    return true;
  }

  private stream(
    call: CallView,
    audience: Audience,
    request: IncomingMessage,
    response: ServerResponse,
  ): boolean {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      ...SECURITY_HEADERS,
    });
    response.flushHeaders();
    const subscriber = { response, audience };
    call.subscribers.add(subscriber);
    const ordered = [...call.segments].sort((a, b) => a.start - b.start || a.channel - b.channel);
    for (const segment of ordered) send(response, 'line', viewLine(segment, audience));
    // Comments keep proxies from closing an idle stream during long silences.
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    request.on('close', () => {
      clearInterval(keepAlive);
      call.subscribers.delete(subscriber);
    });
    return true;
  }

  private callOf(ref: ContactRef): CallView | undefined {
    const handle = this.handles.get(refKey(ref));
    return handle ? this.calls.get(handle) : undefined;
  }
}

const refKey = (ref: ContactRef) => `${ref.case_id}/${ref.contact_id}`;

function send(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function asset(response: ServerResponse, type: string, body: string): boolean {
  response
    .writeHead(200, {
      'Content-Type': type,
      ...SECURITY_HEADERS,
      'Cache-Control': 'public, max-age=300',
    })
    .end(body);
  return true;
}
