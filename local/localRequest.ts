import { existsSync } from 'node:fs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ConfigurationError } from '../functions/shared/errors';
import { readPipelineConfig } from './cliSupport';
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
  const config = await readPipelineConfig('callbrief.config.json');
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

export { runCommand } from './cliSupport';
