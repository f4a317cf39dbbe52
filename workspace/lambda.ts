import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { handle } from 'hono/aws-lambda';
import { createS3Client, createSqsClient } from '../functions/adapters/awsClients';
import { S3ObjectStore } from '../functions/adapters/s3ObjectStore';
import { SqsMessageQueue } from '../functions/adapters/sqsMessageQueue';
import { asLog } from '../functions/handlers/asLog';
import { dataClassTags } from '../functions/shared/dataClasses';
import { ERASURE_ENV } from '../functions/shared/erasureEnvironment';
import { ConfigurationError } from '../functions/shared/errors';
import { createWorkspaceApp } from './app';
import { assetsFromFolder } from './assets/workspaceAssets';
import { PresignedAudioLinks } from './audio/presignedAudioLinks';
import { parseRoles, type Role } from './auth/roles';
import { identifyFromJwt } from './lambdaIdentity';

/** The environment the workspace construct sets; checked once at cold start. */
export interface WorkspaceEnvironment {
  recordingsBucket: string;
  resultsBucket: string;
  /** KMS HMAC key the server secret (handles, CSRF tokens) is derived with at cold start. */
  serverKeyId: string;
  roleClaim: string;
  /** Identity-provider group -> role, e.g. {"sachbearbeitung":"caseworker"}. */
  roleGroups: Record<string, Role>;
  /** The S3 endpoint origin browsers fetch presigned audio from (for the CSP). */
  mediaOrigin: string;
  /** The erase queue: the DPO's erasure requests go there, to the erase function. */
  eraseQueueUrl: string;
  /** The origin browsers show (the authenticating proxy's), for the CSRF origin check. */
  origin?: string;
}

export function readWorkspaceEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): WorkspaceEnvironment {
  const missing = [
    'RECORDINGS_BUCKET',
    'RESULTS_BUCKET',
    'WORKSPACE_SERVER_KEY_ID',
    'WORKSPACE_ROLE_CLAIM',
    'WORKSPACE_ROLE_GROUPS',
    'WORKSPACE_MEDIA_ORIGIN',
    ERASURE_ENV.eraseQueueUrl,
  ].filter((name) => !env[name]);
  if (missing.length > 0)
    throw new ConfigurationError(`missing environment: ${missing.join(', ')}`);
  const groups = JSON.parse(env.WORKSPACE_ROLE_GROUPS ?? '{}') as Record<string, string>;
  const roleGroups = Object.fromEntries(
    Object.entries(groups).filter(([, role]) => parseRoles([role]).length === 1),
  ) as Record<string, Role>;
  return {
    recordingsBucket: env.RECORDINGS_BUCKET ?? '',
    resultsBucket: env.RESULTS_BUCKET ?? '',
    serverKeyId: env.WORKSPACE_SERVER_KEY_ID ?? '',
    roleClaim: env.WORKSPACE_ROLE_CLAIM ?? '',
    roleGroups,
    mediaOrigin: env.WORKSPACE_MEDIA_ORIGIN ?? '',
    eraseQueueUrl: env[ERASURE_ENV.eraseQueueUrl] ?? '',
    ...(env.WORKSPACE_ORIGIN ? { origin: env.WORKSPACE_ORIGIN } : {}),
  };
}

type LambdaHandler = ReturnType<typeof handle>;
let built: Promise<LambdaHandler> | undefined;

async function build(): Promise<LambdaHandler> {
  const env = readWorkspaceEnvironment();
  // The same 32 bytes in every instance, and never stored anywhere: HMAC under the KMS key.
  const derived = await new KMSClient({}).send(
    new GenerateMacCommand({
      KeyId: env.serverKeyId,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: new TextEncoder().encode('callbrief-workspace-server-key'),
    }),
  );
  if (!derived.Mac) throw new ConfigurationError('KMS GenerateMac returned no MAC');
  const key = Buffer.from(derived.Mac);
  const s3 = createS3Client();
  const queue = new SqsMessageQueue(createSqsClient());
  const app = createWorkspaceApp({
    store: new S3ObjectStore(s3, dataClassTags),
    recordingsBucket: env.recordingsBucket,
    resultsBucket: env.resultsBucket,
    identify: identifyFromJwt(env.roleClaim, env.roleGroups),
    ...(env.origin ? { origin: env.origin } : {}),
    secret: key,
    audio: new PresignedAudioLinks(s3, [env.mediaOrigin]),
    log: asLog(new Logger({ serviceName: 'callbrief-workspace' })),
    // Built beside the bundle by the construct's bundling hook (workspace/assets/buildAssets.ts).
    assets: () => assetsFromFolder(join(import.meta.dirname, 'assets')),
    // Like a case system's request: only the erase function deletes and writes receipts.
    requestErasure: (request) => queue.send(env.eraseQueueUrl, request),
  });
  return handle(app);
}

/** API Gateway HTTP API (payload 2.0) -> the same Hono app as locally. */
export const handler: LambdaHandler = async (event, context) => {
  built ??= build();
  return (await built)(event, context);
};
