import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { sidecarKeys } from '../functions/core/ingest/recordingMetadata';
import { assertApiKeyVariablesSet } from '../functions/providers/requiredApiKeys';
import { ConfigurationError } from '../functions/shared/errors';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { classifyInputs, exportResults } from './inputOutcomes';
import { LocalPipeline } from './localPipeline';
import { missingEngines } from './preflight';
import { printOutcomes } from './printOutcomes';
import { DEFAULT_STATE_DIR } from './stateDir';

const USAGE = `Usage: npm start -- [recording.wav ...] [--case ID] [--out DIR] [--config FILE] [--verbose]

Runs the whole pipeline on this machine: embedded S3 and SQS stand-ins, the same stage handlers
as in Lambda, and the providers chosen in the config file (default: callbrief.config.json, the
offline engines). Without recordings it processes the bundled sample call.

  --case ID      case id for every recording (x-amz-meta-case-id), overriding sidecars
  --out DIR      where to write the results, mirroring the results bucket (default: out)
  --config FILE  pipeline configuration (default: callbrief.config.json)
  --state DIR    keep the buckets' objects here between runs (default: ${DEFAULT_STATE_DIR})
  --fresh        start with empty buckets (removes the state folder first)
  --verbose      show the handlers' structured logs`;

const SAMPLE = 'samples/citizen-call.wav';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      case: { type: 'string' },
      out: { type: 'string', default: 'out' },
      config: { type: 'string', default: 'callbrief.config.json' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      fresh: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const configPath = resolve(values.config);
  if (!existsSync(configPath))
    throw new ConfigurationError(`config file ${values.config} not found`);
  const pipelineConfig = parsePipelineConfig(
    JSON.parse(await readFile(configPath, 'utf-8')),
    values.config,
  );
  assertApiKeyVariablesSet(pipelineConfig);
  const missing = await missingEngines(pipelineConfig);
  if (missing) {
    console.error(missing);
    return 2;
  }
  const recordings = positionals.length > 0 ? positionals : [SAMPLE];
  for (const file of recordings)
    if (!existsSync(file)) throw new ConfigurationError(`recording ${file} not found`);

  if (values.fresh) await rm(values.state, { recursive: true, force: true });
  const started = performance.now();
  console.log(
    `callbrief: local run with ${pipelineConfig.speechToText.type} -> ${pipelineConfig.translation.type} -> ${pipelineConfig.summarization.type}`,
  );
  const pipeline = await LocalPipeline.start({
    pipeline: pipelineConfig,
    logLevel: values.verbose ? 'INFO' : 'SILENT',
    stateDir: values.state,
    onBatch: ({ stage, records, failedIds, ms }) => {
      for (const record of records) {
        const label = describeRecord(record.body);
        const state = failedIds.includes(record.messageId) ? 'failed, will retry' : 'done';
        console.log(
          `  [${stage.padEnd(10)}] ${label.padEnd(44)} ${state} (${(ms / 1000).toFixed(1)} s)`,
        );
      }
    },
  });
  try {
    const keys: string[] = [];
    for (const [i, file] of recordings.entries()) {
      const name = basename(file);
      const key = `${pipeline.recordingsPrefix}${keys.includes(`${pipeline.recordingsPrefix}${name}`) ? `${i}-` : ''}${name}`;
      await uploadWithSidecar(pipeline, file, key, values.case);
      keys.push(key);
      console.log(`  uploaded ${file} as s3://${pipeline.recordingsBucket}/${key}`);
    }
    await pipeline.waitUntilIdle();
    const notifications = await pipeline.drainSummaryReady();
    const outcomes = await classifyInputs(pipeline, keys);
    const outDir = resolve(values.out);
    const written = await exportResults(pipeline, outDir);
    if (notifications.length > 0) {
      await mkdir(outDir, { recursive: true });
      const lines = notifications.map((n) => JSON.stringify(n)).join('\n');
      await writeFile(join(outDir, 'summary-ready.jsonl'), `${lines}\n`);
    }
    const seconds = (performance.now() - started) / 1000;
    await printOutcomes({
      outcomes,
      outDir,
      written: written.map((w) => relative(process.cwd(), w)),
      seconds,
      notifications,
    });
    return outcomes.every((o) => o.status === 'summarized') ? 0 : 1;
  } finally {
    await pipeline.stop();
  }
}

function describeRecord(body: string): string {
  try {
    const json = JSON.parse(body) as {
      case_id?: string;
      contact_id?: string;
      Records?: Array<{ s3: { object: { key: string } } }>;
      Event?: string;
    };
    if (json.case_id) return `${json.case_id}/${json.contact_id}`;
    if (json.Event) return json.Event;
    return decodeURIComponent(json.Records?.[0]?.s3.object.key.replace(/\+/g, ' ') ?? '?');
  } catch {
    return '(unreadable message)';
  }
}

async function uploadWithSidecar(
  pipeline: LocalPipeline,
  file: string,
  key: string,
  caseId?: string,
) {
  // A sidecar next to the file travels along, uploaded first as telephony systems usually do.
  const localSidecar = sidecarKeys(file).find((candidate) => existsSync(candidate));
  if (localSidecar) {
    await pipeline.s3.send(
      new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: `${key}.meta.json`,
        Body: await readFile(localSidecar),
        ContentType: 'application/json',
      }),
    );
  }
  const { size } = await stat(file);
  await pipeline.s3.send(
    new PutObjectCommand({
      Bucket: pipeline.recordingsBucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: size,
      ContentType: 'audio/wav',
      Metadata: caseId ? { 'case-id': caseId } : undefined,
    }),
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigurationError) console.error(`callbrief: ${error.message}`);
    else console.error('callbrief: unexpected failure', error);
    process.exitCode = 2;
  },
);
