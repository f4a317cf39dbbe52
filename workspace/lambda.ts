import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handle } from 'hono/aws-lambda';
import { createS3Client, createSqsClient } from '../functions/adapters/awsClients';
import { createKmsClient, kmsCaseIdMac } from '../functions/adapters/kmsCaseIdMac';
import { S3ObjectStore } from '../functions/adapters/s3ObjectStore';
import { SqsMessageQueue } from '../functions/adapters/sqsMessageQueue';
import { asLog } from '../functions/handlers/asLog';
import { dataClassTags } from '../functions/shared/dataClasses';
import { readEraseEnvironment } from '../functions/shared/erasureEnvironment';
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
  /** Secrets Manager secret with the server key (handles, CSRF tokens), 32+ random bytes. */
  secretArn: string;
  roleClaim: string;
  /** Identity-provider group -> role, e.g. {"sachbearbeitung":"caseworker"}. */
  roleGroups: Record<string, Role>;
  /** The S3 endpoint origin browsers fetch presigned audio from (for the CSP). */
  mediaOrigin: string;
}

export function readWorkspaceEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): WorkspaceEnvironment {
  const missing = [
    'RECORDINGS_BUCKET',
    'RESULTS_BUCKET',
    'WORKSPACE_SECRET_ARN',
    'WORKSPACE_ROLE_CLAIM',
    'WORKSPACE_ROLE_GROUPS',
    'WORKSPACE_MEDIA_ORIGIN',
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
    secretArn: env.WORKSPACE_SECRET_ARN ?? '',
    roleClaim: env.WORKSPACE_ROLE_CLAIM ?? '',
    roleGroups,
    mediaOrigin: env.WORKSPACE_MEDIA_ORIGIN ?? '',
  };
}

type LambdaHandler = ReturnType<typeof handle>;
let built: Promise<LambdaHandler> | undefined;

async function build(): Promise<LambdaHandler> {
  const env = readWorkspaceEnvironment();
  const erase = readEraseEnvironment();
  const secrets = new SecretsManagerClient({});
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: env.secretArn }));
  const key = Buffer.from(secret.SecretString ?? '', 'utf-8');
  const s3 = createS3Client();
  const app = createWorkspaceApp({
    store: new S3ObjectStore(s3, dataClassTags),
    recordingsBucket: env.recordingsBucket,
    resultsBucket: env.resultsBucket,
    identify: identifyFromJwt(env.roleClaim, env.roleGroups),
    secret: key,
    audio: new PresignedAudioLinks(s3, [env.mediaOrigin]),
    log: asLog(new Logger({ serviceName: 'callbrief-workspace' })),
    // Built beside the bundle by the construct's bundling hook (workspace/assets/buildAssets.ts).
    assets: () => assetsFromFolder(join(import.meta.dirname, 'assets')),
    erasure: {
      caseIdMac: kmsCaseIdMac(createKmsClient(), erase.caseIdMacKeyId),
      // The second sweep goes through the erase queue, like a case system's request.
      requeue: (request, delaySeconds) =>
        new SqsMessageQueue(createSqsClient()).send(erase.eraseQueueUrl, request, { delaySeconds }),
      secondSweepDelaySeconds: erase.secondSweepDelaySeconds,
    },
  });
  return handle(app);
}

/** API Gateway HTTP API (payload 2.0) -> the same Hono app as locally. */
export const handler: LambdaHandler = async (event, context) => {
  built ??= build();
  return (await built)(event, context);
};
