// The unavoidable weight of a function: a bare handler making the same AWS SDK calls (the S3
// calls of the object store adapter, KMS GenerateMac for the case-id MAC of the erasure guard,
// and SQS, Secrets Manager, SageMaker or Bedrock where the function or its configured
// providers call them) with no pipeline logic. Each function's
// bundle is compared against its own reference.
import type { StageName } from '../functions/shared/documents';
import type { PipelineConfig } from '../functions/shared/pipelineConfig';

export type FunctionName = StageName | 'erase' | 'review' | 'reconcile';

type ProviderConfig =
  | PipelineConfig['speechToText']
  | PipelineConfig['translation']
  | PipelineConfig['summarization'];

export interface SdkCalls {
  /** SQS-fed functions use middy with partial batch failures; the scheduled one does not. */
  sqsEventSource: boolean;
  sqsSend: boolean;
  /** ListObjectsV2, besides the object store's calls. */
  s3List: boolean;
  /** GenerateMac: the stages check the erasure marker, erase and review key it by case. */
  kmsMac: boolean;
  secretsManager: boolean;
  sagemaker: boolean;
  bedrock: boolean;
}

function providersOf(fn: FunctionName, pipeline: PipelineConfig): ProviderConfig[] {
  if (fn === 'transcribe') return [pipeline.speechToText];
  if (fn === 'translate') return [pipeline.translation];
  // Summarize also translates the finished summary.
  if (fn === 'summarize') return [pipeline.summarization, pipeline.translation];
  return [];
}

/** The AWS SDK calls a function makes, with the configured providers. */
export function sdkCallsOf(fn: FunctionName, pipeline: PipelineConfig): SdkCalls {
  const providers = providersOf(fn, pipeline);
  return {
    sqsEventSource: fn !== 'reconcile',
    sqsSend: fn !== 'erase' && fn !== 'review',
    s3List: fn === 'reconcile',
    kmsMac: fn !== 'reconcile',
    secretsManager: providers.some((p) => 'apiKeySecretId' in p && Boolean(p.apiKeySecretId)),
    sagemaker: providers.some((p) => p.type === 'sagemaker'),
    bedrock: providers.some((p) => p.type === 'bedrock'),
  };
}

export function describeCalls(calls: SdkCalls): string {
  return [
    'S3',
    calls.sqsSend && 'SQS',
    calls.kmsMac && 'KMS',
    calls.secretsManager && 'Secrets Manager',
    calls.sagemaker && 'SageMaker runtime',
    calls.bedrock && 'Bedrock runtime',
  ]
    .filter(Boolean)
    .join(', ');
}

/** Source of the reference handler for a set of SDK calls. */
export function referenceHandlerSource(calls: SdkCalls): string {
  const imports = [
    "import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';",
  ];
  const body = [
    "await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: key }));",
    "const object = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: key }));",
    "await s3.send(new PutObjectCommand({ Bucket: 'b', Key: key, Body: await object.Body?.transformToString(), IfNoneMatch: '*' }));",
    "await s3.send(new ListObjectVersionsCommand({ Bucket: 'b', Prefix: key }));",
    "await s3.send(new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [{ Key: key }] } }));",
  ];
  if (calls.s3List)
    body.push("await s3.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: key }));");
  if (calls.sqsSend) {
    imports.push("import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';");
    body.push(
      "await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: key }));",
    );
  }
  if (calls.kmsMac) {
    imports.push("import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';");
    body.push(
      "await new KMSClient({}).send(new GenerateMacCommand({ KeyId: 'k', MacAlgorithm: 'HMAC_SHA_256', Message: new Uint8Array() }));",
    );
  }
  if (calls.secretsManager) {
    imports.push(
      "import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
    );
    body.push(
      "await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: 's' }));",
    );
  }
  if (calls.sagemaker) {
    imports.push(
      "import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';",
    );
    body.push(
      "await new SageMakerRuntimeClient({}).send(new InvokeEndpointCommand({ EndpointName: 'e', Body: new Uint8Array() }));",
    );
  }
  if (calls.bedrock) {
    imports.push(
      "import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';",
    );
    body.push(
      "await new BedrockRuntimeClient({}).send(new ConverseCommand({ modelId: 'm', messages: [] }));",
    );
  }
  const work = `async (key) => {\n  ${body.join('\n  ')}\n}`;
  if (!calls.sqsEventSource) {
    return `${imports.join('\n')}\nconst s3 = new S3Client({});\nconst work = ${work};\nexport const handler = async () => work('k');\n`;
  }
  imports.push("import middy from '@middy/core';");
  imports.push("import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';");
  return `${imports.join('\n')}
const s3 = new S3Client({});
const work = ${work};
export const handler = middy()
  .use(sqsPartialBatchFailure())
  .handler(async (event) => Promise.allSettled(event.Records.map((record) => work(record.body))));
`;
}
