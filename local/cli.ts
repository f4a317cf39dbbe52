import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { isSidecarKey, sidecarKeys } from '../functions/core/ingest/recordingMetadata';
import { assertApiKeyVariablesSet } from '../functions/providers/requiredApiKeys';
import { SCHEMA_VERSION } from '../functions/shared/documents';
import { ConfigurationError } from '../functions/shared/errors';
import { readPipelineConfig, runCommand } from './cliSupport';
import { classifyInputs, exportResults, type UploadedInput } from './inputOutcomes';
import { LocalPipeline, queueDirOf } from './localPipeline';
import { prepareOutDir } from './outDir';
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
  --out DIR      where to write this run's results, mirroring the results bucket (default:
                 out); emptied first when it holds an earlier run's results, refused when it
                 holds anything else
  --config FILE  pipeline configuration (default: callbrief.config.json)
  --state DIR    keep the buckets' objects here between runs, and the queues (with their
                 dead letters, for npm run redrive) in DIR-queues (default: ${DEFAULT_STATE_DIR});
                 created private to the user (0700)
  --fresh        start with empty buckets and queues (removes both folders first)
  --verbose      show the handlers' structured logs
  --live FILE    play FILE through the AudioHook bridge as a live call (live/): each utterance
                 in both languages as it appears, then the summary
  --speed N      with --live: N times real time (default 1; 0 = as fast as possible)
  --serve        then serve the case-worker workspace on 127.0.0.1 (see npm run workspace)
  --port P       the workspace's port with --serve (default: 8080)
  -h, --help     show this help and do nothing else

Exit code: 0 when every input was summarized, 1 when any ended in an error record, a dead-letter
queue or a refused upload (each is named with its reason), 2 for a usage or configuration error.`;

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
  const pipelineConfig = await readPipelineConfig(values.config);
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

  const outDir = resolve(values.out);
  await prepareOutDir(outDir);
  if (values.fresh) {
    await rm(values.state, { recursive: true, force: true });
    await rm(queueDirOf(values.state), { recursive: true, force: true });
  }
  const started = performance.now();
  const runStarted = new Date();
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
    onRunning: ({ stage, records, ms }) => {
      for (const record of records) {
        const label = describeRecord(record.body);
        console.log(
          `  [${stage.padEnd(10)}] ${label.padEnd(44)} still running (${(ms / 1000).toFixed(0)} s)`,
        );
      }
    },
  });
  try {
    const uploads = await planUploads(inputs, pipeline.recordingsPrefix, values.key);
    // Metadata documents are not contacts: only the recordings and contact documents end somewhere.
    const uploaded: UploadedInput[] = [];
    for (const upload of uploads) {
      const refused = await uploadFile(pipeline, upload, values.case);
      if (refused) {
        console.log(`  refused ${upload.file}: ${refused}`);
        await recordRefusedUpload(pipeline, upload.key, refused);
      } else {
        console.log(`  uploaded ${upload.file} as s3://${pipeline.recordingsBucket}/${upload.key}`);
      }
      if (!upload.sidecarOnly) {
        uploaded.push({ key: upload.key, sha256: refused ? '' : await sha256Of(upload.file) });
      }
    }
    await pipeline.waitUntilIdle();
    const notifications = await pipeline.drainSummaryReady();
    const outcomes = await classifyInputs(pipeline, uploaded, runStarted);
    const written = await exportResults(pipeline, outDir, outcomes);
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
      runStarted,
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

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Uploads one file; returns why the store refused it (an S3 client error such as a key it cannot
 * hold), or undefined when it was stored.
 */
async function uploadFile(
  pipeline: LocalPipeline,
  upload: Upload,
  caseId?: string,
): Promise<string | undefined> {
  const { size } = await stat(upload.file);
  try {
    await putFile(pipeline, upload, size, caseId);
    return undefined;
  } catch (error) {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : 0;
    if (!status || status >= 500) throw error;
    return `${error instanceof S3ServiceException ? error.name : 'rejected'}: ${(error as Error).message}`;
  }
}

/**
 * A refused upload never reaches ingest, so nothing would record it: the runner writes the error
 * record ingest would have written (same place, same schema) so the outcome is on file.
 */
async function recordRefusedUpload(pipeline: LocalPipeline, key: string, reason: string) {
  const id = createHash('sha256')
    .update(`${pipeline.recordingsBucket}/${key}`)
    .digest('hex')
    .slice(0, 24);
  const record = {
    schema_version: SCHEMA_VERSION,
    stage: 'ingest',
    code: 'upload-refused',
    message: `the store refused the upload: ${reason}`,
    input: { bucket: pipeline.recordingsBucket, key },
    occurred_at: new Date().toISOString(),
  };
  await pipeline.s3.send(
    new PutObjectCommand({
      Bucket: pipeline.resultsBucket,
      Key: `errors/ingest/objects/${id}.json`,
      Body: JSON.stringify(record, null, 2),
      ContentType: 'application/json',
    }),
  );
}

async function putFile(pipeline: LocalPipeline, upload: Upload, size: number, caseId?: string) {
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

runCommand('start', main);
