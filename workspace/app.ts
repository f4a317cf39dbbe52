import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { compress } from 'hono/compress';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { type ErasureContext, eraseCase } from '../functions/core/erasure/eraseCase';
import { type EraseRequest, parseEraseRequest } from '../functions/core/erasure/eraseRequest';
import { parseReviewRequest } from '../functions/core/review/reviewRequest';
import { reviewSummary } from '../functions/core/review/reviewSummary';
import type { Log } from '../functions/core/stageContext';
import { InvalidMessageError, PermanentError } from '../functions/shared/errors';
import type { ObjectStore } from '../functions/shared/ports';
import type { WorkspaceAssets } from './assets/workspaceAssets';
import { AUDIO_LINK_MINUTES, type AudioLinks } from './audio/audioLinks';
import { LocalAudioLinks } from './audio/localAudioLinks';
import { can, type Permission, type User } from './auth/roles';
import { correctionFromForm } from './correctionForm';
import { readAccessLog, recordAccess } from './data/accessLog';
import { type CaseFilter, filterCases, listCases } from './data/caseIndex';
import { readCase, readContact } from './data/contactRecord';
import { readRunningCalls } from './data/runningCalls';
import { Handles } from './handles';
import { type Locale, parseLocale, translator } from './i18n';
import { caseListPage } from './views/caseListPage';
import {
  accessLogPage,
  casePage,
  erasePage,
  erasureRequestedPage,
  receiptPage,
} from './views/casePage';
import { contactPage } from './views/contactPage';
import { errorPage, type Html, type PageContext } from './views/layout';

const xor = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));

export interface WorkspaceOptions {
  store: ObjectStore;
  recordingsBucket: string;
  resultsBucket: string;
  /** The signed-in user, from the token claims (cloud) or the local user flag. */
  identify: (c: Context) => User | undefined;
  /** Server secret (32+ bytes) for handles, audio tokens and CSRF tokens. */
  secret: Uint8Array;
  /**
   * Erasure in the request (local, on premises): how it names the case (its HMAC key) and
   * queues its delayed second sweep.
   * @default - none: give `requestErasure`
   */
  erasure?: Pick<ErasureContext, 'caseIdMac' | 'requeue' | 'secondSweepDelaySeconds'>;
  /**
   * Erasure through the erase queue (cloud): the DPO's request goes to the erase function,
   * which alone may delete case data and write receipts; the page confirms the request.
   * @default - none: give `erasure`
   */
  requestErasure?: (request: EraseRequest) => Promise<void>;
  /** @default - audio through the app's own signed route (local) */
  audio?: AudioLinks;
  log: Log;
  now?: () => Date;
  /**
   * The origin browsers show for the workspace, when a proxy in front (the authenticating
   * gateway) serves it under another host than the one requests arrive at.
   * @default - the request's own origin
   */
  origin?: string;
  /**
   * Stylesheet, script and fonts (workspace/assets/): built from the sources where the server
   * starts (`assetsFromWorkspaceSources`), read from the folder beside the Lambda bundle there,
   * so the bundle carries no CSS tooling.
   */
  assets: () => Promise<WorkspaceAssets>;
}

const SESSION_COOKIE = 'cb_session';
const LOCALE_COOKIE = 'cb_lang';

/**
 * The case-worker workspace as one Hono app: the same code serves on Node (local, over the S3
 * stand-in) and in Lambda behind API Gateway (over S3). Pages are rendered on the server and
 * readable without JavaScript; one external script enhances the audio player.
 */
