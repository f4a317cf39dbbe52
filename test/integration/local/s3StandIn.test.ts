import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3StandIn, startS3StandIn } from '../../../local/s3StandIn';
import { standInClients } from '../../../local/standInClients';

describe('Function: startS3StandIn', () => {
  let dir: string;
  let standIn: S3StandIn;
  let s3: ReturnType<typeof standInClients>['s3'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-s3-it-'));
    standIn = await startS3StandIn(['bucket'], join(dir, 'state'));
    ({ s3 } = standInClients({
      region: 'eusc-de-east-1',
      s3Endpoint: standIn.endpoint,
      sqsEndpoint: 'http://127.0.0.1:9',
    }));
  });

  afterAll(async () => {
    await standIn?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const put = (key: string, body: Uint8Array) =>
    s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: key, Body: body }));
  const get = async (key: string) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: 'bucket', Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  };

  it('creates the state folder private to the user (0700)', async () => {
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
  });

  it('returns the old or the new object, never a partial one, while it is overwritten', async () => {
    const a = Buffer.alloc(4 * 1024 * 1024, 'a');
    const b = Buffer.alloc(3 * 1024 * 1024, 'b');
    await put('recordings/same.wav', a);
    const reads: Promise<Buffer>[] = [];
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) {
      writes.push(put('recordings/same.wav', i % 2 ? a : b));
      reads.push(get('recordings/same.wav'));
    }
    await Promise.all(writes);
    for (const body of await Promise.all(reads)) {
      expect(body.equals(a) || body.equals(b)).toBe(true);
    }
  });

  it('announces an overwritten object only when all of it can be read', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 'c');
    await put('recordings/event.wav', Buffer.alloc(100, 'd'));
    const seen = new Promise<Buffer>((resolve) => {
      standIn.onObjectCreated((_bucket, key, size) => {
        if (key === 'recordings/event.wav' && size === big.length) resolve(get(key));
      });
    });
    await put('recordings/event.wav', big);
    expect((await seen).length).toBe(big.length);
  });

  it('refuses a key with .. and writes nothing outside its folder', async () => {
    const error = await put('recordings/../../escaped.wav', Buffer.from('x')).catch((e) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(400);
    expect(await readdir(dir)).toEqual(['state']);
  });

  it('refuses a key segment over 255 bytes and keeps serving', async () => {
    const error = await put(`recordings/${'n'.repeat(300)}.wav`, Buffer.from('x')).catch((e) => e);
    expect((error as S3ServiceException).name).toBe('KeyTooLongError');
    await put('recordings/after.wav', Buffer.from('still here'));
    expect((await get('recordings/after.wav')).toString()).toBe('still here');
  });
});
