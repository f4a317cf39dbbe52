import type { Provenance } from '../shared/documents';

/** The CloudWatch namespace of every callbrief metric. */
export const METRICS_NAMESPACE = 'callbrief';

/**
 * What a stage measures, with the CloudWatch unit of each. The names are the metric names in
 * the `callbrief` namespace; the dashboard (infra/constructs/PipelineDashboard.ts) reads them.
 */
export const STAGE_METRIC_UNITS = {
  /** Queue records handled to the end and acknowledged (done, or ended as an error record). */
  RecordsProcessed: 'Count',
  /** Queue records thrown back to the queue for a retry. */
  RecordsFailed: 'Count',
  /** Queue records received more than once (SQS ApproximateReceiveCount > 1). */
  RecordsRetried: 'Count',
  /** Error records written: inputs rejected for good. */
  ErrorRecords: 'Count',
  /** Time one queue record took, from the start of its handling to its outcome. */
  StageLatency: 'Milliseconds',
  /** Time the AI providers took for one record, as they report it in provenance. */
  EngineTime: 'Milliseconds',
  /** Minutes of audio ingested or transcribed. CloudWatch has no minute unit. */
  AudioMinutes: 'None',
} as const;

export type StageMetricName = keyof typeof STAGE_METRIC_UNITS;

/** Minimal metrics surface the core needs; the handler binds it to a stage and publishes it. */
export interface StageMetrics {
  add(name: StageMetricName, value: number): void;
}

export const NO_METRICS: StageMetrics = { add: () => {} };

/**
 * Records the provider time of the AI calls one record just made. Reused artifacts cost no
 * engine time, so callers report only what they produced now.
 */
export function recordEngineTime(
  metrics: StageMetrics | undefined,
  ...provenances: readonly (Provenance | undefined)[]
): void {
  const called = provenances.filter((p): p is Provenance => p !== undefined);
  if (called.length === 0) return;
  metrics?.add(
    'EngineTime',
    called.reduce((sum, p) => sum + p.latency_ms, 0),
  );
}

export function recordAudioMinutes(
  metrics: StageMetrics | undefined,
  durationSeconds: number,
): void {
  metrics?.add('AudioMinutes', durationSeconds / 60);
}
