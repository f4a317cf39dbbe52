import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import amqp, { type ConsumeMessage } from 'amqplib';
import { s3ListKeys } from '../../functions/adapters/s3ListKeys';
import { PIPELINE_STAGES } from '../../functions/handlers/stageHandlers';
import { artifactKey } from '../../functions/shared/artifactKeys';
import type { ErrorRecord, SummaryReadyMessage } from '../../functions/shared/documents';
import { readOnpremEnv } from '../../onprem/onpremEnv';
import { deadLetterCounts, redriveOnprem, serviceS3, uploaderS3 } from '../../onprem/operations';
import { queueOf } from '../../onprem/topology';
import { percentile } from '../statistics';
import { type Kill, ServeSupervisor } from './serveSupervisor';
import { callWav, toneWav } from './soakAudio';

export interface OnpremSoakOptions {
  calls: number;
  /** SIGKILL a serve process this often; 0: never. */
  killEverySeconds: number;
  /** Serve processes sharing the work. @default 1 */
  serveProcesses?: number;
  /** Spread the uploads evenly over this many seconds. @default 0 (all at once, 8 in flight) */
  uploadSpreadSeconds?: number;
  /** @default .callbrief/onprem.env */
  envFile?: string;
  /** Keep going (and killing) until at least this many kills happened. @default 0 */
  minKills?: number;
  /** Give up waiting for terminal outcomes after this long. @default 10 min */
  timeoutMs?: number;
  progress?: (line: string) => void;
}

