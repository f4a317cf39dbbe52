import { InterfaceVpcEndpointAwsService } from 'aws-cdk-lib/aws-ec2';
import { ConfigurationError } from '../functions/shared/errors';
import type { PipelineConfig } from '../functions/shared/pipelineConfig';
import { providerKind } from './providerKinds';

/**
 * What strict network mode (context `strictNetwork`) needs from the pipeline config: which
 * AWS APIs the functions must reach through interface endpoints, and that no provider needs
 * the internet, which isolated subnets do not have.
 */

const CAPABILITIES = ['speechToText', 'translation', 'summarization'] as const;

export interface InterfaceEndpoint {
  /** Construct id of the endpoint. */
  readonly id: string;
  readonly service: InterfaceVpcEndpointAwsService;
}

/** Every function reads and writes queues; SQS and S3 use KMS keys; logs go to CloudWatch. */
const ALWAYS: readonly InterfaceEndpoint[] = [
  { id: 'Sqs', service: InterfaceVpcEndpointAwsService.SQS },
  { id: 'Kms', service: InterfaceVpcEndpointAwsService.KMS },
  { id: 'Logs', service: InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS },
];

/** Interface endpoints for the pipeline config; S3 gets a gateway endpoint instead. */
export function interfaceEndpointsFor(pipeline: PipelineConfig): InterfaceEndpoint[] {
  const providers = CAPABILITIES.map((capability) => pipeline[capability]);
  const types = new Set(providers.map((provider) => provider.type));
  const endpoints = [...ALWAYS];
  if (providers.some((provider) => 'apiKeySecretId' in provider && provider.apiKeySecretId)) {
    endpoints.push({
      id: 'SecretsManager',
      service: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    });
  }
  if (types.has('sagemaker')) {
    endpoints.push({
      id: 'SageMakerRuntime',
      service: InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME,
    });
  }
  if (types.has('bedrock')) {
    endpoints.push({
      id: 'BedrockRuntime',
      service: InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
    });
  }
  return endpoints;
}

/** Settings that select a provider reached over the internet, e.g. `translation.type = "deepl"`. */
export function httpProviderSettings(pipeline: PipelineConfig): string[] {
  return CAPABILITIES.flatMap((capability) => {
    const provider = pipeline[capability];
    if (providerKind(provider.type) !== 'http') return [];
    const url = 'baseUrl' in provider && provider.baseUrl ? ` (${provider.baseUrl})` : '';
    return [`${capability}.type = "${provider.type}"${url}`];
  });
}

/** Refuses HTTP providers: from isolated subnets there is no route to them. */
export function assertStrictNetworkProviders(pipeline: PipelineConfig, path: string): void {
  const settings = httpProviderSettings(pipeline);
  if (settings.length === 0) return;
  throw new ConfigurationError(
    `[callbrief:StrictNetwork] context "strictNetwork" is true, so every function runs in ` +
      `isolated subnets without a NAT or internet gateway, but ${path} selects providers that ` +
      `are reached over the internet: ${settings.join(', ')}. They would be unreachable. ` +
      'Fix: use speechToText.type "sagemaker" and translation/summarization.type "bedrock" ' +
      '(reached through VPC interface endpoints, see config/examples/in-partition.json); or ' +
      'put a proxy endpoint for the provider inside the VPC (e.g. a PrivateLink endpoint ' +
      'service) and add it to the stack first; or set -c strictNetwork=false.',
  );
}
