import { Duration, Size } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';
import { functionEnvironmentKey } from './functionEnvironmentKey';
import type { IsolatedNetwork } from './IsolatedNetwork';
import { lambdaBundling } from './lambdaBundling';

export interface CallbriefFunctionProps {
  readonly description: string;
  /** Absolute path of the handler file; it exports `handler`. */
  readonly entry: string;
  /** Folder holding package-lock.json; esbuild resolves modules from here. */
  readonly projectRoot: string;
  readonly memoryMb: number;
  /** @default 512 */
  readonly ephemeralStorageMb?: number;
  readonly timeoutSeconds: number;
  /**
   * Lambda's retries of an asynchronous invocation.
   * @default - Lambda's default
   */
  readonly retryAttempts?: number;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  readonly environment: Record<string, string>;
  /**
   * Build-time constants for esbuild, e.g. the configured providers (infra/providerBundling.ts).
   * @default - none
   */
  readonly define?: Record<string, string>;
  /**
   * Runs the function in the isolated subnets of strict network mode.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

export interface CallbriefFunction {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
}

/**
 * A Node.js 24 arm64 function with its own encrypted log group and its own role, bundled like
 * every callbrief function. Creates `Logs`, `Role` and `Function` directly in `scope`, so the
 * logical ids of existing functions stay as they were.
 */
export function addCallbriefFunction(
  scope: Construct,
  props: CallbriefFunctionProps,
): CallbriefFunction {
  const logGroup = new LogGroup(scope, 'Logs', {
    retention: props.logRetention,
    encryptionKey: props.logsKey,
  });

  // Own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every
  // log group, and CDK renders its ARN with Ref AWS::Partition instead of the literal.
  const role = new Role(scope, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
  });
  logGroup.grantWrite(role);
  props.network?.grantNetworkInterfaces(role);

  const environmentEncryption = functionEnvironmentKey(scope);
  // The execution role decrypts the variables at cold start.
  environmentEncryption.grant(role, 'kms:Decrypt');
  const fn = new NodejsFunction(scope, 'Function', {
    description: props.description,
    entry: props.entry,
    handler: 'handler',
    projectRoot: props.projectRoot,
    depsLockFilePath: `${props.projectRoot}/package-lock.json`,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memoryMb,
    ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMb ?? 512),
    timeout: Duration.seconds(props.timeoutSeconds),
    ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
    role,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    environment: props.environment,
    environmentEncryption,
    ...props.network?.functionPlacement,
    bundling: lambdaBundling(props.define),
  });

  if (!props.network) {
    acknowledge(
      fn,
      PACKS.nist,
      ['LambdaInsideVPC'],
      'Strict network mode (context strictNetwork=true) is off: the configured AI providers are ' +
        'reached over the internet, which isolated subnets cannot. With strict mode the function ' +
        'runs in a VPC without internet access and this acknowledgement is not made.',
    );
  }
  acknowledge(
    role,
    PACKS.nist,
    ['IAMNoInlinePolicy'],
    "The role's only policy is the inline default policy that CDK grant methods write, one " +
      'statement per grant on named resources of this stack. The role belongs to this one ' +
      'function, so a managed policy would be shared by nothing.',
  );
  return { fn, role, logGroup };
}