export interface OnpremSoakResult {
  calls: number;
  runId: string;
  serveProcesses: number;
  killEverySeconds: number;
  kills: Kill[];
  /** Serve processes that died without being killed (each one restarted). */
  unexpectedExits: number;
  summaries: number;
  errorRecords: number;
  /** Calls with a summary and its summary-ready message, or an error record. */
  terminal: number;
  lost: number;
  lostKeys: string[];
  /** Contacts for which more than one summary-ready message arrived. */
  duplicated: number;
  duplicatedContacts: string[];
  summaryReadyMessages: number;
  /** Dead letters added to the stages' dead-letter queues during the run. */
  deadLettered: number;
  redriven: number;
  latencyMs: { p50: number; p95: number; max: number };
  elapsedSeconds: number;
  throughputPerSecond: number;
  recentServeErrors: string[];
  /** Stage messages handled by each serve slot (a slot: one process and its replacements). */
  handledPerProcess: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * The soak against the on-premises service: uploads `calls` recordings into RGW as the uploader
 * user (RGW notifies ingest over AMQP), runs `serve` as child processes with instant engines,
 * SIGKILLs one every `killEverySeconds` and restarts it, and waits until every call is terminal.
 * It consumes the summary-ready queue itself, as a case system would, and counts the messages per
 * contact: a repeated notification is a second message and shows as a duplicate. Messages of
 * other runs are left unacknowledged, so they return to the queue when the soak ends.
 */
export async function runOnpremSoak(options: OnpremSoakOptions): Promise<OnpremSoakResult> {
  const env = readOnpremEnv(options.envFile ?? '.callbrief/onprem.env');
  const progress = options.progress ?? (() => {});
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const processes = options.serveProcesses ?? 1;
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const casePrefix = `SOAK-${runId}-`.toUpperCase();
  const recordingPrefix = `recordings/soak-${runId}/`;
  const uploader = uploaderS3(env);
  const service = serviceS3(env);
  const listKeys = s3ListKeys(service);

  const connection = await amqp.connect(env.amqpUrl);
  const observer = await connection.createChannel();
  const ready = new Map<string, SummaryReadyMessage[]>();
  await observer.consume(
    queueOf('summary-ready'),
    (message: ConsumeMessage | null) => {
      if (!message) return;
      let parsed: SummaryReadyMessage | undefined;
      try {
        parsed = JSON.parse(message.content.toString('utf-8')) as SummaryReadyMessage;
      } catch {
        parsed = undefined;
      }
      if (!parsed?.case_id?.startsWith(casePrefix)) return; // another run's: left to return
      const ref = `${parsed.case_id}/${parsed.contact_id}`;
      ready.set(ref, [...(ready.get(ref) ?? []), parsed]);
      observer.ack(message);
    },
    { noAck: false },
  );
  const deadBefore = sum(await deadLetterCounts(env));

  const supervisor = new ServeSupervisor(
    [
      '--env',
      options.envFile ?? '.callbrief/onprem.env',
      '--instant-engines',
      '--retry-delay-seconds',
      '1',
      '--handoff-stale-seconds',
      '5',
    ],
    progress,
  );
  const calls = Array.from({ length: options.calls }, (_, i) => {
    const id = String(i).padStart(6, '0');
    return {
      key: `${recordingPrefix}call-${id}.wav`,
      caseId: `${casePrefix}${id}`,
      contactId: `contact-${id}`,
    };
  });
  const uploadedAt = new Map<string, number>();
  let killer: NodeJS.Timeout | undefined;
  const started = Date.now();
  try {
    await supervisor.start(processes);
    progress(
      `serve running (pids ${supervisor.pids.join(', ')}); uploading ${options.calls} calls`,
    );
    if (options.killEverySeconds > 0) {
      killer = setInterval(() => {
        const kill = supervisor.killOne();
        progress(
          `kill ${supervisor.kills.length} at ${kill.atSeconds.toFixed(1)} s: serve pid ${kill.pid} SIGKILLed, restarted as pid ${kill.restartedPid}`,
        );
      }, options.killEverySeconds * 1000);
    }

    const template = toneWav();
    const spreadMs = (options.uploadSpreadSeconds ?? 0) * 1000;
    const uploadsStarted = Date.now();
    let nextCall = 0;
    const uploadOne = async () => {
      while (nextCall < calls.length) {
        const i = nextCall++;
        const call = calls[i] as (typeof calls)[number];
        if (spreadMs > 0)
          await sleep(Math.max(0, uploadsStarted + (spreadMs * i) / calls.length - Date.now()));
        uploadedAt.set(`${call.caseId}/${call.contactId}`, Date.now());
        for (let attempt = 1; ; attempt++) {
          try {
            await uploader.send(
              new PutObjectCommand({
                Bucket: env.recordingsBucket,
                Key: call.key,
                Body: callWav(template, i),
                ContentType: 'audio/wav',
                Metadata: { 'case-id': call.caseId, 'contact-id': call.contactId },
              }),
            );
            break;
          } catch (error) {
            if (attempt >= 5) throw error;
            await sleep(200 * attempt);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: spreadMs > 0 ? calls.length : 8 }, uploadOne));
    progress(`all ${calls.length} uploaded; waiting until every call is terminal`);

    // Terminal: a summary and its summary-ready message, or an error record of the call.
    const errorRefs = new Set<string>();
    const readErrors = new Set<string>();
    let errorRecords = 0;
    let summarized = new Set<string>();
    let redriven = 0;
    let idleSince: number | undefined;
    const terminalRefs = () =>
      calls.filter((c) => {
        const ref = `${c.caseId}/${c.contactId}`;
        return (
          (summarized.has(ref) && ready.has(ref)) || errorRefs.has(ref) || errorRefs.has(c.key)
        );
      });
    let lastReport = 0;
    while (Date.now() - started < timeoutMs) {
      const caseKeys = await listKeys(env.resultsBucket, `cases/${casePrefix}`);
      summarized = new Set(
        calls
          .filter((c) =>
            caseKeys.some(
              (o) =>
                o.key === artifactKey({ case_id: c.caseId, contact_id: c.contactId }, 'summary'),
            ),
          )
          .map((c) => `${c.caseId}/${c.contactId}`),
      );
      for (const object of await listKeys(env.resultsBucket, 'errors/')) {
        if (readErrors.has(object.key) || object.lastModified.getTime() < started - 5_000) continue;
        readErrors.add(object.key);
        const out = await service.send(
          new GetObjectCommand({ Bucket: env.resultsBucket, Key: object.key }),
        );
        const record = JSON.parse(
          (await out.Body?.transformToString('utf-8')) ?? '{}',
        ) as ErrorRecord;
        const mine =
          record.case_id?.startsWith(casePrefix) ||
          ('key' in record.input && record.input.key.startsWith(recordingPrefix));
        if (!mine) continue;
        errorRecords += 1;
        if (record.case_id && record.contact_id)
          errorRefs.add(`${record.case_id}/${record.contact_id}`);
        if ('key' in record.input) errorRefs.add(record.input.key);
      }
      const terminal = terminalRefs().length;
      if (terminal === calls.length && supervisor.kills.length >= (options.minKills ?? 0)) break;
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        progress(`${terminal} of ${calls.length} terminal`);
      }
      // Idle with calls missing: a dead letter is the only place they can be. Redrive once.
      const dead = sum(await deadLetterCounts(env)) - deadBefore;
      const depth = await queueDepth(observer);
      idleSince = depth === 0 ? (idleSince ?? Date.now()) : undefined;
      if (dead > 0 && redriven === 0 && idleSince && Date.now() - idleSince > 5_000) {
        const moved = await redriveOnprem(env);
        redriven = sum(moved as Record<string, number>);
        progress(`pipeline idle with ${dead} dead letters: ${redriven} redriven`);
      }
      await sleep(1_000);
    }
    if (killer) clearInterval(killer);
    killer = undefined;
    // Let the service settle without kills, so a late repeated notification still shows.
    const settleUntil = Date.now() + 5_000;
    while (Date.now() < settleUntil || (await queueDepth(observer)) > 0) {
      if (Date.now() - started > timeoutMs + 60_000) break;
      await sleep(500);
    }
    await supervisor.stop();
    await sleep(500);
    const finished = Date.now();
    const terminal = terminalRefs();
    const terminalSet = new Set(terminal.map((c) => c.key));
    const lostKeys = calls.filter((c) => !terminalSet.has(c.key)).map((c) => c.key);
    const duplicatedContacts = [...ready].filter(([, m]) => m.length > 1).map(([ref]) => ref);
    const latencies = [...ready]
      .map(
        ([ref, messages]) => Date.parse(messages[0]?.ready_at ?? '') - (uploadedAt.get(ref) ?? 0),
      )
      .filter((ms) => Number.isFinite(ms))
      .sort((a, b) => a - b);
    const elapsedSeconds = (finished - started) / 1000;
    return {
      calls: calls.length,
      runId,
      serveProcesses: processes,
      killEverySeconds: options.killEverySeconds,
      kills: supervisor.kills,
      unexpectedExits: supervisor.unexpectedExits,
      summaries: summarized.size,
      errorRecords,
      terminal: terminal.length,
      lost: lostKeys.length,
      lostKeys,
      duplicated: duplicatedContacts.length,
      duplicatedContacts,
      summaryReadyMessages: [...ready.values()].reduce((n, m) => n + m.length, 0),
      deadLettered: sum(await deadLetterCounts(env)) - deadBefore + redriven,
      redriven,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: latencies.at(-1) ?? Number.NaN,
      },
      elapsedSeconds,
      throughputPerSecond: calls.length / elapsedSeconds,
      recentServeErrors: supervisor.recentErrors,
      handledPerProcess: Array.from(
        { length: processes },
        (_, i) => supervisor.handledPerSlot[i] ?? 0,
      ),
    };
  } finally {
    if (killer) clearInterval(killer);
    await supervisor.stop();
    await connection.close().catch(() => {});
    uploader.destroy();
    service.destroy();
  }
}

