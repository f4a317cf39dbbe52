import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ERASURE_ENV } from '../../../functions/shared/erasureEnvironment';
import { STAGE_ENV } from '../../../functions/shared/stageEnvironment';
import { acknowledge, nagArnOf, PACKS } from '../../sovereignty/acknowledge';
import { addCallbriefFunction } from '../callbriefFunction';
import type { EncryptedBucket } from '../EncryptedBucket';
import type { IsolatedNetwork } from '../IsolatedNetwork';
import {
  validateWorkspaceAuth,
  type WorkspaceAuth,
  workspaceAuthEnvironment,
} from './workspaceAuth';

export interface WorkspaceApiProps {
  /** Absolute path of workspace/lambda.ts. */
  readonly entry: string;
  readonly projectRoot: string;
  readonly recordings: EncryptedBucket;
  readonly results: EncryptedBucket;
  /** Recordings lie under it; the workspace signs audio links only there. */
  readonly recordingsPrefix: string;
  /** The erase queue and its key: the data-protection officer's requests go there. */
  readonly eraseQueue: IQueue;
  readonly queueKey: IKey;
  readonly logsKey: IKey;
  readonly logRetention: RetentionDays;
  /** The OpenID Connect issuer, audience and the claim roles come from. */
  readonly auth: WorkspaceAuth;
  /**
   * Requests per second over the whole API, and the burst above it.
   * @default - 50 per second, bursts of 100
   */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Strict network mode: run the function in its isolated subnets.
   * @default - no VPC
   */
  readonly network?: IsolatedNetwork;
}

/** Case pages read a case's documents one by one; a 2-hour call is a handful of GETs. */
const TIMEOUT_SECONDS = 29;

/**
 * The case-worker workspace in the partition: an API Gateway HTTP API whose every route needs a
 * JWT from the authority's OpenID Connect provider (no unauthenticated route, no CloudFront,
 * which aws-eusc lacks), in front of one function running the same Hono app as
 * `npm run workspace` (workspace/lambda.ts). The stage writes an access log (no query strings,
 * no bodies) into a KMS-encrypted log group with bounded retention and is throttled. The
 * function may read case documents and recordings (it signs the audio links with its own role),
 * write review records and the access log under each case, and send erasure requests to the
 * erase queue; it deletes nothing itself.
 */
