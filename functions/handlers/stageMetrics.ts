import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, STAGE_METRIC_UNITS, type StageMetrics } from '../core/metricsPort';

/** A stage's metrics as the handler holds them: recorded during an invocation, then published. */
export interface MetricsSink extends StageMetrics {
  /** Writes what this invocation recorded and starts afresh. */
  publish(): void;
}

export const NO_METRICS_SINK: MetricsSink = { add: () => {}, publish: () => {} };

/**
 * Powertools Metrics for one stage: CloudWatch embedded-metric documents in namespace
 * `callbrief` with the single dimension `stage`. Powertools' default `service` dimension is
 * dropped: each stage has its own function, so it would only repeat `stage` and make every
 * dashboard query name two dimensions.
 *
 * The documents go straight to stdout through Powertools' own Console, not the global console
 * that Lambda's JSON log format wraps into `{"message": …}`: that is what keeps them parseable
 * as EMF (CloudWatch docs: a Node.js EMF writer must bypass console.log under the JSON log
 * format). POWERTOOLS_DEV must therefore stay unset in Lambda; it would switch back to console.
 */
export function powertoolsStageMetrics(stage: string, logger: Logger): MetricsSink {
  // Powertools' own warnings (e.g. an empty flush) go through our structured logger.
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, logger });
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({ stage });
  return {
    add: (name, value) => metrics.addMetric(name, STAGE_METRIC_UNITS[name], value),
    publish: () => metrics.publishStoredMetrics(),
  };
}
