import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';

const REGION = 'eusc-de-east-1';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
/** Pinned, so AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT in the environment cannot change the result. */
const base = { region: REGION, credentials, useFipsEndpoint: false, useDualstackEndpoint: false };

/** Stops a request after endpoint resolution and serialization, before signing or sending. */
class Captured extends Error {
  constructor(readonly url: URL) {
    super(`captured ${url.href}`);
  }
}

/** What the clients have in common here (method syntax: parameters compare bivariantly). */
interface AnyClient {
  middlewareStack: { add(middleware: never, options: never): void };
  send(command: never): Promise<unknown>;
}

/** The URL the client would call, resolved without any network access. */
async function requestUrl(client: AnyClient, command: unknown): Promise<URL> {
  const capture =
    () => async (args: { request: { protocol: string; hostname: string; path: string } }) => {
      const { protocol, hostname, path } = args.request;
      throw new Captured(new URL(`${protocol}//${hostname}${path}`));
    };
  client.middlewareStack.add(
    capture as never,
    { step: 'build', name: 'captureRequestUrl', priority: 'low' } as never,
  );
  try {
    await client.send(command as never);
  } catch (error) {
    if (error instanceof Captured) return error.url;
    throw error;
  }
  throw new Error('the request was not captured');
}

describe('AWS SDK v3 endpoints in eusc-de-east-1', () => {
  it('S3 resolves to s3.eusc-de-east-1.amazonaws.eu (virtual-hosted bucket)', async () => {
    // Act
    const url = await requestUrl(
      new S3Client(base),
      new GetObjectCommand({ Bucket: 'recordings', Key: 'recordings/a.wav' }),
    );

    // Assess
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('recordings.s3.eusc-de-east-1.amazonaws.eu');
  });

  it('SQS resolves to sqs.eusc-de-east-1.amazonaws.eu', async () => {
    const url = await requestUrl(
      new SQSClient(base),
      new SendMessageCommand({
        QueueUrl: 'https://sqs.eusc-de-east-1.amazonaws.eu/123456789012/ingest',
        MessageBody: '{}',
      }),
    );

    expect(url.hostname).toBe('sqs.eusc-de-east-1.amazonaws.eu');
  });

  it('KMS resolves to kms.eusc-de-east-1.amazonaws.eu', async () => {
    const url = await requestUrl(
      new KMSClient(base),
      new DecryptCommand({ CiphertextBlob: new Uint8Array([1, 2, 3]) }),
    );

    expect(url.hostname).toBe('kms.eusc-de-east-1.amazonaws.eu');
  });

  it('Secrets Manager resolves to secretsmanager.eusc-de-east-1.amazonaws.eu', async () => {
    const url = await requestUrl(
      new SecretsManagerClient(base),
      new GetSecretValueCommand({ SecretId: 'deepl-api-key' }),
    );

    expect(url.hostname).toBe('secretsmanager.eusc-de-east-1.amazonaws.eu');
  });

  it('the AI runtimes (SageMaker, Bedrock) resolve inside the partition too', async () => {
    const sagemaker = await requestUrl(
      new SageMakerRuntimeClient(base),
      new InvokeEndpointCommand({ EndpointName: 'whisper', Body: new Uint8Array([1]) }),
    );
    const bedrock = await requestUrl(
      new BedrockRuntimeClient(base),
      new ConverseCommand({ modelId: 'model', messages: [] }),
    );

    expect(sagemaker.hostname).toBe('runtime.sagemaker.eusc-de-east-1.amazonaws.eu');
    expect(bedrock.hostname).toBe('bedrock-runtime.eusc-de-east-1.amazonaws.eu');
  });

  it('resolves the endpoint provider directly, FIPS and dual-stack off, to amazonaws.eu', async () => {
    // The endpoint rule set alone, as a second opinion on the middleware capture.
    const client = new SQSClient(base);
    const endpoint = client.config.endpointProvider({
      Region: REGION,
      UseFIPS: false,
      UseDualStack: false,
    });

    expect(endpoint.url.hostname).toBe('sqs.eusc-de-east-1.amazonaws.eu');
  });
});
