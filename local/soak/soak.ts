import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { s3ListKeys } from '../../functions/adapters/s3ListKeys';
import { contactRefOf } from '../../functions/core/ingest/recordingMetadata';
import { redrive } from '../../functions/core/redrive/redrive';
import { sqsRedrivePort } from '../../functions/core/redrive/sqsRedrivePort';
import { artifactKey } from '../../functions/shared/artifactKeys';
import type {
  CaseSummary,
  ContactRef,
  ErrorRecord,
  SummaryReadyMessage,
} from '../../functions/shared/documents';
import { ConfigurationError } from '../../functions/shared/errors';
import { parsePipelineConfig } from '../../functions/shared/pipelineConfig';
import { userMistake } from '../cliSupport';
import { LocalPipeline, STAGES } from '../localPipeline';
import { percentile } from '../statistics';
import { DEFAULT_FAULT_MIX, FaultInjector, type FaultMix, NO_FAULTS } from './faults';
import { instantEngines } from './instantEngines';
import { formatOnpremSoakResult, runOnpremSoak } from './onpremSoak';
import { callWav, toneWav } from './soakAudio';

export { toneWav } from './soakAudio';

export interface SoakOptions {
  calls: number;
  seed?: number;
  /** Uploads in flight at once. */
  concurrency?: number;
  faults?: FaultMix;
  batchSize?: number;
  maxReceiveCount?: number;
  /** Keep the S3 stand-in's objects here (to inspect them); default: a temporary folder. */
  stateDir?: string;
  /** Give up waiting for the pipeline after this long. */
  timeoutMs?: number;
  /** `ingest.sidecarWaitSeconds`: how long a recording without its sidecar waits for it. */
  sidecarWaitSeconds?: number;
  /** Pause before a failed record comes back (Lambda: the visibility timeout). @default 1 */
  retryDelaySeconds?: number;
  /** Progress lines for a long run (the CLI prints them on stderr). */
  progress?: (line: string) => void;
}

/** What became of the calls whose sidecar was uploaded after the recording. */
export interface LateMetadataOutcome {
  /** Calls with late metadata (within and after the wait). */
  calls: number;
  /** Of those, calls whose summary carries the sidecar's ids and languages. */
  verified: number;
  /** Calls whose summary is missing or lacks the sidecar's values: each one is a failure. */
  failedKeys: string[];
  /**
   * Calls whose metadata came after the wait and whose recording was also summarized under ids
   * derived from its key, before the metadata landed. Expected (see the README), not a failure.
   */
  ingestedWithoutMetadata: number;
}

export interface SoakResult {
  calls: number;
  seed: number;
  concurrency: number;
  /** Inputs uploaded (distinct keys). */
  processed: number;
  /** Distinct contacts with a summary.json. */
  summaries: number;
  /** Error records written under errors/. */
  errorRecords: number;
  /** Messages moved back from the dead-letter queues after the first idle. */
  redriven: number;
  /** Uploads retried after the S3 stand-in failed them. */
  uploadRetries: number;
  /** Messages left in the stage DLQs after the redrive. */
  deadLetters: number;
  /** Inputs with neither a summary nor an error record. */
  lost: number;
  lostKeys: string[];
  lateMetadata: LateMetadataOutcome;
  /** Contacts with more than one summary-ready message or summary.json written more than once. */
  duplicated: number;
  duplicatedContacts: string[];
  summaryReadyMessages: number;
  summaryWrites: number;
  /** Inputs whose outcome is a summary or an error record. */
  terminal: number;
  latencyMs: { p50: number; p95: number; max: number };
  elapsedSeconds: number;
  throughputPerSecond: number;
  injected: FaultInjector['counts'];
}

/**
 * Four seconds: long enough that the half of it after a late sidecar lands is a safe margin on a
 * busy machine, and below retryDelaySeconds x (maxReceiveCount - 1) as the README requires.
 */
const SIDECAR_WAIT_SECONDS = 4;

/** Languages a late sidecar names: unlike the defaults, so a summary made without it shows. */
const SIDECAR_LANGUAGES = { caller: 'fr', case_worker: 'de' } as const;

