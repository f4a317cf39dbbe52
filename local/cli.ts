import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { isSidecarKey, sidecarKeys } from '../functions/core/ingest/recordingMetadata';
import { assertApiKeyVariablesSet } from '../functions/providers/requiredApiKeys';
import { ConfigurationError } from '../functions/shared/errors';
import { parsePipelineConfig } from '../functions/shared/pipelineConfig';
import { classifyInputs, exportResults } from './inputOutcomes';
import { LocalPipeline } from './localPipeline';
import { missingEngines } from './preflight';
import { printOutcomes } from './printOutcomes';
import { DEFAULT_STATE_DIR } from './stateDir';

const USAGE = `Usage: npm start -- [FILE | DIR ...] [--key KEY] [--case ID] [--out DIR] [--config FILE] [--verbose]

Runs the whole pipeline on this machine: embedded S3 and SQS stand-ins, the same stage handlers
as in Lambda, and the providers chosen in the config file (default: callbrief.config.json, the
offline engines). Without inputs it processes the bundled sample call.

A FILE is a recording (its sidecar NAME.meta.json travels along) or a chat/e-mail document
(NAME.contact.json), uploaded under the recordings prefix by its file name. A DIR is uploaded
whole, each file under its path relative to DIR (a telephony export such as Genesys Cloud's),
metadata documents first; hidden and Markdown files are skipped.

  --key KEY      upload the one FILE under this key (the recordings prefix is added when
                 missing), e.g. an Amazon Connect key with a colon no file name can hold
  --case ID      case id for every recording (x-amz-meta-case-id), overriding sidecars
  --out DIR      where to write the results, mirroring the results bucket (default: out)
  --config FILE  pipeline configuration (default: callbrief.config.json)
  --state DIR    keep the buckets' objects here between runs (default: ${DEFAULT_STATE_DIR})
  --fresh        start with empty buckets (removes the state folder first)
  --verbose      show the handlers' structured logs
  --live FILE    play FILE through the AudioHook bridge as a live call (live/): each utterance
                 in both languages as it appears, then the summary
  --speed N      with --live: N times real time (default 1; 0 = as fast as possible)

  --serve        then serve the case-worker workspace on 127.0.0.1 (see npm run workspace)
  --port P       the workspace's port with --serve (default: 8080)`;

const SAMPLE = 'samples/citizen-call.wav';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      case: { type: 'string' },
      key: { type: 'string' },
      out: { type: 'string', default: 'out' },
      config: { type: 'string', default: 'callbrief.config.json' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      fresh: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      serve: { type: 'boolean', default: false },
      port: { type: 'string', default: '8080' },
      help: { type: 'boolean', short: 'h', default: false },
      live: { type: 'string' },
      speed: { type: 'string', default: '1' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.live !== undefined) {
    const { runLive } = await import('../live/liveCli');
    if (values.fresh) await rm(values.state, { recursive: true, force: true });
    return runLive({
      file: values.live,
      speed: Number(values.speed),
      configPath: values.config,
      caseId: values.case,
      outDir: values.out,
      stateDir: values.state,
    });
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
  const inputs = positionals.length > 0 ? positionals : [SAMPLE];
  for (const file of inputs)
    if (!existsSync(file)) throw new ConfigurationError(`input ${file} not found`);
  const [first] = inputs;
  if (
    values.key !== undefined &&
    (inputs.length !== 1 || !first || (await stat(first)).isDirectory())
  )
    throw new ConfigurationError('--key needs exactly one file');

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
    const uploads = await planUploads(inputs, pipeline.recordingsPrefix, values.key);
    for (const upload of uploads) {
      await uploadFile(pipeline, upload, values.case);
      console.log(`  uploaded ${upload.file} as s3://${pipeline.recordingsBucket}/${upload.key}`);
    }
    // Metadata documents are not contacts: only the recordings and contact documents end somewhere.
    const keys = uploads.filter((u) => !u.sidecarOnly).map((u) => u.key);
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
    if (values.serve) await serveWorkspace(values.state, Number(values.port));
  }
}

/** `--serve`: the workspace over the state just written, until Ctrl-C. */
async function serveWorkspace(stateDir: string, port: number): Promise<void> {
  const { startLocalWorkspace } = await import('../workspace/localWorkspace');
  const workspace = await startLocalWorkspace({
    stateDir,
    port,
    user: { id: 'local-user', roles: ['caseworker'] },
  });
  console.log(`callbrief workspace: ${workspace.url} (Ctrl-C to stop)`);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await workspace.stop();
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

interface Upload {
  file: string;
  key: string;
  /** A metadata document (sidecar, Genesys `_metadata.json`), uploaded before its recording. */
  sidecarOnly: boolean;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter(
      (file) =>
        !relative(dir, file)
          .split(sep)
          .some((part) => part.startsWith('.')),
    )
    .filter((file) => !file.endsWith('.md'))
    .sort();
}

/**
 * What to upload under which key: a directory keeps its layout under the prefix; a file goes
 * by its name (numbered when two share one) or by --key, with a local sidecar beside it.
 * Metadata documents come first, as telephony systems usually send them.
 */
async function planUploads(inputs: string[], prefix: string, key?: string): Promise<Upload[]> {
  const uploads: Upload[] = [];
  const add = (file: string, target: string) =>
    uploads.push({ file, key: target, sidecarOnly: isSidecarKey(target) });
  for (const [i, input] of inputs.entries()) {
    if ((await stat(input)).isDirectory()) {
      for (const file of await filesUnder(input)) {
        add(file, `${prefix}${relative(input, file).split(sep).join('/')}`);
      }
      continue;
    }
    const name = basename(input);
    const taken = uploads.some((u) => u.key === `${prefix}${name}`);
    const target = key
      ? `${key.startsWith(prefix) ? '' : prefix}${key}`
      : `${prefix}${taken ? `${i}-` : ''}${name}`;
    const localSidecar = sidecarKeys(input)
      .filter((candidate) => candidate.endsWith('.meta.json'))
      .find((candidate) => existsSync(candidate));
    if (localSidecar) add(localSidecar, `${target}.meta.json`);
    add(input, target);
  }
  return [...uploads.filter((u) => u.sidecarOnly), ...uploads.filter((u) => !u.sidecarOnly)];
}

const CONTENT_TYPES: Record<string, string> = { '.wav': 'audio/wav', '.json': 'application/json' };

async function uploadFile(pipeline: LocalPipeline, upload: Upload, caseId?: string) {
  const { size } = await stat(upload.file);
  await pipeline.s3.send(
    new PutObjectCommand({
      Bucket: pipeline.recordingsBucket,
      Key: upload.key,
      Body: createReadStream(upload.file),
      ContentLength: size,
      ContentType: CONTENT_TYPES[extname(upload.file).toLowerCase()] ?? 'application/octet-stream',
      Metadata: caseId && !upload.sidecarOnly ? { 'case-id': caseId } : undefined,
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
