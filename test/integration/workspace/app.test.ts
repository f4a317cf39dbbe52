import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../functions/adapters/awsClients';
import { S3ObjectStore } from '../../../functions/adapters/s3ObjectStore';
import type { EraseRequest } from '../../../functions/core/erasure/eraseRequest';
import { type S3StandIn, startS3StandIn } from '../../../local/s3StandIn';
import { createWorkspaceApp } from '../../../workspace/app';
import { assetsFromWorkspaceSources } from '../../../workspace/assets/sourceAssets';
import type { Role } from '../../../workspace/auth/roles';
import { testErasure } from '../../support/testErasure';
import { seedWorkspaceCase, WORKSPACE_CASE } from '../../support/workspaceCase';

const silent = { info() {}, warn() {}, error() {} };

/** A browser-like client: keeps cookies, sends the Origin header, reads the CSRF token. */
function client(app: Hono) {
  const jar = new Map<string, string>();
  const origin = 'http://127.0.0.1';
  async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await app.request(`${origin}${path}`, { ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      jar.set(name, value);
    }
    return response;
  }
  return {
    get: (path: string, init?: RequestInit) => request(path, init),
    async post(path: string, fields: Record<string, string | string[]>, token?: string) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) {
        for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      }
      if (token !== undefined) body.set('_csrf', token);
      return request(path, {
        method: 'POST',
        body,
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      });
    },
  };
}

const caseLink = (page: string, caseId: string) =>
  new RegExp(`href="(/cases/[^"]+)">${caseId}</a>`).exec(page)?.[1] ?? '';
const tokenOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
const hrefs = (page: string, prefix: string) =>
  [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '').filter((h) => h.startsWith(prefix));

