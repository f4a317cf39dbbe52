import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ConfigurationError } from '../functions/shared/errors';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { LocalPipeline } from './localPipeline';

/**
 * What a case system does through a queue, done locally: start the pipeline on the saved state
 * of earlier `npm start` runs, put one request on the erase or review queue, wait until it is
 * handled, then let `inspect` read the outcome.
 */
export async function sendLocalRequest<T>(
  stateDir: string,
  queue: 'erase' | 'review',
  request: unknown,
  inspect: (pipeline: LocalPipeline) => Promise<T>,
): Promise<T> {
  if (!existsSync(stateDir)) {
    throw new ConfigurationError(
      `no local state in ${stateDir}; run npm start first or pass --state DIR`,
    );
  }
  const config = parsePipelineConfig(JSON.parse(await readFile('callbrief.config.json', 'utf-8')));
  const pipeline = await LocalPipeline.start({ pipeline: config, stateDir });
  try {
    await pipeline.sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.queues[queue].url,
        MessageBody: JSON.stringify(request),
      }),
    );
    await pipeline.waitUntilIdle();
    return await inspect(pipeline);
  } finally {
    await pipeline.stop();
  }
}

/** Runs a command's main function: its result is the exit code; an error is printed, exit 2. */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`callbrief ${name}:`, error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
