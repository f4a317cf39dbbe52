import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../functions/adapters/awsClients';
import type { ErasureReceipt } from '../../../functions/core/erasure/eraseRequest';
import { type S3StandIn, startS3StandIn } from '../../../local/s3StandIn';
import { startLocalWorkspace } from '../../../workspace/localWorkspace';
import { seedWorkspaceCase } from '../../support/workspaceCase';

const OTHER_CASE = 'JC-2026-000999';
const RESULTS = 'callbrief-results';

/** fetch with a cookie jar and the Origin a browser sends, as the data-protection officer. */
function browserLike(base: string) {
  const jar = new Map<string, string>();
  return async (path: string, form?: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: base,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [name = '', value = ''] = (cookie.split(';')[0] ?? '').split('=');
      jar.set(name, value);
    }
    return { status: response.status, text: await response.text() };
  };
}

describe('Function: startLocalWorkspace (erasure on one machine)', { timeout: 120_000 }, () => {
  let stateDir: string;
  let standIn: S3StandIn;
  let s3: S3Client;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'callbrief-local-workspace-'));
    await seedWorkspaceCase(stateDir);
  });
  afterAll(async () => {
    s3?.destroy();
    await standIn?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs the second sweep itself: a write that was in flight at the erasure is gone too', async () => {
    // Prepare
    const workspace = await startLocalWorkspace({
      stateDir,
      user: { id: 'dsb-1', roles: ['dpo'] },
    });
    const get = browserLike(workspace.url);
    const list = await get('/');
    const casePath = new RegExp(`href="(/cases/[^"]+)">${OTHER_CASE}</a>`).exec(list.text)?.[1];
    const form = await get(`${casePath}/erase`);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';

    // Act: erase; then a stage that passed its check just before the marker writes late
    const erased = await get(`${casePath}/erase`, { _csrf: token, confirm: 'yes' });
    standIn = await startS3StandIn(['callbrief-recordings', RESULTS], stateDir);
    s3 = createS3Client({
      region: 'eusc-de-east-1',
      s3Endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const late = `cases/${OTHER_CASE}/contacts/late/summary.json`;
    await s3.send(new PutObjectCommand({ Bucket: RESULTS, Key: late, Body: '{}' }));
    // Stopped at once (Ctrl-C): the sweep still due runs before the server is gone.
    await workspace.stop();

    // Assess
    expect(erased.status).toBe(200);
    expect(erased.text).toContain('Der Fall ist gelöscht.');
    expect(erased.text).not.toContain('npm run erase');
    const left = await s3.send(
      new ListObjectsV2Command({ Bucket: RESULTS, Prefix: `cases/${OTHER_CASE}/` }),
    );
    expect(left.Contents ?? []).toEqual([]);
    const receipts = await s3.send(
      new ListObjectsV2Command({ Bucket: RESULTS, Prefix: 'erasure-receipts/' }),
    );
    const receiptKeys = (receipts.Contents ?? [])
      .map((o) => o.Key as string)
      .filter((key) => key.includes('/requests/'));
    expect(receiptKeys).toHaveLength(1);
    const object = await s3.send(new GetObjectCommand({ Bucket: RESULTS, Key: receiptKeys[0] }));
    const receipt = JSON.parse(await (object.Body?.transformToString() ?? '')) as ErasureReceipt;
    expect(receipt.requested_by).toBe('workspace:dsb-1');
    expect(receipt.second_sweep?.deleted.results_bucket).toBeGreaterThanOrEqual(1);
  });
});
