import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Size } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge, PACKS } from '../sovereignty/acknowledge';
import { functionEnvironmentKey } from './functionEnvironmentKey';
import type { IsolatedNetwork } from './IsolatedNetwork';
import { lambdaBundling } from './lambdaBundling';

/**
 * Construct context key (set by CallbriefPipeline on itself) that switches X-Ray tracing on for
 * every function below it: one switch for the whole pipeline, without a prop on every construct.
 */
export const TRACING_CONTEXT_KEY = 'callbrief:tracing';

export interface CallbriefFunctionProps {
  readonly description: string;
  /** Absolute path of the handler file; it exports `handler`. */
  readonly entry: string;
  /**
   * Folder holding package-lock.json; esbuild resolves modules from here. Without a lock file
   * there (callbrief installed as a package), CDK finds the app's own above the working folder.
   */
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
  /**
   * Commands run after bundling (files the function reads beside its bundle).
   * @default - none
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
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

  const tracing = scope.node.tryGetContext(TRACING_CONTEXT_KEY) === true;
  const lockFile = join(props.projectRoot, 'package-lock.json');
  const environmentEncryption = functionEnvironmentKey(scope);
  // The execution role decrypts the variables at cold start.
  environmentEncryption.grant(role, 'kms:Decrypt');
  const fn = new NodejsFunction(scope, 'Function', {
    description: props.description,
    entry: props.entry,
    handler: 'handler',
    ...(existsSync(lockFile) ? { projectRoot: props.projectRoot, depsLockFilePath: lockFile } : {}),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memoryMb,
    ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMb ?? 512),
    timeout: Duration.seconds(props.timeoutSeconds),
    ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
    role,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    environment: {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // Errors may quote call content; traces keep their type and place, not their message.
      ...(tracing ? { POWERTOOLS_TRACER_CAPTURE_ERROR: 'false' } : {}),
      ...props.environment,
    },
    ...(tracing ? { tracing: Tracing.ACTIVE } : {}),
    environmentEncryption,
    ...props.network?.functionPlacement,
    bundling: lambdaBundling(props.define, { tracing, afterBundling: props.afterBundling }),
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
  if (tracing) {
    acknowledge(
      role,
      PACKS.awsSolutions,
      ['IAM5[Resource::*]'],
      'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray ' +
        'does not scope to resources: the actions only write trace data of this function.',
    );
  }
  return { fn, role, logGroup };
}
