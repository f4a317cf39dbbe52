import { describe, expect, it } from 'vitest';
import { authenticateUpgrade } from '../../../live/bridge/authenticateUpgrade';
import { NonceCache } from '../../../live/bridge/nonceCache';

// The signed upgrade request of the AudioHook protocol specification ("Establishing a connection").
const SPEC_REQUEST = {
  url: '/api/v1/voicebiometrics/ws',
  headers: {
    host: 'audiohook.example.com',
    'audiohook-organization-id': 'd7934305-0972-4844-938e-9060eef73d05',
    'audiohook-session-id': '30b0e395-84d3-4570-ac13-9a62d8f514c0',
    'audiohook-correlation-id': 'e160e428-53e2-487c-977d-96989bf5c99d',
    'x-api-key': 'SGVsbG8sIEkgYW0gdGhlIEFQSSBrZXkh',
    signature: 'sig1=:NZBwyBHRRyRoeLqy1IzOa9VYBuI8TgMFt2GRDkDuJh4=:',
    'signature-input':
      'sig1=("@request-target" "@authority" "audiohook-organization-id" "audiohook-session-id" ' +
      '"audiohook-correlation-id" "x-api-key");keyid="SGVsbG8sIEkgYW0gdGhlIEFQSSBrZXkh";' +
      'nonce="VGhpc0lzQVVuaXF1ZU5vbmNl";alg="hmac-sha256";created=1641013200;expires=3282026430',
  },
};
const CREDENTIAL = {
  apiKey: 'SGVsbG8sIEkgYW0gdGhlIEFQSSBrZXkh',
  clientSecret: 'TXlTdXBlclNlY3JldEtleVRlbGxOby0xITJAMyM0JDU=',
};
const CREATED_MS = 1641013200_000;

describe('Function: authenticateUpgrade', () => {
  it('returns ok for the specification example a minute after it was signed', async () => {
    const result = await authenticateUpgrade(SPEC_REQUEST, {
      credentials: [CREDENTIAL],
      nonces: new NonceCache(),
      now: () => CREATED_MS + 60_000,
    });
    expect(result).toMatchObject({ ok: true, sessionId: '30b0e395-84d3-4570-ac13-9a62d8f514c0' });
  });

  it('returns not ok when the request target differs from the signed one', async () => {
    const result = await authenticateUpgrade(
      { ...SPEC_REQUEST, url: '/api/v1/other' },
      { credentials: [CREDENTIAL], nonces: new NonceCache(), now: () => CREATED_MS + 60_000 },
    );
    expect(result).toEqual({ ok: false, reason: 'signature does not verify' });
  });

  it('returns not ok when the same nonce comes twice', async () => {
    const options = {
      credentials: [CREDENTIAL],
      nonces: new NonceCache(),
      now: () => CREATED_MS + 60_000,
    };
    await authenticateUpgrade(SPEC_REQUEST, options);
    const replay = await authenticateUpgrade(SPEC_REQUEST, options);
    expect(replay).toEqual({ ok: false, reason: 'nonce replayed' });
  });

  it('returns not ok when the signature is older than the maximum age', async () => {
    const result = await authenticateUpgrade(SPEC_REQUEST, {
      credentials: [CREDENTIAL],
      nonces: new NonceCache(),
      now: () => CREATED_MS + 3600_000,
    });
    expect(result).toEqual({ ok: false, reason: 'signature too old' });
  });

  it('returns not ok when the signature was created in the future', async () => {
    const result = await authenticateUpgrade(SPEC_REQUEST, {
      credentials: [CREDENTIAL],
      nonces: new NonceCache(),
      now: () => CREATED_MS - 600_000,
    });
    expect(result.ok).toBe(false);
  });
});