function soakConfig(sidecarWaitSeconds: number) {
  return parsePipelineConfig({
    speechToText: { type: 'pocketsphinx' },
    translation: { type: 'apertium' },
    summarization: { type: 'extractive' },
    languages: { caseWorker: 'es', defaultCaller: 'en' },
    ingest: { sidecarWaitSeconds },
  });
}

async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}

async function readSummary(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<CaseSummary | undefined> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse((await out.Body?.transformToString('utf-8')) ?? 'null') ?? undefined;
}

/** Why a late-metadata call's summary does not show its sidecar's values; undefined when it does. */
function metadataMismatch(summary: CaseSummary | undefined, ref: ContactRef): string | undefined {
  if (!summary) return 'no summary under the sidecar ids';
  const { caller, case_worker } = summary.languages;
  if (summary.case_id !== ref.case_id || summary.contact_id !== ref.contact_id) {
    return `summary names ${summary.case_id}/${summary.contact_id}`;
  }
  if (caller !== SIDECAR_LANGUAGES.caller || case_worker !== SIDECAR_LANGUAGES.case_worker) {
    return `summary languages caller ${caller}, case worker ${case_worker}`;
  }
  return undefined;
}

async function dlqDepth(pipeline: LocalPipeline): Promise<number> {
  let total = 0;
  for (const stage of STAGES) {
    const out = await pipeline.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: pipeline.queues[stage].dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const a = out.Attributes ?? {};
    total +=
      Number(a.ApproximateNumberOfMessages ?? 0) +
      Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return total;
}

/**
 * Uploads `calls` recordings through the whole local pipeline with instant engines and seeded
 * faults, redrives dead letters once, and checks that every input ended exactly once and that
 * calls whose sidecar came late were summarized with it.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const seed = options.seed ?? 1;
  const concurrency = options.concurrency ?? 16;
  const faults = new FaultInjector(seed, options.faults ?? DEFAULT_FAULT_MIX);
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const sidecarWaitSeconds = options.sidecarWaitSeconds ?? SIDECAR_WAIT_SECONDS;
  const pipeline = await LocalPipeline.start({
    pipeline: soakConfig(sidecarWaitSeconds),
    providers: instantEngines((capability) => faults.beforeProviderCall(capability)),
    wrapHandler: faults.wrapHandler,
    batchSize: options.batchSize ?? 10,
    maxReceiveCount: options.maxReceiveCount ?? 8,
    // A recording waiting for its sidecar must come back after a pause: retried at once, it
    // would spend all its receives within milliseconds and be dead-lettered before the wait ends.
    retryDelaySeconds: options.retryDelaySeconds ?? 1,
    stateDir: options.stateDir,
  });

  // Count successful writes of summary.json (a conditional write that loses throws, uncounted).
  const summaryWrites = new Map<string, number>();
  pipeline.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { Bucket?: string; Key?: string };
      if (
        context.commandName === 'PutObjectCommand' &&
        input.Bucket === pipeline.resultsBucket &&
        input.Key?.endsWith('/summary.json')
      ) {
        summaryWrites.set(input.Key, (summaryWrites.get(input.Key) ?? 0) + 1);
      }
      return result;
    },
    { step: 'initialize', name: 'soakCountSummaryWrites' },
  );

  try {
    const template = toneWav();
    const keys: string[] = [];
    const uploads: { key: string; caseId: string; contactId: string }[] = [];
    const lateCalls: { key: string; ref: ContactRef; afterWait: boolean }[] = [];
    const sidecarUploads: Promise<void>[] = [];
    const uploadedAt = new Map<string, number>(); // contact ref -> upload time (ms)
    // Telephony retries a failed upload; retries are counted so failures of the stand-in show.
    let uploadRetries = 0;
    const send = async (put: PutObjectCommand) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await pipeline.s3.send(put);
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          uploadRetries += 1;
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
    };
    const started = Date.now();
    const progress = options.progress ?? (() => {});
    const step = Math.max(1, Math.round(options.calls / 10));
    let uploaded = 0;
    await runPool(options.calls, concurrency, async (i) => {
      const id = String(i).padStart(6, '0');
      const key = `recordings/soak/call-${id}.wav`;
      const caseId = `SOAK-${id}`;
      const contactId = `contact-${id}`;
      // Drawn before any await, so the same seed makes the same calls late.
      const late = faults.lateMetadata(sidecarWaitSeconds);
      keys.push(key);
      uploads.push({ key, caseId, contactId });
      const put = new PutObjectCommand({
        Bucket: pipeline.recordingsBucket,
        Key: key,
        Body: callWav(template, i),
        ContentType: 'audio/wav',
        // A late call's ids and languages travel only in its sidecar.
        Metadata: late ? undefined : { 'case-id': caseId, 'contact-id': contactId },
      });
      uploadedAt.set(`${caseId}/${contactId}`, Date.now());
      await send(put);
      if (late) {
        const ref = { case_id: caseId, contact_id: contactId };
        lateCalls.push({ key, ref, afterWait: late.afterWait });
        const sidecar = new PutObjectCommand({
          Bucket: pipeline.recordingsBucket,
          Key: `${key}.meta.json`,
          Body: JSON.stringify({
            ...ref,
            caller_language: SIDECAR_LANGUAGES.caller,
            case_worker_language: SIDECAR_LANGUAGES.case_worker,
          }),
          ContentType: 'application/json',
        });
        // Not awaited here: the upload slot moves on to the next call meanwhile.
        sidecarUploads.push(
          new Promise((resolve) => setTimeout(resolve, late.delayMs)).then(() => send(sidecar)),
        );
      }
      if (faults.duplicateUpload()) await send(put);
      uploaded += 1;
      if (uploaded % step === 0 || uploaded === options.calls) {
        progress(`uploaded ${uploaded} of ${options.calls} calls`);
      }
    });
    await Promise.all(sidecarUploads);
    progress('all uploaded; waiting until every stage is idle');

    const ready: SummaryReadyMessage[] = [];
    await pipeline.waitUntilIdle(timeoutMs);
    ready.push(...(await pipeline.drainSummaryReady()));
    progress('pipeline idle; redriving the dead-letter queues once');
    let redriven = 0;
    const port = sqsRedrivePort(pipeline.sqs);
    for (const stage of STAGES) {
      const queue = pipeline.queues[stage];
      redriven += await redrive(port, { from: queue.dlqUrl, to: queue.url, max: 1_000_000 });
    }
    if (redriven > 0) {
      await pipeline.waitUntilIdle(timeoutMs);
      ready.push(...(await pipeline.drainSummaryReady()));
    }
    const finished = Date.now();

    const deadLetters = await dlqDepth(pipeline);
    // Listing past 1000 keys needs --openssl-legacy-provider: s3rver makes its continuation
    // tokens with DES. `npm run soak` and the test runner set it.
    const listed = await s3ListKeys(pipeline.s3)(pipeline.resultsBucket, '');
    const resultKeys = new Set(listed.map((object) => object.key));
    const errorRefs = new Set<string>();
    const errorInputs = new Set<string>();
    for (const key of [...resultKeys].filter((k) => k.startsWith('errors/'))) {
      const out = await pipeline.s3.send(
        new GetObjectCommand({ Bucket: pipeline.resultsBucket, Key: key }),
      );
      const record = JSON.parse(
        (await out.Body?.transformToString('utf-8')) ?? '{}',
      ) as ErrorRecord;
      if (record.input && 'key' in record.input) errorInputs.add(record.input.key);
      if (record.case_id && record.contact_id)
        errorRefs.add(`${record.case_id}/${record.contact_id}`);
    }
    let summaries = 0;
    let terminal = 0;
    const lostKeys: string[] = [];
    for (const upload of uploads) {
      const ref = `${upload.caseId}/${upload.contactId}`;
      const summarized = resultKeys.has(
        artifactKey({ case_id: upload.caseId, contact_id: upload.contactId }, 'summary'),
      );
      if (summarized) summaries += 1;
      if (summarized || errorRefs.has(ref) || errorInputs.has(upload.key)) terminal += 1;
      else lostKeys.push(upload.key);
    }

    const lateMetadata: LateMetadataOutcome = {
      calls: lateCalls.length,
      verified: 0,
      failedKeys: [],
      ingestedWithoutMetadata: 0,
    };
    for (const call of lateCalls) {
      const summaryKey = artifactKey(call.ref, 'summary');
      const summary = resultKeys.has(summaryKey)
        ? await readSummary(pipeline.s3, pipeline.resultsBucket, summaryKey)
        : undefined;
      const mismatch = metadataMismatch(summary, call.ref);
      if (mismatch) lateMetadata.failedKeys.push(`${call.key}: ${mismatch}`);
      else lateMetadata.verified += 1;
      const derived = contactRefOf({}, { bucket: pipeline.recordingsBucket, key: call.key });
      if (resultKeys.has(artifactKey(derived, 'summary'))) {
        if (call.afterWait) lateMetadata.ingestedWithoutMetadata += 1;
        // Within the wait the recording must have waited for its sidecar.
        else lateMetadata.failedKeys.push(`${call.key}: also summarized without its metadata`);
      }
    }

    const readyPerContact = new Map<string, number>();
    const latencies: number[] = [];
    for (const message of ready) {
      const ref = `${message.case_id}/${message.contact_id}`;
      readyPerContact.set(ref, (readyPerContact.get(ref) ?? 0) + 1);
      const upload = uploadedAt.get(ref);
      if (upload !== undefined && readyPerContact.get(ref) === 1) {
        latencies.push(Date.parse(message.ready_at) - upload);
      }
    }
    const duplicated = new Set<string>();
    for (const [ref, count] of readyPerContact) if (count > 1) duplicated.add(ref);
    for (const [key, count] of summaryWrites) {
      if (count > 1)
        duplicated.add(key.replace(/^cases\/([^/]+)\/contacts\/([^/]+)\/.*$/, '$1/$2'));
    }
    latencies.sort((a, b) => a - b);
    const elapsedSeconds = (finished - started) / 1000;

    return {
      calls: options.calls,
      seed,
      concurrency,
      processed: keys.length,
      summaries,
      errorRecords: [...resultKeys].filter((k) => k.startsWith('errors/')).length,
      redriven,
      uploadRetries,
      deadLetters,
      lost: lostKeys.length,
      lostKeys,
      lateMetadata,
      duplicated: duplicated.size,
      duplicatedContacts: [...duplicated].sort(),
      summaryReadyMessages: ready.length,
      summaryWrites: [...summaryWrites.values()].reduce((a, b) => a + b, 0),
      terminal,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: latencies.at(-1) ?? Number.NaN,
      },
      elapsedSeconds,
      throughputPerSecond: keys.length / elapsedSeconds,
      injected: { ...faults.counts },
    };
  } finally {
    await pipeline.stop();
  }
}

export function formatSoakResult(r: SoakResult): string {
  const i = r.injected;
  const late = r.lateMetadata;
  const failed = late.failedKeys;
  return [
    `callbrief soak: ${r.calls} calls, seed ${r.seed}, upload concurrency ${r.concurrency}`,
    `  injected     5xx ${i.provider5xx}, 429 ${i.provider429}, timeouts ${i.providerTimeout}, duplicate uploads ${i.duplicateUpload}, crashes after handler ${i.crashAfterHandler}, metadata after the audio ${i.lateMetadata} (+${i.metadataAfterWait} after the wait)`,
    `  processed    ${r.processed}`,
    `  summaries    ${r.summaries}`,
    `  error records ${r.errorRecords}`,
    `  redriven     ${r.redriven}`,
    `  upload retries ${r.uploadRetries}`,
    `  left in DLQs ${r.deadLetters}`,
    `  LOST         ${r.lost}${r.lost ? ` (${r.lostKeys.slice(0, 5).join(', ')}${r.lost > 5 ? ', …' : ''})` : ''}`,
    `  late metadata ${late.verified} of ${late.calls} summaries carry the sidecar's values; ${late.ingestedWithoutMetadata} also summarized without it (metadata after the wait)`,
    `  METADATA MISSED ${failed.length}${failed.length ? ` (${failed.slice(0, 3).join('; ')}${failed.length > 3 ? '; …' : ''})` : ''}`,
    `  DUPLICATED   ${r.duplicated}${r.duplicated ? ` (${r.duplicatedContacts.slice(0, 5).join(', ')})` : ''}`,
    `  end-to-end   p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, max ${r.latencyMs.max} ms`,
    `  throughput   ${r.throughputPerSecond.toFixed(1)} calls/s (${r.elapsedSeconds.toFixed(1)} s)`,
  ].join('\n');
}

const SOAK_USAGE = `Usage: npm run soak -- [--calls N] [--seed S] [--concurrency C] [--batch-size B]
                       [--json FILE] [--state-dir DIR] [--no-faults]
       npm run soak -- --target onprem [--calls N] [--kill-every S] [--serve-processes P]
                       [--spread-seconds S] [--env FILE] [--json FILE]

Drives N synthetic calls through the local pipeline with instant engines while injecting faults
(provider outages, duplicate and lost events, late metadata), then checks that every call ended
in exactly one summary or error record. Prints lost, duplicated, latency percentiles and
throughput; exits 1 when anything was lost or duplicated.

  --calls N        calls to drive (default 100)
  --seed S         seed of the fault mix (default 1)
  --concurrency C  uploads in flight at once (default 16)
  --batch-size B   records per handler invocation (default 10)
  --json FILE      also write the result as JSON
  --state-dir DIR  keep the S3 stand-in's objects here (default: a temporary folder)
  --no-faults      run without injected faults
  -h, --help       show this help and do nothing else

--target onprem drives the on-premises service instead (started by ./scripts/onprem-up.sh):
uploads N calls into Ceph RGW, runs npm run serve as child processes with instant engines,
SIGKILLs one every S seconds and restarts it, waits until every call has a summary and its
summary-ready message (consumed by the soak, counted per contact) or an error record, redrives
dead letters once if the pipeline goes idle before that, and prints the kills, lost and
duplicated; exits 1 when anything was lost or duplicated.

  --target T            local (default) or onprem
  --kill-every S        onprem: SIGKILL a serve process every S seconds (default 15; 0 never)
  --serve-processes P   onprem: serve processes sharing the work (default 1)
  --spread-seconds S    onprem: spread the uploads over S seconds (default 0: at once)
  --env FILE            onprem: endpoints and credentials (default .callbrief/onprem.env)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '16' },
      'batch-size': { type: 'string', default: '10' },
      json: { type: 'string' },
      'state-dir': { type: 'string' },
      'no-faults': { type: 'boolean', default: false },
      target: { type: 'string', default: 'local' },
      'kill-every': { type: 'string', default: '15' },
      'serve-processes': { type: 'string', default: '1' },
      'spread-seconds': { type: 'string', default: '0' },
      env: { type: 'string', default: '.callbrief/onprem.env' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(SOAK_USAGE);
    return 0;
  }
  const number = (name: string, text: string) => {
    const n = Number(text);
    const zeroAllowed = ['seed', 'kill-every', 'spread-seconds'].includes(name);
    if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1)) {
      throw new ConfigurationError(`--${name} must be a positive integer, got ${text}`);
    }
    return n;
  };
  if (values.target !== 'local' && values.target !== 'onprem') {
    throw new ConfigurationError(`--target must be local or onprem, got ${values.target}`);
  }
  if (values.target === 'onprem') {
    const result = await runOnpremSoak({
      calls: number('calls', values.calls),
      killEverySeconds: number('kill-every', values['kill-every']),
      serveProcesses: number('serve-processes', values['serve-processes']),
      uploadSpreadSeconds: number('spread-seconds', values['spread-seconds']),
      envFile: values.env,
      progress: (line) => process.stderr.write(`callbrief soak: ${line}\n`),
    });
    console.log(formatOnpremSoakResult(result));
    if (values.json) await writeFile(values.json, `${JSON.stringify(result, null, 2)}\n`);
    return result.lost + result.duplicated > 0 ? 1 : 0;
  }
  const result = await runSoak({
    calls: number('calls', values.calls),
    seed: number('seed', values.seed),
    concurrency: number('concurrency', values.concurrency),
    batchSize: number('batch-size', values['batch-size']),
    stateDir: values['state-dir'],
    faults: values['no-faults'] ? NO_FAULTS : undefined,
    progress: (line) => process.stderr.write(`callbrief soak: ${line}\n`),
  });
  console.log(formatSoakResult(result));
  if (values.json) await writeFile(values.json, `${JSON.stringify(result, null, 2)}\n`);
  const failed = result.lost + result.duplicated + result.lateMetadata.failedKeys.length;
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const mistake = userMistake(error);
      console.error(
        `callbrief soak: ${mistake ?? (error instanceof Error ? error.message : String(error))}`,
      );
      process.exitCode = 2;
    },
  );
}
