import { createHmac, randomBytes } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsCaseIdMac } from '../../functions/adapters/kmsCaseIdMac';
import { localCaseIdMac } from '../../functions/core/erasure/caseIdMac';
import { type FakeServer, startFakeServer } from './support/fakeServer';

/**
 * KMS GenerateMac as the AWS KMS API reference describes it: JSON 1.1 over POST /, target
 * `TrentService.GenerateMac`, `Message` and `Mac` base64-encoded.
 */
const KEY = randomBytes(32);
const KEY_ARN =
  'arn:aws-eusc:kms:eusc-de-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('Adapter: kmsCaseIdMac', () => {
  let server: FakeServer;

  beforeAll(async () => {
    server = await startFakeServer((request) => {
      const body = JSON.parse(request.body.toString('utf8')) as Record<string, string>;
      const mac = createHmac('sha256', KEY).update(Buffer.from(body.Message ?? '', 'base64'));
      return {
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: { KeyId: body.KeyId, MacAlgorithm: body.MacAlgorithm, Mac: mac.digest('base64') },
      };
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('asks KMS for an HMAC-SHA256 of the case id with the app key and returns it as hex', async () => {
    // Prepare
    const kms = new KMSClient({
      region: 'eusc-de-east-1',
      endpoint: server.origin,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

    // Act
    const mac = await kmsCaseIdMac(kms, KEY_ARN)('JC-2026-004711');

    // Assess: the same value the local runner computes with the key in hand.
    expect(mac).toBe(await localCaseIdMac(KEY)('JC-2026-004711'));
    const [request] = server.requests;
    expect(request?.headers['x-amz-target']).toBe('TrentService.GenerateMac');
    expect(JSON.parse(request?.body.toString('utf8') ?? '{}')).toEqual({
      KeyId: KEY_ARN,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from('JC-2026-004711').toString('base64'),
    });
  });
});
