import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../functions/shared/documents';
import { type OnpremEnv, readOnpremEnv } from '../../onprem/onpremEnv';
import { holdOnpremLock, ONPREM_ENV_FILE, onpremTestsRun } from './onpremAvailable';

const ENV_FILE = ONPREM_ENV_FILE;

const client = (env: OnpremEnv, id: string, secret: string) =>
  new S3Client({
    endpoint: env.s3Endpoint,
    region: env.region,
    forcePathStyle: true,
    credentials: { accessKeyId: id, secretAccessKey: secret },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

describe.runIf(onpremTestsRun('on-premises service tests'))(
  'Service: npm run serve on Ceph RGW and RabbitMQ',
  () => {
    let env: OnpremEnv;
    let serve: ChildProcess;
    let release: () => Promise<void> = async () => {};

    beforeAll(async () => {
      release = await holdOnpremLock();
      // With CALLBRIEF_REQUIRE_ONPREM=1 a missing env file fails here instead of skipping.
      env = readOnpremEnv(ENV_FILE);
      serve = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'onprem/serve.ts',
          '--instant-engines',
          '--retry-delay-seconds',
          '1',
          '--quiet',
        ],
        { env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' }, stdio: 'pipe' },
      );
      await new Promise<void>((resolve, reject) => {
        serve.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('callbrief serve:')) resolve();
        });
        serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
    }, 600_000);

    afterAll(async () => {
      if (serve && serve.exitCode === null) {
        const exited = new Promise((resolve) => serve.once('exit', resolve));
        serve.kill('SIGTERM');
        await exited;
      }
      await release();
    });

    it('summarizes a recording the uploader puts, fed by the RGW notification over AMQP', async () => {
      const uploader = client(env, env.uploaderAccessKeyId, env.uploaderSecretAccessKey);
      const service = client(env, env.accessKeyId, env.secretAccessKey);
      const caseId = `CASE-ONPREM-${Date.now()}`;
      await uploader.send(
        new PutObjectCommand({
          Bucket: env.recordingsBucket,
          Key: `recordings/${caseId} call+1 100%.wav`,
          Body: await readFile('samples/citizen-call.wav'),
          Metadata: { 'case-id': caseId },
        }),
      );
      const deadline = Date.now() + 60_000;
      let summaryKey: string | undefined;
      while (!summaryKey && Date.now() < deadline) {
        const listed = await service.send(
          new ListObjectsV2Command({ Bucket: env.resultsBucket, Prefix: `cases/${caseId}/` }),
        );
        summaryKey = listed.Contents?.map((o) => o.Key).find((k) => k?.endsWith('/summary.json'));
        if (!summaryKey) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(summaryKey).toBeDefined();
      const out = await service.send(
        new GetObjectCommand({ Bucket: env.resultsBucket, Key: summaryKey }),
      );
      const summary = JSON.parse(await out.Body!.transformToString()) as CaseSummary;
      expect(summary.case_id).toBe(caseId);
    }, 90_000);

    it('denies the uploader everything but putting recordings', async () => {
      const uploader = client(env, env.uploaderAccessKeyId, env.uploaderSecretAccessKey);
      const denied = await uploader
        .send(new PutObjectCommand({ Bucket: env.resultsBucket, Key: 'x.json', Body: '{}' }))
        .then(
          () => 'allowed',
          (error: Error) => error.name,
        );
      expect(denied).toBe('AccessDenied');
    });
  },
);
