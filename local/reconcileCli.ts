import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { s3ListKeys } from '../functions/adapters/s3ListKeys';
import { S3ObjectStore } from '../functions/adapters/s3ObjectStore';
import { SqsMessageQueue } from '../functions/adapters/sqsMessageQueue';
import { type ReconcileReport, reconcile } from '../functions/core/reconcile/reconcile';
import { dataClassTags } from '../functions/shared/dataClasses';
import { ConfigurationError } from '../functions/shared/errors';
import { readOnpremEnv } from '../onprem/onpremEnv';
import { reconcileOnprem } from '../onprem/operations';
import { readPipelineConfig } from './cliSupport';
import { LocalPipeline } from './localPipeline';
import { runCommand } from './localRequest';
import { DEFAULT_STATE_DIR } from './stateDir';

const USAGE = `Usage: npm run reconcile -- [--older-than-seconds N] [--max N] [--state DIR]
       npm run reconcile -- --target onprem [--older-than-seconds N] [--max N] [--prefix P]
                            [--env FILE]

Finds recordings in the local pipeline's saved state that have neither a summary nor an error
record (a lost S3 event, a dropped message), notifies ingest of them again (at most --max, default
100; only those older than --older-than-seconds, default 900), waits until the pipeline is idle
and prints the counts. A call whose earlier attempt failed (a provider outage, a dead letter) runs
through every stage again: its hand-off markers are forgotten first. Safe to repeat: recordings
younger than --older-than-seconds are left alone, and stages that find their own output do not
call a provider again.

  --older-than-seconds N  only recordings last modified at least N seconds ago (default 900)
  --max N                 notify at most N recordings in this run (default 100)
  --state DIR             the local state folder (default: ${DEFAULT_STATE_DIR})
  --target T              local (default) or onprem: reconcile Ceph RGW with RabbitMQ for the
                          on-premises service (the running serve processes do the work)
  --prefix P              onprem: only recordings under this key prefix (default recordings/)
  --env FILE              onprem: endpoints and credentials (default: .callbrief/onprem.env)
  -h, --help              show this help and do nothing else`;

const nonNegative = (text: string, name: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new ConfigurationError(`--${name} must be >= 0`);
  return value;
};

function printReport(title: string, report: ReconcileReport): void {
  console.log(title);
  console.log(`  ${report.examined} recordings examined`);
  console.log(`  ${report.terminal} with a summary or an error record`);
  console.log(`  ${report.reenqueued} notified to ingest again`);
  for (const key of report.reenqueuedKeys) console.log(`    ${key}`);
  console.log(`  ${report.skipped} left alone (too recent, or over --max)`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'older-than-seconds': { type: 'string', default: '900' },
      max: { type: 'string', default: '100' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      target: { type: 'string', default: 'local' },
      prefix: { type: 'string', default: 'recordings/' },
      env: { type: 'string', default: '.callbrief/onprem.env' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const olderThanMs = nonNegative(values['older-than-seconds'], 'older-than-seconds') * 1000;
  const maxReenqueue = nonNegative(values.max, 'max');
  if (values.target !== 'local' && values.target !== 'onprem') {
    throw new ConfigurationError(`--target must be local or onprem, got ${values.target}`);
  }
  if (values.target === 'onprem') {
    if (!values.prefix.startsWith('recordings/')) {
      throw new ConfigurationError('--prefix must start with recordings/');
    }
    const report = await reconcileOnprem(readOnpremEnv(values.env), {
      olderThanMs,
      maxReenqueue,
      prefix: values.prefix,
    });
    printReport('Reconcile (on premises):', report);
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
    const report = await reconcile(
      {
        store: new S3ObjectStore(pipeline.s3, dataClassTags),
        listKeys: s3ListKeys(pipeline.s3),
        log: { info: () => {}, warn: console.warn, error: console.error },
      },
      {
        recordingsBucket: pipeline.recordingsBucket,
        resultsBucket: pipeline.resultsBucket,
        recordingsPrefix: pipeline.recordingsPrefix,
        olderThanMs,
        maxReenqueue,
        now: () => new Date(),
        ingestQueueUrl: pipeline.queues.ingest.url,
        queue: new SqsMessageQueue(pipeline.sqs),
        region: pipeline.region,
        resetHandoffs: true,
      },
    );
    await pipeline.waitUntilIdle();
    printReport('Reconcile:', report);
    return 0;
  } finally {
    await pipeline.stop();
  }
}

runCommand('reconcile', main);
