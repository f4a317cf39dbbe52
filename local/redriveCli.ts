import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { redrive } from '../functions/core/redrive/redrive';
import { sqsRedrivePort } from '../functions/core/redrive/sqsRedrivePort';
import type { StageName } from '../functions/shared/documents';
import { ConfigurationError } from '../functions/shared/errors';
import { readOnpremEnv } from '../onprem/onpremEnv';
import { redriveOnprem } from '../onprem/operations';
import { readPipelineConfig } from './cliSupport';
import { LocalPipeline, STAGES } from './localPipeline';
import { runCommand } from './localRequest';
import { DEFAULT_STATE_DIR } from './stateDir';

const USAGE = `Usage: npm run redrive -- [--stage STAGE | --all] [--max N] [--state DIR]
       npm run redrive -- --target onprem [--stage STAGE | --all] [--max N] [--env FILE]

Moves dead-lettered messages of the chosen stages (${STAGES.join(', ')}) back to their stage
queues on the local pipeline's saved state, waits until the pipeline is idle, and prints how many
were moved and how many are dead-lettered again. Default: --all.

The local queues are kept beside the state folder (DIR-queues), so dead letters of earlier runs
of npm start are still there. \`npm run reconcile\` recovers recordings whose dead letters are gone.

  --stage STAGE  a stage to redrive (repeatable)
  --all          every stage (the default)
  --max N        move at most N messages per stage (default 1000)
  --state DIR    the local state folder (default: ${DEFAULT_STATE_DIR})
  --target T     local (default) or onprem: the on-premises service's RabbitMQ dead-letter
                 queues (durable), moved back for the running serve processes; prints how many
  --env FILE     onprem: endpoints and credentials (default: .callbrief/onprem.env)
  -h, --help     show this help and do nothing else`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', multiple: true },
      all: { type: 'boolean', default: false },
      max: { type: 'string', default: '1000' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      target: { type: 'string', default: 'local' },
      env: { type: 'string', default: '.callbrief/onprem.env' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const requested = values.stage ?? [];
  const unknown = requested.filter((s) => !(STAGES as readonly string[]).includes(s));
  const max = Number(values.max);
  if (unknown.length > 0 || (values.all && requested.length > 0) || !(max > 0)) {
    if (unknown.length > 0) console.error(`unknown stage: ${unknown.join(', ')}`);
    else if (values.all && requested.length > 0) console.error('use --stage or --all, not both');
    else console.error('--max must be a positive number');
    console.log(USAGE);
    return 2;
  }
  const stages = requested.length > 0 ? (requested as StageName[]) : [...STAGES];
  if (values.target !== 'local' && values.target !== 'onprem') {
    throw new ConfigurationError(`--target must be local or onprem, got ${values.target}`);
  }
  if (values.target === 'onprem') {
    const moved = await redriveOnprem(readOnpremEnv(values.env), stages, max);
    console.log('Redrive (on premises):');
    for (const stage of stages) console.log(`  ${stage.padEnd(10)} ${moved[stage]} moved back`);
    return 0;
  }
  if (!existsSync(values.state)) {
    throw new ConfigurationError(
      `no local state in ${values.state}; run npm start first or pass --state DIR`,
    );
  }
  const config = await readPipelineConfig('callbrief.config.json');
  const pipeline = await LocalPipeline.start({ pipeline: config, stateDir: values.state });
  try {
    const port = sqsRedrivePort(pipeline.sqs);
    const moved: Partial<Record<StageName, number>> = {};
    for (const stage of stages) {
      const queue = pipeline.queues[stage];
      moved[stage] = await redrive(port, { from: queue.dlqUrl, to: queue.url, max });
    }
    await pipeline.waitUntilIdle();
    let deadAgain = 0;
    console.log('Redrive:');
    for (const stage of stages) {
      const again = (await pipeline.drain(pipeline.queues[stage].dlqUrl)).length;
      deadAgain += again;
      console.log(`  ${stage.padEnd(10)} ${moved[stage]} moved back, ${again} dead-lettered again`);
    }
    return deadAgain > 0 ? 1 : 0;
  } finally {
    await pipeline.stop();
  }
}

runCommand('redrive', main);