export class WorkspaceApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly accessLog: LogGroup;
  /** The KMS HMAC key the server secret (handles, CSRF and audio tokens) is derived with. */
  readonly serverKey: Key;

  constructor(scope: Construct, id: string, props: WorkspaceApiProps) {
    super(scope, id);
    validateWorkspaceAuth(props.auth, this.node.path);
    const { recordings, results } = props;
    // The app's server secret is an HMAC under this key, computed at cold start: no secret to
    // store or rotate, and the key material never leaves KMS. Not retained: a new key only ends
    // open sessions and pages' links.
    this.serverKey = new Key(this, 'ServerKey', {
      description: 'callbrief workspace: derives the key of case handles and CSRF tokens',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const worker = addCallbriefFunction(this, {
      description: 'callbrief workspace: case list, case and contact pages, review, erasure',
      entry: props.entry,
      projectRoot: props.projectRoot,
      memoryMb: 1024,
      timeoutSeconds: TIMEOUT_SECONDS,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      network: props.network,
      environment: {
        [STAGE_ENV.recordingsBucket]: recordings.bucket.bucketName,
        [STAGE_ENV.resultsBucket]: results.bucket.bucketName,
        [ERASURE_ENV.eraseQueueUrl]: props.eraseQueue.queueUrl,
        WORKSPACE_SERVER_KEY_ID: this.serverKey.keyArn,
        WORKSPACE_MEDIA_ORIGIN: `https://${recordings.bucket.bucketRegionalDomainName}`,
        ...workspaceAuthEnvironment(props.auth),
      },
      // Stylesheet, script and fonts built beside the bundle: a cold start only reads them.
      afterBundling: (inputDir, outputDir) => [
        `node --import tsx "${inputDir}/workspace/assets/buildAssets.ts" "${outputDir}/assets"`,
      ],
    });
    this.fn = worker.fn;
    this.role = worker.role;
    this.grantWorkspaceAccess(props);
    this.serverKey.grant(this.role, 'kms:GenerateMac');
    acknowledge(
      this.fn,
      PACKS.nist,
      ['LambdaConcurrency'],
      "The stage's throttling (requests per second and burst) bounds how many requests run at " +
        'once; reserved concurrency would take capacity from the pipeline stages in the same ' +
        'account without bounding anything further.',
    );
    acknowledge(
      this.fn,
      PACKS.nist,
      ['LambdaDLQ'],
      'Invoked synchronously by API Gateway, never asynchronously, so a dead-letter queue would ' +
        'never receive anything: a failed request is answered with an error page.',
    );

    this.accessLog = new LogGroup(this, 'AccessLog', {
      retention: props.logRetention,
      encryptionKey: props.logsKey,
    });
    const issuer = props.auth.issuer;
    const authorizer = new HttpJwtAuthorizer('Oidc', issuer, {
      jwtAudience: [...props.auth.audience],
    });
    this.api = new HttpApi(this, 'Api', {
      description: 'callbrief case-worker workspace',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    const integration = new HttpLambdaIntegration('App', this.fn);
    // The app's own router decides the rest; both routes need the token.
    for (const path of ['/', '/{proxy+}']) {
      this.api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration });
    }
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      // Who (the token's sub), when, which route and status: no path (it holds case handles),
      // no query string, no body.
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLog),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            user: '$context.authorizer.claims.sub',
            method: '$context.httpMethod',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            error: '$context.authorizer.error',
          }),
        ),
      },
    });
    new CfnOutput(this, 'Url', {
      description: 'The workspace (a bearer token from the OIDC provider is needed)',
      value: this.api.apiEndpoint,
    });
  }

  /** Exactly what the app reads and writes (workspace/data/, functions/core/review/). */
  private grantWorkspaceAccess(props: WorkspaceApiProps): void {
    const { recordings, results } = props;
    const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources, conditions }));
    const objects = (bucket: EncryptedBucket, keys: readonly string[]) =>
      keys.map((key) => bucket.bucket.arnForObjects(key));
    allow(['s3:GetObject'], objects(results, WORKSPACE_READS));
    allow(['s3:PutObject', 's3:PutObjectTagging'], objects(results, WORKSPACE_WRITES));
    // The case list and the access-log page list versions under cases/.
    allow(['s3:ListBucket', 's3:ListBucketVersions'], [results.bucket.bucketArn], {
      StringLike: { 's3:prefix': ['cases/*'] },
    });
    results.key.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    // Presigned audio links are signed by this role: it must itself be able to read them.
    const recordingObjects = `${props.recordingsPrefix}*`;
    allow(['s3:GetObject', 's3:GetObjectVersion'], objects(recordings, [recordingObjects]));
    recordings.key.grant(this.role, 'kms:Decrypt');
    // Erasure requests only: the erase function deletes and writes the receipt.
    allow(['sqs:SendMessage'], [props.eraseQueue.queueArn]);
    props.queueKey.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');
    acknowledge(
      this.role,
      PACKS.awsSolutions,
      [
        ...[...new Set([...WORKSPACE_READS, ...WORKSPACE_WRITES])].map(
          (key) => `IAM5[Resource::${nagArnOf(results.bucket)}/${key}]`,
        ),
        `IAM5[Resource::${nagArnOf(recordings.bucket)}/${recordingObjects}]`,
      ],
      'Object keys contain the case and contact ids, unknown at deploy time: the workspace reads ' +
        'case documents under cases/ and recordings only under the recordings prefix (to sign ' +
        'audio links), and writes only review records, corrections, the case roll-up and ' +
        'access-log entries.',
    );
  }
}

/** What the pages read: every document under a case (roll-up, artifacts, review, access log). */
export const WORKSPACE_READS = ['cases/*'] as const;
/** Review (functions/core/review/reviewSummary.ts) and the access log (workspace/data/accessLog.ts). */
export const WORKSPACE_WRITES = [
  'cases/*/contacts/*/review.json',
  'cases/*/contacts/*/summary.corrected.json',
  'cases/*/case.json',
  'cases/*/access-log/*',
] as const;
