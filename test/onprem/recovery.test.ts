import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeSupervisor } from '../../local/soak/serveSupervisor';
import { type OnpremEnv, readOnpremEnv } from '../../onprem/onpremEnv';
import { serviceS3, uploaderS3 } from '../../onprem/operations';
import { deadLetterQueueOf } from '../../onprem/topology';
import { holdOnpremLock, ONPREM_ENV_FILE, onpremTestsRun } from './onpremAvailable';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one of the project's CLIs as `npm run …` would and returns its exit code and stdout. */
function cli(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf-8');
    });
    child.once('exit', (code) => resolve({ code, out }));
  });
}

async function summaryOf(s3: S3Client, env: OnpremEnv, caseId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: env.resultsBucket, Prefix: `cases/${caseId}/` }),
    );
    const key = listed.Contents?.map((o) => o.Key).find((k) => k?.endsWith('/summary.json'));
    if (key) return key;
    await sleep(500);
  }
  return undefined;
}

/** Takes the dead letter naming `caseId` out of a dead-letter queue (its attempt is "gone"). */
async function discardDeadLetter(env: OnpremEnv, queue: string, caseId: string): Promise<boolean> {
  const connection = await amqp.connect(env.amqpUrl);
  try {
    const channel = await connection.createChannel();
    const others = [];
    let found = false;
    for (;;) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      if (message.content.toString('utf-8').includes(caseId)) {
        channel.ack(message);
        found = true;
      } else others.push(message);
    }
    for (const message of others) channel.nack(message, false, true);
    await channel.close();
    return found;
  } finally {
    await connection.close().catch(() => {});
  }
}

async function deadLetterNaming(env: OnpremEnv, queue: string, caseId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const connection = await amqp.connect(env.amqpUrl);
  try {
    const channel = await connection.createChannel();
    while (Date.now() < deadline) {
      const held = [];
      let found = false;
      for (;;) {
        const message = await channel.get(queue, { noAck: false });
        if (!message) break;
        held.push(message);
        if (message.content.toString('utf-8').includes(caseId)) found = true;
      }
      for (const message of held) channel.nack(message, false, true);
      if (found) return true;
      await sleep(1_000);
    }
    return false;
  } finally {
    await connection.close().catch(() => {});
  }
}

describe.runIf(onpremTestsRun('on-premises recovery tests'))(
  'Commands: redrive and reconcile --target onprem across restarts',
  () => {
    let env: OnpremEnv;
    let outage: Server;
    let dir: string;
    let release: () => Promise<void> = async () => {};

    beforeAll(async () => {
      release = await holdOnpremLock();
      env = readOnpremEnv(ONPREM_ENV_FILE);
      // The speech-to-text endpoint is down: every request answers 503.
      outage = createServer((_request, response) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"service unavailable"}}');
      });
      await new Promise<void>((resolve) => outage.listen(0, '127.0.0.1', resolve));
      dir = await mkdtemp(join(tmpdir(), 'callbrief-onprem-recovery-'));
    }, 600_000);

    afterAll(async () => {
      await release();
      await new Promise((resolve) => outage.close(resolve));
      await rm(dir, { recursive: true, force: true });
    });

    it('summarizes calls whose first attempt was dead-lettered in a provider outage: one by redrive, one by reconcile after its dead letter was lost', async () => {
      const port = (outage.address() as AddressInfo).port;
      const config = join(dir, 'outage.config.json');
      await writeFile(
        config,
        JSON.stringify({
          speechToText: {
            type: 'openai-compatible',
            baseUrl: `http://127.0.0.1:${port}/v1`,
            model: 'whisper-1',
            allowLoopback: true,
            maxRetries: 0,
          },
          translation: { type: 'apertium' },
          summarization: { type: 'extractive' },
          languages: { caseWorker: 'es', defaultCaller: 'en' },
        }),
      );
      const run = Date.now().toString(36).toUpperCase();
      const prefix = `recordings/recover-${run}/`;
      const [redriven, reconciled] = [`RECOVER-${run}-A`, `RECOVER-${run}-B`];
      const uploader = uploaderS3(env);
      const service = serviceS3(env);
      const audio = await readFile('samples/citizen-call.wav');
      const common = ['--env', ONPREM_ENV_FILE, '--retry-delay-seconds', '1', '--quiet'];

      // 1. During the outage both calls fail in transcribe until RabbitMQ dead-letters them.
      const failing = new ServeSupervisor(['--config', config, ...common]);
      await failing.start(1);
      for (const caseId of [redriven, reconciled]) {
        await uploader.send(
          new PutObjectCommand({
            Bucket: env.recordingsBucket,
            Key: `${prefix}${caseId}.wav`,
            Body: audio,
            Metadata: { 'case-id': caseId },
          }),
        );
      }
      const dlq = deadLetterQueueOf('transcribe');
      // Retries pause 1, 2, 4 and 8 s, one call at a time (one transcribe slot): about 30 s each.
      expect(await deadLetterNaming(env, dlq, redriven, 120_000)).toBe(true);
      expect(await deadLetterNaming(env, dlq, reconciled, 120_000)).toBe(true);
      // 2. The service dies; the second call's dead letter is lost (purged by an operator).
      failing.killOne();
      await failing.stop();
      expect(await discardDeadLetter(env, dlq, reconciled)).toBe(true);

      // 3. A new service process, the outage over (instant engines stand in for the provider).
      const healthy = new ServeSupervisor(['--instant-engines', ...common]);
      await healthy.start(1);
      try {
        const redrive = await cli('local/redriveCli.ts', [
          '--target',
          'onprem',
          '--stage',
          'transcribe',
          '--env',
          ONPREM_ENV_FILE,
        ]);
        expect(redrive.code).toBe(0);
        expect(redrive.out).toMatch(/transcribe\s+[1-9]\d* moved back/);
        expect(await summaryOf(service, env, redriven, 60_000)).toBeDefined();
        expect(await summaryOf(service, env, reconciled, 3_000)).toBeUndefined();

        const reconcile = await cli('local/reconcileCli.ts', [
          '--target',
          'onprem',
          '--older-than-seconds',
          '0',
          '--prefix',
          prefix,
          '--env',
          ONPREM_ENV_FILE,
        ]);
        expect(reconcile.code).toBe(0);
        expect(reconcile.out).toContain('2 recordings examined');
        expect(reconcile.out).toContain('1 with a summary or an error record');
        expect(reconcile.out).toContain('1 notified to ingest again');
        expect(await summaryOf(service, env, reconciled, 60_000)).toBeDefined();
      } finally {
        await healthy.stop();
        uploader.destroy();
        service.destroy();
      }
    }, 300_000);
  },
);
