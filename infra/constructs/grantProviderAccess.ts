import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { PipelineConfig } from '../../functions/shared/pipelineConfig';

type ProviderConfig =
  | PipelineConfig['speechToText']
  | PipelineConfig['translation']
  | PipelineConfig['summarization'];

/**
 * Grants a stage exactly what its configured AI provider needs inside the partition: its API
 * key secret, its SageMaker endpoint or its Bedrock model. ARNs come from the stack's partition.
 */
export function grantProviderAccess(
  scope: Construct,
  id: string,
  grantee: IGrantable,
  provider: ProviderConfig,
): void {
  const stack = Stack.of(scope);
  if ('apiKeySecretId' in provider && provider.apiKeySecretId) {
    const secretId = provider.apiKeySecretId;
    const secret = secretId.startsWith('arn:')
      ? Secret.fromSecretCompleteArn(scope, `${id}ApiKey`, secretId)
      : Secret.fromSecretNameV2(scope, `${id}ApiKey`, secretId);
    secret.grantRead(grantee);
  }
  if (provider.type === 'sagemaker') {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [
          stack.formatArn({
            service: 'sagemaker',
            resource: 'endpoint',
            resourceName: provider.endpointName.toLowerCase(),
          }),
        ],
      }),
    );
  }
  if (provider.type === 'bedrock') {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        // The Converse API is authorised as InvokeModel on the model.
        actions: ['bedrock:InvokeModel'],
        resources: [
          stack.formatArn({
            service: 'bedrock',
            account: '',
            resource: 'foundation-model',
            resourceName: provider.modelId,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
}
