import { Stack } from 'aws-cdk-lib';
import { type CfnRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';

/**
 * Role for aws-cdk-lib's S3 notifications handler (a stack-wide singleton Lambda; pass it as
 * the bucket's `notificationsHandlerRole`). CDK attaches AWSLambdaBasicExecutionRole to it as
 * `arn:${AWS::Partition}:...`; we render that ARN with the literal partition like every other
 * ARN of the stack, so the template can be checked for `arn:aws-eusc:` alone.
 */
export class NotificationsHandlerRole extends Role {
  constructor(scope: Construct, id: string) {
    super(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const basicExecution = Stack.of(this).formatArn({
      service: 'iam',
      region: '',
      account: 'aws',
      resource: 'policy',
      resourceName: 'service-role/AWSLambdaBasicExecutionRole',
    });
    (this.node.defaultChild as CfnRole).addPropertyOverride('ManagedPolicyArns', [basicExecution]);
    // cdk-nag reads the policy before the override, hence <AWS::Partition> in the finding.
    acknowledge(
      this,
      PACKS.awsSolutions,
      [
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ],
      'AWSLambdaBasicExecutionRole is attached by aws-cdk-lib to its S3 notifications handler, a ' +
        'deploy-time helper that sets the recordings bucket notification; the template renders ' +
        'the ARN with the literal partition (arn:aws-eusc:iam::aws:policy/...).',
    );
  }
}