export function createWorkspaceApp(options: WorkspaceOptions): Hono {
  const { store, resultsBucket, log } = options;
  if (!options.erasure === !options.requestErasure) {
    throw new Error('createWorkspaceApp: give exactly one of erasure and requestErasure');
  }
  const now = options.now ?? (() => new Date());
  const handles = new Handles(options.secret);
  const localAudio = new LocalAudioLinks(handles);
  const audio = options.audio ?? localAudio;
  const csrfKey = createHmac('sha256', options.secret).update('csrf').digest();
  let built: Promise<WorkspaceAssets> | undefined;
  const assets = () => {
    built ??= options.assets();
    return built;
  };

  const app = new Hono();
  // A 1,500-turn contact page is about 1 MiB of HTML and shrinks about tenfold.
  app.use(compress());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        fontSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", ...audio.mediaOrigins],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Origin check on every unsafe method; the per-session token below is the second line.
  app.use(csrf(options.origin ? { origin: options.origin } : undefined));

  const csrfSecret = (session: string, user: User) =>
    createHmac('sha256', csrfKey).update(`${session}\n${user.id}`).digest();
  // Masked with a fresh pad per response (as Django does): compressed pages then never repeat
  // the token's bytes, which defeats BREACH-style guessing through reflected text.
  const maskedToken = (secret: Buffer) => {
    const pad = randomBytes(secret.length);
    return Buffer.concat([pad, xor(pad, secret)]).toString('base64url');
  };
  const unmask = (token: string) => {
    const bytes = Buffer.from(token, 'base64url');
    const half = bytes.length / 2;
    return xor(bytes.subarray(0, half), bytes.subarray(half));
  };

  const cookieOptions = { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' } as const;

  /** The page context: user, language, CSRF token (the session cookie is set when missing). */
  async function pageContext(c: Context, user: User): Promise<PageContext> {
    let session = getCookie(c, SESSION_COOKIE);
    if (!session || !/^[A-Za-z0-9_-]{20,64}$/.test(session)) {
      session = randomBytes(24).toString('base64url');
      setCookie(c, SESSION_COOKIE, session, cookieOptions);
    }
    const locale: Locale = parseLocale(getCookie(c, LOCALE_COOKIE));
    return {
      t: translator(locale),
      locale,
      user,
      csrfToken: maskedToken(csrfSecret(session, user)),
      csrfSecret: csrfSecret(session, user),
      path: new URL(c.req.url).pathname,
      assets: await assets(),
    };
  }

  const render = async (c: Context, page: Html, status: 200 | 403 | 404 | 400 = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(await page, status);
  };

  /** Authenticates, checks the permission, and for POSTs the CSRF token. */
  async function guard(
    c: Context,
    permission: Permission,
  ): Promise<
    { user: User; ctx: PageContext; form?: Record<string, string | string[]> } | Response
  > {
    const user = options.identify(c);
    if (!user) return c.text('unauthenticated', 401);
    const ctx = await pageContext(c, user);
    if (!can(user, permission)) return render(c, errorPage(ctx, ctx.t('error.forbidden')), 403);
    if (c.req.method !== 'POST') return { user, ctx };
    const form = (await c.req.parseBody({ all: true })) as Record<string, string | string[]>;
    const sent = typeof form._csrf === 'string' ? unmask(form._csrf) : Buffer.alloc(0);
    const expected = ctx.csrfSecret;
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      return render(c, errorPage(ctx, ctx.t('error.csrf')), 403);
    }
    return { user, ctx, form };
  }

  const access = (
    user: User,
    entry: { case_id: string; contact_id?: string; view: 'case' | 'contact' | 'audio' },
  ) =>
    recordAccess(store, resultsBucket, {
      ...entry,
      user: user.id,
      roles: user.roles,
      at: now().toISOString(),
    });

  const field = (form: Record<string, string | string[]>, name: string) => {
    const value = form[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };

  async function caseList(c: Context) {
    const g = await guard(c, 'read');
    if (g instanceof Response) return g;
    const filter: CaseFilter = {};
    if (g.form) {
      filter.caseId = field(g.form, 'caseId');
      filter.from = field(g.form, 'from');
      filter.to = field(g.form, 'to');
      filter.language = field(g.form, 'language');
      const review = field(g.form, 'review');
      if (review === 'pending' || review === 'reviewed') filter.review = review;
      const steps = field(g.form, 'steps');
      if (steps === 'open' || steps === 'none') filter.steps = steps;
    }
    const cases = filterCases(await listCases(store, resultsBucket), filter);
    return render(c, caseListPage(g.ctx, handles, cases, filter));
  }
  app.get('/', caseList);
  app.post('/', caseList);

  app.post('/language', async (c) => {
    const g = await guard(c, 'read');
    if (g instanceof Response) return g;
    setCookie(c, LOCALE_COOKIE, parseLocale(field(g.form ?? {}, 'locale')), {
      ...cookieOptions,
      sameSite: 'Lax',
    });
    const back = field(g.form ?? {}, 'back') ?? '/';
    // Only a path of this site: never an open redirect.
    return c.redirect(/^\/(?![/\\])[A-Za-z0-9/_-]*$/.test(back) ? back : '/', 303);
  });

  app.get('/cases/:handle', async (c) => {
    const g = await guard(c, 'read');
    if (g instanceof Response) return g;
    const caseId = handles.openCase(c.req.param('handle'));
    if (!caseId) return render(c, errorPage(g.ctx, g.ctx.t('error.notFound')), 404);
    const [rollup, running] = await Promise.all([
      readCase(store, resultsBucket, caseId),
      readRunningCalls(store, resultsBucket, caseId),
    ]);
    await access(g.user, { case_id: caseId, view: 'case' });
    return render(c, casePage(g.ctx, handles, caseId, rollup, running));
  });

  app.get('/cases/:handle/access-log', async (c) => {
    const g = await guard(c, 'access-log');
    if (g instanceof Response) return g;
    const caseId = handles.openCase(c.req.param('handle'));
    if (!caseId) return render(c, errorPage(g.ctx, g.ctx.t('error.notFound')), 404);
    const entries = await readAccessLog(store, resultsBucket, caseId);
    return render(c, accessLogPage(g.ctx, handles, caseId, entries));
  });

  app.get('/cases/:handle/erase', async (c) => {
    const g = await guard(c, 'erase');
    if (g instanceof Response) return g;
    const caseId = handles.openCase(c.req.param('handle'));
    if (!caseId) return render(c, errorPage(g.ctx, g.ctx.t('error.notFound')), 404);
    return render(c, erasePage(g.ctx, handles, caseId));
  });

  app.post('/cases/:handle/erase', async (c) => {
    const g = await guard(c, 'erase');
    if (g instanceof Response) return g;
    const caseId = handles.openCase(c.req.param('handle'));
    if (!caseId) return render(c, errorPage(g.ctx, g.ctx.t('error.notFound')), 404);
    if (field(g.form ?? {}, 'confirm') !== 'yes') {
      return render(c, erasePage(g.ctx, handles, caseId, g.ctx.t('erase.needConfirm')), 400);
    }
    const request = parseEraseRequest(
      JSON.stringify({
        type: 'erase-case',
        case_id: caseId,
        request_id: `workspace-${randomUUID()}`,
        requested_by: `workspace:${g.user.id}`,
      }),
    );
    if (options.requestErasure) {
      await options.requestErasure(request);
      return render(c, erasureRequestedPage(g.ctx, request));
    }
    const receipt = await eraseCase(
      {
        store,
        recordingsBucket: options.recordingsBucket,
        resultsBucket,
        log,
        now,
        ...(options.erasure as NonNullable<WorkspaceOptions['erasure']>),
      },
      request,
    );
    if (!receipt) throw new Error('erasure wrote no receipt for a first-sweep request');
    return render(c, receiptPage(g.ctx, receipt));
  });

  async function showContact(c: Context, ctx: PageContext, user: User, notice?: string) {
    const ref = handles.openContact(c.req.param('handle') ?? '');
    if (!ref) return render(c, errorPage(ctx, ctx.t('error.notFound')), 404);
    const record = await readContact(store, resultsBucket, ref);
    if (!record.summary && !record.transcript && !record.recording && !record.live) {
      return render(c, errorPage(ctx, ctx.t('error.notFound')), 404);
    }
    const source = record.recording?.audio ? record.recording.source : undefined;
    const expiresAt = new Date(now().getTime() + AUDIO_LINK_MINUTES * 60_000);
    // The page is only sent once both reads are logged.
    const [audioView] = await Promise.all([
      source ? audio.link(source, expiresAt).then((url) => ({ url, expiresAt })) : undefined,
      access(user, { ...ref, view: 'contact' }),
      source ? access(user, { ...ref, view: 'audio' }) : undefined,
    ]);
    return render(c, contactPage(ctx, handles, record, audioView, notice));
  }

  app.get('/contacts/:handle', async (c) => {
    const g = await guard(c, 'read');
    if (g instanceof Response) return g;
    const saved = c.req.query('saved');
    const notice =
      saved === 'approved' || saved === 'corrected' ? g.ctx.t(`review.saved.${saved}`) : undefined;
    return showContact(c, g.ctx, g.user, notice);
  });

  app.post('/contacts/:handle/review', async (c) => {
    const g = await guard(c, 'review');
    if (g instanceof Response) return g;
    const handle = c.req.param('handle');
    const ref = handles.openContact(handle);
    if (!ref) return render(c, errorPage(g.ctx, g.ctx.t('error.notFound')), 404);
    const form = g.form ?? {};
    const decision = field(form, 'decision');
    try {
      const request = parseReviewRequest({
        type: 'review-summary',
        ...ref,
        reviewed_by: g.user.id,
        ...(decision === 'corrected'
          ? { decision, summary: correctionFromForm(form) }
          : { decision: 'approved' }),
      });
      await reviewSummary({ store, resultsBucket, log, now }, request);
      // Post/redirect/get: a reload does not submit the decision twice.
      return c.redirect(`/contacts/${handle}?saved=${request.decision}`, 303);
    } catch (error) {
      if (error instanceof InvalidMessageError || error instanceof PermanentError) {
        return render(
          c,
          errorPage(g.ctx, g.ctx.t('review.invalid', { problem: error.message })),
          400,
        );
      }
      throw error;
    }
  });

  app.get('/audio/:token', async (c) => {
    const user = options.identify(c);
    if (!user || !can(user, 'read')) return c.text('forbidden', 403);
    const pointer = localAudio.open(c.req.param('token'), now());
    if (!pointer) return c.text('expired or invalid link', 403);
    const head = await store.head(pointer.bucket, pointer.key);
    if (!head) return c.text('not found', 404);
    const headers: Record<string, string> = {
      'Content-Type': head.contentType?.startsWith('audio/') ? head.contentType : 'audio/wav',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, no-store',
    };
    // Range requests let the browser seek to a turn without loading the whole call.
    const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '');
    if (range && head.size > 0) {
      const start = range[1] ? Number(range[1]) : Math.max(0, head.size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), head.size - 1) : head.size - 1;
      if (start > end || start >= head.size) {
        return c.body(null, 416, { 'Content-Range': `bytes */${head.size}` });
      }
      const bytes = await store.getRange(pointer.bucket, pointer.key, start, end);
      return c.body(new Uint8Array(bytes), 206, {
        ...headers,
        'Content-Range': `bytes ${start}-${end}/${head.size}`,
        'Content-Length': String(bytes.byteLength),
      });
    }
    const bytes = await store.getBytes(pointer.bucket, pointer.key);
    return c.body(new Uint8Array(bytes), 200, {
      ...headers,
      'Content-Length': String(bytes.byteLength),
    });
  });

  // Names carry a content hash (fonts a package version): browsers keep them for a year.
  const immutable = 'public, max-age=31536000, immutable';
  app.get('/assets/fonts/:file', async (c) => {
    const font = (await assets()).fonts.get(c.req.param('file'));
    if (!font) return c.notFound();
    return c.body(font.body, 200, { 'Content-Type': font.type, 'Cache-Control': immutable });
  });
  app.get('/assets/:name', async (c) => {
    const { stylesheet, script } = await assets();
    const asset = [stylesheet, script].find((a) => a.name === c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': immutable });
  });

  app.onError((error, c) => {
    // The CSRF origin check refuses with its own 403.
    if (error instanceof HTTPException) return error.getResponse();
    // The route only: ids and content stay out of the logs.
    log.error('workspace request failed', {
      method: c.req.method,
      route: c.req.routePath,
      error: error.name,
    });
    return c.text('internal error', 500);
  });
  return app;
}
