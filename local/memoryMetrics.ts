import type { StageMetricName } from '../functions/core/metricsPort';
import type { MetricsSink } from '../functions/handlers/stageMetrics';

/**
 * A metrics sink that keeps what a stage recorded in memory, for local runs and tests: what
 * Lambda would publish as EMF, without printing it.
 */
export class MemoryMetrics implements MetricsSink {
  /** Every value published so far, per metric, in the order recorded. */
  readonly published: Partial<Record<StageMetricName, number[]>> = {};
  /** How many times the handler published (once per invocation). */
  publishes = 0;
  private pending: [StageMetricName, number][] = [];

  add(name: StageMetricName, value: number): void {
    this.pending.push([name, value]);
  }

  publish(): void {
    for (const [name, value] of this.pending) {
      this.published[name] = [...(this.published[name] ?? []), value];
    }
    this.pending = [];
    this.publishes += 1;
  }

  /** The sum of a metric's published values (0 when none). */
  total(name: StageMetricName): number {
    return (this.published[name] ?? []).reduce((sum, value) => sum + value, 0);
  }
}
