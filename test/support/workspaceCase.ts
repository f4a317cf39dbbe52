import { readFile } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../local/localPipeline';
import { instantEngines } from '../../local/soak/instantEngines';

export const WORKSPACE_CASE = 'JC-2026-000815';

/**
 * Produces a case through the real local pipeline (S3 and SQS stand-ins, every stage handler)
 * with the instant engines, into `stateDir`, so the workspace reads what the pipeline writes.
 */
export async function seedWorkspaceCase(stateDir: string): Promise<void> {
  const pipeline = await LocalPipeline.start({
    pipeline: parsePipelineConfig({
      speechToText: { type: 'pocketsphinx', language: 'en' },
      translation: { type: 'apertium' },
      summarization: { type: 'extractive' },
      languages: { caseWorker: 'de', defaultCaller: 'en' },
    }),
    stateDir,
    providers: instantEngines(),
  });
  try {
    const audio = await readFile('samples/citizen-call.wav');
    for (const [name, caseId] of [
      ['first-call.wav', WORKSPACE_CASE],
      ['second-call.wav', WORKSPACE_CASE],
      ['other-call.wav', 'JC-2026-000999'],
    ] as const) {
      await pipeline.s3.send(
        new PutObjectCommand({
          Bucket: pipeline.recordingsBucket,
          Key: `${pipeline.recordingsPrefix}${name}`,
          Body: audio,
          ContentType: 'audio/wav',
          Metadata: { 'case-id': caseId },
        }),
      );
    }
    await pipeline.waitUntilIdle();
  } finally {
    await pipeline.stop();
  }
}
