import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ACMClient } from '@aws-sdk/client-acm';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EUSC_SERVICES } from '../../../infra/sovereignty/awsServicesInEusc';

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

/**
 * The live bridge's services (infra/constructs/live/LiveBridge.ts). The SDK's endpoint rule
 * sets build a host for any region of a partition, so a resolved endpoint shows the partition's
 * naming, not that the service runs there; the per-region listing is botocore's endpoints.json
 * (ESC-FACTS), which no package here ships. The tests say both.
 */
describe('AWS SDK v3 endpoints of the live bridge services in eusc-de-east-1', () => {
  const SERVICES = [
    { namespace: 'ECS', client: ECSClient, host: 'ecs' },
    {
      namespace: 'ElasticLoadBalancingV2',
      client: ElasticLoadBalancingV2Client,
      host: 'elasticloadbalancing',
    },
    { namespace: 'ECR', client: ECRClient, host: 'api.ecr' },
    { namespace: 'ApiGatewayV2', client: ApiGatewayV2Client, host: 'apigateway' },
    { namespace: 'CertificateManager', client: ACMClient, host: 'acm' },
  ] as const;
  const resolve = (Client: (typeof SERVICES)[number]['client'], region: string) =>
    // Each client's parameters differ (ACM adds ServiceType); these three are common to all.
    new Client({ ...base, region }).config.endpointProvider({
      Region: region,
      UseFIPS: false,
      UseDualStack: false,
    } as never).url.hostname;

  it.each(SERVICES)(
    '$namespace resolves to $host.eusc-de-east-1.amazonaws.eu',
    ({ client, host }) => {
      expect(resolve(client, REGION)).toBe(`${host}.${REGION}.amazonaws.eu`);
    },
  );

  it.each(SERVICES)('$namespace is in the service table as available', ({ namespace }) => {
    expect(EUSC_SERVICES[namespace]?.availability).toBe('available');
  });

  it('resolves a region that does not exist just as well: the rule sets show a pattern only', () => {
    // Act
    const hosts = SERVICES.map(({ client }) => resolve(client, 'eusc-de-west-9'));

    // Assess
    expect(hosts).toEqual(SERVICES.map(({ host }) => `${host}.eusc-de-west-9.amazonaws.eu`));
  });

  it("lists eusc-de-east-1 as the partition's only region in the SDK's partition data", () => {
    // Prepare: @aws-sdk/core ships the partitions table every client resolves against.
    const require = createRequire(import.meta.url);
    const core = dirname(require.resolve('@aws-sdk/core/package.json'));
    const file = join(core, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');

    // Act
    const text = readFileSync(file, 'utf8');
    const eusc = text.slice(text.indexOf('"id": "aws-eusc"'), text.indexOf('"id": "aws-iso"'));

    // Assess
    expect(eusc).toContain('"dnsSuffix": "amazonaws.eu"');
    expect([...eusc.matchAll(/"(eusc-[a-z]+-[a-z]+-\d+)": \{/g)].map((m) => m[1])).toEqual([
      'eusc-de-east-1',
    ]);
  });

  it("has a branch of ECR's rule set written for the aws-eusc partition by name", () => {
    const require = createRequire(import.meta.url);
    const ecr = dirname(require.resolve('@aws-sdk/client-ecr/package.json'));

    const ruleSet = readFileSync(join(ecr, 'dist-es/endpoint/bdd.js'), 'utf8');

    expect(ruleSet).toContain('"aws-eusc"');
  });
});