describe('Class: WorkspaceApp', () => {
  let stateDir: string;
  let standIn: S3StandIn;
  let s3: S3Client;
  const secret = randomBytes(32);
  const apps = {} as Record<Role, Hono>;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'callbrief-workspace-'));
    await seedWorkspaceCase(stateDir);
    standIn = await startS3StandIn(['callbrief-recordings', 'callbrief-results'], stateDir);
    s3 = createS3Client({
      region: 'eusc-de-east-1',
      s3Endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    for (const role of ['caseworker', 'dpo', 'admin'] as const) {
      apps[role] = createWorkspaceApp({
        assets: assetsFromWorkspaceSources,
        store: new S3ObjectStore(s3),
        recordingsBucket: 'callbrief-recordings',
        resultsBucket: 'callbrief-results',
        identify: () => ({ id: `${role}-1`, roles: [role] }),
        secret,
        log: silent,
        erasure: testErasure(),
      });
    }
  });

  afterAll(async () => {
    s3?.destroy();
    await standIn?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('lists the cases the pipeline produced, with no case id in any link', async () => {
    const page = await (await client(apps.caseworker).get('/')).text();
    expect(page).toContain(WORKSPACE_CASE);
    expect(page).toContain('JC-2026-000999');
    const links = hrefs(page, '/cases/');
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).not.toContain('JC-2026');
  });

  it('sends a CSP without inline scripts and HttpOnly, Secure, SameSite cookies', async () => {
    const response = await client(apps.caseworker).get('/');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly; Secure; SameSite=Strict/);
    expect(await response.text()).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });

  it('filters by case id through a POST with a valid CSRF token', async () => {
    const browser = client(apps.caseworker);
    const token = tokenOf(await (await browser.get('/')).text());
    const found = await (await browser.post('/', { caseId: '0999' }, token)).text();
    expect(found).toContain('JC-2026-000999');
    expect(found).not.toContain(WORKSPACE_CASE);
  });

  it('refuses a POST without the CSRF token or from another origin', async () => {
    const browser = client(apps.caseworker);
    await browser.get('/');
    expect((await browser.post('/', { caseId: '1' }, 'forged')).status).toBe(403);
    const foreign = await apps.caseworker.request('http://127.0.0.1/', {
      method: 'POST',
      body: new URLSearchParams({ caseId: '1' }),
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(foreign.status).toBe(403);
  });

  it('shows a contact with turns, translation, provenance and a signed audio link', async () => {
    const browser = client(apps.caseworker);
    const list = await (await browser.get('/')).text();
    const casePage = await (await browser.get(caseLink(list, WORKSPACE_CASE))).text();
    expect(casePage).toContain(WORKSPACE_CASE);
    const contacts = hrefs(casePage, '/contacts/');
    expect(contacts.length).toBe(2);
    const contact = await (await browser.get(contacts[0] ?? '')).text();
    expect(contact).toContain('lang="en"');
    expect(contact).toContain('Übersetzung (de)');
    expect(contact).toMatch(/KI-generiert von instant/);
    const audio = /src="(\/audio\/[^"]+)"/.exec(contact)?.[1] ?? '';
    expect(audio).toMatch(/^\/audio\//);
    const ranged = await browser.get(audio);
    expect(ranged.status).toBe(200);
    const partial = await apps.caseworker.request(`http://127.0.0.1${audio}`, {
      headers: { range: 'bytes=0-99' },
    });
    expect(partial.status).toBe(206);
    expect((await partial.arrayBuffer()).byteLength).toBe(100);
    expect(await apps.caseworker.request('http://127.0.0.1/audio/forged-token')).toHaveProperty(
      'status',
      403,
    );
  });

  it('records an approval and a correction beside the AI original, with the difference', async () => {
    const browser = client(apps.caseworker);
    const list = await (await browser.get('/')).text();
    const casePage = await (await browser.get(caseLink(list, WORKSPACE_CASE))).text();
    const contact = hrefs(casePage, '/contacts/')[0] ?? '';
    const page = await (await browser.get(contact)).text();
    const approved = await browser.post(
      `${contact}/review`,
      { decision: 'approved' },
      tokenOf(page),
    );
    expect(approved.status).toBe(303);
    const after = await (await browser.get(approved.headers.get('location') ?? '')).text();
    expect(after).toContain('Freigegeben von caseworker-1');
    const corrected = await browser.post(
      `${contact}/review`,
      {
        decision: 'corrected',
        reason_for_contact: 'Antrag auf Parkausweis',
        key_facts: 'Fakt eins\nFakt zwei',
        step_action: ['Ausweis zusenden', ''],
        step_owner: ['authority', 'authority'],
        step_due: ['', ''],
        open_questions: '',
      },
      tokenOf(after),
    );
    expect(corrected.status).toBe(303);
    const shown = await (await browser.get(corrected.headers.get('location') ?? '')).text();
    expect(shown).toContain('Korrigiert von caseworker-1');
    expect(shown).toMatch(/<ins><span class="kern-sr-only">hinzugefügt: <\/span>Fakt eins<\/ins>/);
  });

  it('refuses erasure to a case worker and erases for the data-protection officer', async () => {
    const worker = client(apps.caseworker);
    const list = await (await worker.get('/')).text();
    const other = caseLink(list, 'JC-2026-000999');
    expect((await worker.get(`${other}/erase`)).status).toBe(403);
    const token = tokenOf(list);
    expect((await worker.post(`${other}/erase`, { confirm: 'yes' }, token)).status).toBe(403);

    const dpo = client(apps.dpo);
    const form = await (await dpo.get(`${other}/erase`)).text();
    expect((await dpo.post(`${other}/erase`, {}, tokenOf(form))).status).toBe(400);
    const receipt = await dpo.post(`${other}/erase`, { confirm: 'yes' }, tokenOf(form));
    expect(receipt.status).toBe(200);
    const text = await receipt.text();
    expect(text).toContain('Löschnachweis');
    expect(text).toMatch(/[0-9a-f]{64}/);
    const remaining = await (await dpo.get('/')).text();
    expect(hrefs(remaining, '/cases/')).toHaveLength(1);
  });

  it('logs every read of a case for the data-protection officer, without content', async () => {
    const worker = client(apps.caseworker);
    const list = await (await worker.get('/')).text();
    const casePath = caseLink(list, WORKSPACE_CASE);
    await worker.get(casePath);
    expect((await worker.get(`${casePath}/access-log`)).status).toBe(403);
    const log = await (await client(apps.dpo).get(`${casePath}/access-log`)).text();
    expect(log).toContain('caseworker-1 (caseworker)');
    expect(log).toContain('Fall gelesen');
    expect(log).not.toContain('parking permit');
  });

  it('hands the erasure to the erase queue when so configured, deleting nothing itself', async () => {
    // Prepare: the cloud's wiring (workspace/lambda.ts) sends the request to the erase queue.
    const sent: EraseRequest[] = [];
    const cloud = createWorkspaceApp({
      assets: assetsFromWorkspaceSources,
      store: new S3ObjectStore(s3),
      recordingsBucket: 'callbrief-recordings',
      resultsBucket: 'callbrief-results',
      identify: () => ({ id: 'dpo-2', roles: ['dpo'] }),
      secret,
      log: silent,
      requestErasure: async (request) => {
        sent.push(request);
      },
    });
    const dpo = client(cloud);
    const casePath = caseLink(await (await dpo.get('/')).text(), WORKSPACE_CASE);
    const form = await (await dpo.get(`${casePath}/erase`)).text();

    // Act
    const answer = await dpo.post(`${casePath}/erase`, { confirm: 'yes' }, tokenOf(form));

    // Assess
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text).toContain('Die Löschung ist beauftragt');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      type: 'erase-case',
      case_id: WORKSPACE_CASE,
      requested_by: 'workspace:dpo-2',
    });
    expect(text).toContain(sent[0]?.request_id ?? 'missing');
    expect(text).not.toContain(WORKSPACE_CASE);
    expect(caseLink(await (await dpo.get('/')).text(), WORKSPACE_CASE)).toBe(casePath);
  });

  it('accepts forms only from the configured origin when a proxy serves the workspace', async () => {
    // Prepare: the browser shows the proxy's origin; requests arrive at the API's host.
    const proxied = createWorkspaceApp({
      assets: assetsFromWorkspaceSources,
      store: new S3ObjectStore(s3),
      recordingsBucket: 'callbrief-recordings',
      resultsBucket: 'callbrief-results',
      identify: () => ({ id: 'caseworker-3', roles: ['caseworker'] }),
      secret,
      log: silent,
      erasure: testErasure(),
      origin: 'https://workspace.example-authority.de',
    });
    const page = await proxied.request('http://127.0.0.1/');
    const cookie = page.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const token = tokenOf(await page.text());
    const post = (origin: string) =>
      proxied.request('http://127.0.0.1/', {
        method: 'POST',
        body: new URLSearchParams({ _csrf: token, caseId: WORKSPACE_CASE }),
        headers: { origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });

    // Act and assess
    expect((await post('https://workspace.example-authority.de')).status).toBe(200);
    expect((await post('http://127.0.0.1')).status).toBe(403);
  });

  it('refuses an app with both or neither way of erasing', () => {
    const base = {
      assets: assetsFromWorkspaceSources,
      store: new S3ObjectStore(s3),
      recordingsBucket: 'callbrief-recordings',
      resultsBucket: 'callbrief-results',
      identify: () => undefined,
      secret,
      log: silent,
    };
    expect(() => createWorkspaceApp(base)).toThrow(/exactly one/);
    expect(() =>
      createWorkspaceApp({ ...base, erasure: testErasure(), requestErasure: async () => {} }),
    ).toThrow(/exactly one/);
  });

  it('serves one trimmed, hashed stylesheet cached for a year, and the page gzipped', async () => {
    const worker = client(apps.caseworker);
    const page = await worker.get('/', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    const html = await new Response(page.body?.pipeThrough(new DecompressionStream('gzip'))).text();
    const sheet = /href="(\/assets\/workspace\.[\w-]{12}\.css)"/.exec(html)?.[1] ?? '';
    expect(sheet).not.toBe('');
    expect(html).toContain('href="/assets/fonts/FiraSans-Regular.woff2" as="font"');
    const css = await worker.get(sheet);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const text = await css.text();
    // KERN rules the templates use stay; those they never name are gone.
    expect(text).toContain('.kern-btn--primary');
    expect(text).toContain('.ws-turn');
    expect(text).not.toContain('.kern-icon--light-mode');
    expect(text).not.toContain('FiraSans-Light');
    expect(text).not.toContain('FiraSans-Bold');
    const font = await worker.get('/assets/fonts/FiraSans-Regular.woff2');
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect((await worker.get('/assets/fonts/FiraSans-Light.woff2')).status).toBe(404);
    expect((await worker.get('/assets/kern.min.css')).status).toBe(404);
  });

  it('masks the CSRF token anew on each page and accepts every masked form of it', async () => {
    const worker = client(apps.caseworker);
    const first = tokenOf(await (await worker.get('/')).text());
    const second = tokenOf(await (await worker.get('/')).text());
    expect(first).not.toBe(second);
    for (const token of [first, second]) {
      expect((await worker.post('/', { caseId: WORKSPACE_CASE }, token)).status).toBe(200);
    }
    expect(
      (await worker.post('/', { caseId: WORKSPACE_CASE }, `${first.slice(0, -2)}AA`)).status,
    ).toBe(403);
  });
});
