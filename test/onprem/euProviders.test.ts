import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../functions/shared/documents';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { ServeSupervisor } from '../../local/soak/serveSupervisor';
import { type OnpremEnv, readOnpremEnv } from '../../onprem/onpremEnv';
import { serviceS3, uploaderS3 } from '../../onprem/operations';
import { type FakeServer, startFakeServer } from '../contract/support/fakeServer';
import { holdOnpremLock, ONPREM_ENV_FILE, onpremTestsRun } from './onpremAvailable';

const summaryAnswer = {
  reason_for_contact: 'The caller wants to register a new address.',
  key_facts: ['The family moved last month.'],
  next_steps: [{ action: 'Send the application form by e-mail.', owner: 'authority' }],
  open_questions: [],
  sentiment: { overall: 'neutral', per_speaker: { agent: 'neutral', caller: 'neutral' } },
};

describe('Config: config/examples/onprem-eu-apis.json', () => {
  it('is a valid pipeline configuration with keys from the environment (no Secrets Manager on premises)', async () => {
    const config = parsePipelineConfig(
      JSON.parse(await readFile('config/examples/onprem-eu-apis.json', 'utf-8')),
    );
    for (const provider of [config.speechToText, config.translation, config.summarization]) {
      expect(provider).toHaveProperty('apiKeyEnv');
      expect(provider).not.toHaveProperty('apiKeySecretId');
    }
  });
});

describe.runIf(onpremTestsRun('on-premises hybrid tests'))(
  'Hybrid: the on-premises service with EU API providers (local OpenAI-compatible and DeepL servers)',
  () => {
    let env: OnpremEnv;
    let dir: string;
    let stt: FakeServer;
    let deepl: FakeServer;
    let chat: FakeServer;
    let release: () => Promise<void> = async () => {};

    beforeAll(async () => {
      release = await holdOnpremLock();
      env = readOnpremEnv(ONPREM_ENV_FILE);
      dir = await mkdtemp(join(tmpdir(), 'callbrief-onprem-eu-'));
      stt = await startFakeServer(() => ({
        body: {
          language: 'english',
          duration: 10,
          text: 'I would like to register my new address',
          segments: [{ id: 0, start: 1, end: 3, text: 'I would like to register my new address' }],
        },
      }));
      deepl = await startFakeServer((request) => {
        const { text } = JSON.parse(request.body.toString()) as { text: string[] };
        return {
          body: {
            translations: text.map((t) => ({ detected_source_language: 'EN', text: `[ES] ${t}` })),
          },
        };
      });
      chat = await startFakeServer(() => ({
        body: {
          model: 'mistral-medium-test',
          choices: [{ message: { role: 'assistant', content: JSON.stringify(summaryAnswer) } }],
        },
      }));
    }, 600_000);

    afterAll(async () => {
      await Promise.all([stt?.close(), deepl?.close(), chat?.close()]);
      await rm(dir, { recursive: true, force: true });
      await release();
    });

    it('summarizes a recording put into RGW with speech-to-text, DeepL and the LLM over HTTP', async () => {
      // The example's providers, pointed at the local servers (loopback allowed for the test).
      const example = JSON.parse(await readFile('config/examples/onprem-eu-apis.json', 'utf-8'));
      const local = { allowLoopback: true, retryBaseDelayMs: 10, apiKeyEnv: 'CALLBRIEF_TEST_KEY' };
      const config = {
        ...example,
        speechToText: { ...example.speechToText, ...local, baseUrl: stt.baseUrl },
        translation: { ...example.translation, ...local, baseUrl: deepl.origin },
        summarization: { ...example.summarization, ...local, baseUrl: chat.baseUrl },
        languages: { caseWorker: 'es' },
        transcriptionConcurrency: 1,
      };
      const configPath = join(dir, 'config.json');
      await writeFile(configPath, JSON.stringify(config));
      process.env.CALLBRIEF_TEST_KEY = 'test-key-123';
      const serve = new ServeSupervisor([
        '--env',
        ONPREM_ENV_FILE,
        '--config',
        configPath,
        '--retry-delay-seconds',
        '1',
        '--quiet',
      ]);
      const uploader = uploaderS3(env);
      const service = serviceS3(env);
      try {
        await serve.start(1);
        const caseId = `CASE-EU-${Date.now().toString(36).toUpperCase()}`;
        await uploader.send(
          new PutObjectCommand({
            Bucket: env.recordingsBucket,
            Key: `recordings/eu-apis/${caseId}.wav`,
            Body: await readFile('samples/citizen-call.wav'),
            Metadata: { 'case-id': caseId },
          }),
        );
        let summaryKey: string | undefined;
        const deadline = Date.now() + 90_000;
        while (!summaryKey && Date.now() < deadline) {
          const listed = await service.send(
            new ListObjectsV2Command({ Bucket: env.resultsBucket, Prefix: `cases/${caseId}/` }),
          );
          summaryKey = listed.Contents?.map((o) => o.Key).find((k) => k?.endsWith('/summary.json'));
          if (!summaryKey) await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expect(summaryKey).toBeDefined();
        const out = await service.send(
          new GetObjectCommand({ Bucket: env.resultsBucket, Key: summaryKey }),
        );
        const summary = JSON.parse(await out.Body!.transformToString()) as CaseSummary;
        expect(summary.summary.reason_for_contact).toBe(summaryAnswer.reason_for_contact);
        expect(summary.provenance.speech_to_text).toMatchObject({ provider: 'openai-compatible' });
        expect(summary.provenance.summarization).toMatchObject({ provider: 'openai-compatible' });
        expect(stt.requests[0]?.headers.authorization).toBe('Bearer test-key-123');
        expect(deepl.requests.length).toBeGreaterThan(0);
      } finally {
        await serve.stop();
        uploader.destroy();
        service.destroy();
      }
    }, 180_000);
  },
);
