import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type FakeServer, jsonBody, startFakeServer } from '../contract/support/fakeServer';

/**
 * A Secrets Manager stand-in on 127.0.0.1 speaking the service's JSON 1.1 protocol for
 * GetSecretValue (X-Amz-Target: secretsmanager.GetSecretValue), so the real SDK client and
 * Powertools Parameters run over real HTTP. `secrets` may be changed to simulate a rotation.
 */
export interface FakeSecretsManager {
  server: FakeServer;
  secrets: Map<string, string>;
  /** The next call answers this AWS error (e.g. ThrottlingException) instead. */
  failNext(type: string): void;
  /** How many GetSecretValue calls were answered. */
  reads(): number;
  client(): SecretsManagerClient;
  close(): Promise<void>;
}

export async function startFakeSecretsManager(
  initial: Record<string, string>,
): Promise<FakeSecretsManager> {
  const secrets = new Map(Object.entries(initial));
  let version = 0;
  const failures: string[] = [];
  const server = await startFakeServer((request) => {
    const failure = failures.shift();
    if (failure) {
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: { __type: failure, message: 'injected' },
      };
    }
    const target = request.headers['x-amz-target'];
    if (target !== 'secretsmanager.GetSecretValue') {
      return { status: 400, body: { __type: 'InvalidRequestException', message: 'unsupported' } };
    }
    const { SecretId } = jsonBody(request) as { SecretId: string };
    const value = secrets.get(SecretId);
    if (value === undefined) {
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: { __type: 'ResourceNotFoundException', message: 'not found' },
      };
    }
    version++;
    return {
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: {
        ARN: `arn:aws-eusc:secretsmanager:eusc-de-east-1:123456789012:secret:${SecretId}`,
        Name: SecretId,
        SecretString: value,
        VersionId: `v${version}`,
      },
    };
  });
  return {
    server,
    secrets,
    failNext: (type) => failures.push(type),
    reads: () => server.requests.length,
    client: () =>
      new SecretsManagerClient({
        region: 'eusc-de-east-1',
        endpoint: server.origin,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
    close: () => server.close(),
  };
}
