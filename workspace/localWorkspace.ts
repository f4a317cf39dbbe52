import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createS3Client } from '../functions/adapters/awsClients';
import { S3ObjectStore } from '../functions/adapters/s3ObjectStore';
import type { Log } from '../functions/core/stageContext';
import { dataClassTags } from '../functions/shared/dataClasses';
import { startS3StandIn } from '../local/s3StandIn';
import { createWorkspaceApp } from './app';
import { assetsFromWorkspaceSources } from './assets/sourceAssets';
import type { User } from './auth/roles';
import { LocalErasure } from './localErasure';

export interface LocalWorkspaceOptions {
  stateDir: string;
  /** @default 0 (any free port) */
  port?: number;
  user: User;
  log?: Log;
}

export interface LocalWorkspace {
  url: string;
  stop(): Promise<void>;
}

const quiet: Log = { info() {}, warn() {}, error() {} };

/**
 * The workspace on one machine: the S3 stand-in over the state folder of earlier `npm start`
 * runs, and the Hono app on 127.0.0.1 only, for one local user without a login.
 */
export async function startLocalWorkspace(options: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const standIn = await startS3StandIn(
    ['callbrief-recordings', 'callbrief-results'],
    options.stateDir,
  );
  const s3 = createS3Client({
    region: 'eusc-de-east-1',
    s3Endpoint: standIn.endpoint,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const store = new S3ObjectStore(s3, dataClassTags);
  const log = options.log ?? quiet;
  const buckets = { recordingsBucket: 'callbrief-recordings', resultsBucket: 'callbrief-results' };
  const erasure = await LocalErasure.open(options.stateDir, {
    store,
    ...buckets,
    log,
    now: () => new Date(),
  });
  const app = createWorkspaceApp({
    assets: assetsFromWorkspaceSources,
    store,
    ...buckets,
    identify: () => options.user,
    // A fresh key per run: handles and links of an earlier run stop working, as they should.
    secret: randomBytes(32),
    log,
    erasure: erasure.settings,
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await erasure.finish();
      s3.destroy();
      await standIn.stop();
    },
  };
}
