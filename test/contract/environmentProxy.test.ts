import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from './support/fakeServer';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

/** Runs a snippet in a fresh Node with the proxy environment set (Node reads it at start). */
async function runWithProxy(proxyUrl: string, code: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_USE_ENV_PROXY: '1',
        HTTP_PROXY: proxyUrl,
        HTTPS_PROXY: proxyUrl,
        NO_PROXY: '',
      },
    },
  );
  return stdout.trim();
}

describe('Class: HttpClient with proxy variables in the environment', () => {
  let target: FakeServer;
  let proxy: Server;
  let proxyUrl: string;
  const proxied: string[] = [];

  beforeAll(async () => {
    target = await startFakeServer(() => ({ body: { ok: true } }));
    // A forward proxy that records what it is asked for and answers itself.
    proxy = createServer((req, res) => {
      proxied.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"proxied":true}');
    });
    // fetch tunnels through CONNECT; the proxy records the target and refuses.
    proxy.on('connect', (req, socket) => {
      proxied.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await target?.close();
    await new Promise((resolve) => proxy?.close(resolve));
  });

  it('goes through the proxy with plain fetch (the environment is in effect)', async () => {
    const out = await runWithProxy(
      proxyUrl,
      `try { await fetch('${target.origin}/v1/x', { method: 'POST', body: '{}' }); console.log('direct'); } catch { console.log('refused by proxy'); }`,
    );

    expect(out).toBe('refused by proxy');
    expect(proxied).toEqual([target.origin.replace('http://', '')]);
  });

  it('reaches the provider directly, never the proxy', async () => {
    proxied.length = 0;
    const before = target.requests.length;
    const out = await runWithProxy(
      proxyUrl,
      `import { HttpClient } from './functions/providers/http/httpClient.ts';
       import { buildAllowList } from './functions/providers/http/egressGuard.ts';
       const client = new HttpClient({ provider: 't', timeoutMs: 5000, maxRetries: 0,
         allowList: buildAllowList({ setting: 't', allowLoopback: true, extraAllowedHosts: [] }) });
       const answer = await client.post({ url: '${target.origin}/v1/x', json: { a: 1 } });
       console.log(JSON.stringify(answer.body));`,
    );

    expect(out).toBe('{"ok":true}');
    expect(proxied).toEqual([]);
    expect(target.requests.length).toBe(before + 1);
  });
});