/** Messages waiting in the stage queues (ready, not yet delivered). */
async function queueDepth(channel: amqp.Channel): Promise<number> {
  let depth = 0;
  for (const stage of PIPELINE_STAGES)
    depth += (await channel.checkQueue(queueOf(stage))).messageCount;
  return depth;
}

export function formatOnpremSoakResult(r: OnpremSoakResult): string {
  const kills = r.kills.map((k) => `${k.atSeconds.toFixed(0)} s`).join(', ');
  return [
    `callbrief soak (on premises): ${r.calls} calls, ${r.serveProcesses} serve process(es), SIGKILL every ${r.killEverySeconds} s, run ${r.runId}`,
    `  work shared  ${r.handledPerProcess.join(' / ')} stage messages handled per serve process`,
    `  kills        ${r.kills.length}${kills ? ` (at ${kills})` : ''}; unexpected exits ${r.unexpectedExits}`,
    `  summaries    ${r.summaries}`,
    `  error records ${r.errorRecords}`,
    `  terminal     ${r.terminal} of ${r.calls}`,
    `  dead-lettered ${r.deadLettered}, redriven ${r.redriven}`,
    `  summary-ready messages ${r.summaryReadyMessages}`,
    `  LOST         ${r.lost}${r.lost ? ` (${r.lostKeys.slice(0, 5).join(', ')}${r.lost > 5 ? ', …' : ''})` : ''}`,
    `  DUPLICATED   ${r.duplicated}${r.duplicated ? ` (${r.duplicatedContacts.slice(0, 5).join(', ')})` : ''}`,
    `  end-to-end   p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, max ${r.latencyMs.max} ms`,
    `  throughput   ${r.throughputPerSecond.toFixed(2)} calls/s (${r.elapsedSeconds.toFixed(1)} s)`,
  ].join('\n');
}
