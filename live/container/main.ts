// The bridge as it runs in the stack (ECS on Fargate behind the TLS load balancer, see
// infra/constructs/live/LiveBridge.ts): real S3 with the task role's credentials, the configured
// providers, settings and secrets from the environment, until ECS sends SIGTERM.
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError } from '../../functions/shared/errors';
import { startLiveBridge } from '../startLiveBridge';
import { readLiveContainerEnvironment } from './containerEnvironment';

// Events and counts only: never call content, ids, keys or links in the log.
const log = (event: string, detail: Record<string, unknown>) => {
  if (event !== 'message') console.log(JSON.stringify({ event, ...detail }));
};

async function main(): Promise<void> {
  const env = readLiveContainerEnvironment();
  const s3 = new S3Client({});
  const live = await startLiveBridge({
    credentials: env.credentials,
    // Inside the task: the load balancer reaches the container on its private address.
    host: '0.0.0.0',
    port: env.port,
    pipeline: env.pipeline,
    s3,
    resultsBucket: env.resultsBucket,
    recordingsBucket: env.recordingsBucket,
    recordingsPrefix: env.recordingsPrefix,
    viewKey: env.viewKey,
    // Without a public address the stored links are paths under the load balancer's.
    publicUrl: env.publicUrl ?? '',
    defaultCaseId: env.defaultCaseId,
    maxUtteranceSeconds: env.maxUtteranceSeconds,
    log,
  });
  log('bridge-started', { port: env.port, keys: env.credentials.length });
  await new Promise<void>((done) => {
    process.once('SIGTERM', () => done());
    process.once('SIGINT', () => done());
  });
  // Genesys reconnects the sessions of a stopped task to another one; the utterance in flight
  // is lost (README, Live mode).
  log('bridge-stopping', { calls: live.calls.size });
  await live.stop();
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : (error as Error).name;
  console.error(JSON.stringify({ event: 'bridge-failed', message }));
  process.exitCode = 1;
});
