import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { handle } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { createWorkspaceApp } from '../../../workspace/app';
import { assetsFromWorkspaceSources } from '../../../workspace/assets/sourceAssets';
import { can, rolesFromClaims } from '../../../workspace/auth/roles';
import { readWorkspaceEnvironment } from '../../../workspace/lambda';
import { identifyFromJwt } from '../../../workspace/lambdaIdentity';
import { MemoryObjectStore } from '../../support/memoryObjectStore';
import { testErasure } from '../../support/testErasure';

type ApiEvent = Parameters<ReturnType<typeof handle>>[0];

const GROUPS = { sachbearbeitung: 'caseworker', datenschutz: 'dpo' } as const;

function event(
  claims?: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): ApiEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { host: 'workspace.example', ...headers },
    requestContext: {
      accountId: '1',
      authentication: null,
      apiId: 'a',
      domainName: 'workspace.example',
      domainPrefix: 'workspace',
      http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '1.1.1.1', userAgent: 't' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: claims ? { jwt: { claims, scopes: null } } : {},
    },
    isBase64Encoded: false,
    body: null,
  } as ApiEvent;
}

describe('Function: identifyFromJwt', () => {
  const app = createWorkspaceApp({
    assets: assetsFromWorkspaceSources,
    store: new MemoryObjectStore(),
    recordingsBucket: 'rec',
    resultsBucket: 'res',
    identify: identifyFromJwt('cognito:groups', GROUPS),
    secret: randomBytes(32),
    log: { info() {}, warn() {}, error() {} },
    erasure: testErasure(),
  });
  const lambda = handle(app);

  it('serves the case list in Lambda to a user whose token names a case-worker group', async () => {
    const response = await lambda(event({ sub: 'u-1', 'cognito:groups': '[sachbearbeitung]' }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Angemeldet als u-1 (Sachbearbeitung)');
  });

  it('sends a gzipped page base64-encoded, as API Gateway needs binary bodies', async () => {
    // Prepare
    const request = event(
      { sub: 'u-1', 'cognito:groups': '[sachbearbeitung]' },
      { 'accept-encoding': 'gzip' },
    );

    // Act
    const response = await lambda(request);

    // Assess
    expect(response.isBase64Encoded).toBe(true);
    expect(response.headers?.['content-encoding']).toBe('gzip');
    const page = gunzipSync(Buffer.from(response.body, 'base64')).toString('utf-8');
    expect(page).toContain('Angemeldet als u-1 (Sachbearbeitung)');
  });

  it('returns 401 when the authorizer passed no claims', async () => {
    expect((await lambda(event())).statusCode).toBe(401);
  });

  it('returns 403 when the token names no known group', async () => {
    const response = await lambda(event({ sub: 'u-2', 'cognito:groups': ['other'] }));
    expect(response.statusCode).toBe(403);
  });
});

describe('Function: rolesFromClaims', () => {
  it('returns roles from a list claim and from API Gateway text', () => {
    expect(rolesFromClaims({ g: ['datenschutz'] }, 'g', GROUPS)).toEqual(['dpo']);
    expect(rolesFromClaims({ g: '[sachbearbeitung datenschutz]' }, 'g', GROUPS)).toEqual([
      'caseworker',
      'dpo',
    ]);
  });

  it('gives erasure to the data-protection officer only', () => {
    expect(can({ id: 'a', roles: ['dpo'] }, 'erase')).toBe(true);
    expect(can({ id: 'a', roles: ['caseworker'] }, 'erase')).toBe(false);
    expect(can({ id: 'a', roles: ['admin'] }, 'erase')).toBe(false);
    expect(can({ id: 'a', roles: ['admin'] }, 'review')).toBe(false);
  });
});

describe('Function: readWorkspaceEnvironment', () => {
  const env = {
    RECORDINGS_BUCKET: 'rec',
    RESULTS_BUCKET: 'res',
    WORKSPACE_SERVER_KEY_ID: 'arn:aws-eusc:kms:eusc-de-east-1:123456789012:key/1',
    WORKSPACE_ROLE_CLAIM: 'groups',
    WORKSPACE_ROLE_GROUPS: '{"sachbearbeitung":"caseworker","x":"superuser"}',
    WORKSPACE_MEDIA_ORIGIN: 'https://rec.s3.eusc-de-east-1.amazonaws.eu',
    ERASE_QUEUE_URL: 'https://sqs.eusc-de-east-1.amazonaws.eu/123456789012/erase',
  };

  it('returns the settings the construct sets, dropping groups mapped to no role', () => {
    const settings = readWorkspaceEnvironment(env);
    expect(settings.roleGroups).toEqual({ sachbearbeitung: 'caseworker' });
    expect(settings.eraseQueueUrl).toBe(env.ERASE_QUEUE_URL);
    expect(settings.serverKeyId).toBe(env.WORKSPACE_SERVER_KEY_ID);
  });

  it('throws naming every missing variable', () => {
    const { ERASE_QUEUE_URL, WORKSPACE_SERVER_KEY_ID, ...rest } = env;
    expect(() => readWorkspaceEnvironment(rest)).toThrow(
      'missing environment: WORKSPACE_SERVER_KEY_ID, ERASE_QUEUE_URL',
    );
  });
});
