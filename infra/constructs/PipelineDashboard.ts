import { Duration } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type IWidget,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type StageMetricName } from '../../functions/core/metricsPort';
import type { StageName } from '../../functions/shared/documents';
import type { PipelineStage } from './PipelineStage';

export interface PipelineDashboardProps {
  /** The stages in pipeline order; one row each. */
  readonly stages: Readonly<Record<StageName, PipelineStage>>;
  /**
   * How long each data point aggregates.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/** Only these stages read audio; the others record no AudioMinutes. */
const AUDIO_STAGES: ReadonlySet<StageName> = new Set(['ingest', 'transcribe']);

/**
 * One CloudWatch dashboard for the pipeline, one row per stage in pipeline order: its records
 * (processed, failed, retried, error records), its latency and the AI engine's time (p50, p95),
 * its queue (waiting, dead letters, age of the oldest message) and, where audio is read, the
 * audio minutes. The stage metrics are the embedded-metric documents the functions write
 * (functions/core/metricsPort.ts); the queue metrics are SQS's own.
 */
export class PipelineDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    const stageMetric = (stage: StageName, name: StageMetricName, statistic: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { stage },
        statistic,
        period,
        label: statistic === 'Sum' ? name : `${name} ${statistic}`,
      });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# callbrief pipeline\nOne row per stage. Failed records go back to their queue; ' +
          'error records are inputs rejected for good (`errors/<stage>/` in the results bucket).',
        width: 24,
        height: 2,
      }),
    );
    for (const [stage, { input }] of Object.entries(props.stages) as [StageName, PipelineStage][]) {
      const row: IWidget[] = [
        new GraphWidget({
          title: `${stage}: records`,
          left: (
            ['RecordsProcessed', 'RecordsFailed', 'RecordsRetried', 'ErrorRecords'] as const
          ).map((name) => stageMetric(stage, name, 'Sum')),
          width: 6,
        }),
        new GraphWidget({
          title: `${stage}: latency and engine time (ms)`,
          left: ['p50', 'p95'].flatMap((statistic) => [
            stageMetric(stage, 'StageLatency', statistic),
            stageMetric(stage, 'EngineTime', statistic),
          ]),
          width: 6,
        }),
        new GraphWidget({
          title: `${stage}: queue`,
          left: [
            input.queue.metricApproximateNumberOfMessagesVisible({
              period,
              statistic: 'Maximum',
              label: 'waiting',
            }),
            input.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              period,
              statistic: 'Maximum',
              label: 'dead letters',
            }),
          ],
          right: [
            input.queue.metricApproximateAgeOfOldestMessage({
              period,
              statistic: 'Maximum',
              label: 'oldest message (s)',
            }),
          ],
          width: 6,
        }),
      ];
      if (AUDIO_STAGES.has(stage)) {
        row.push(
          new GraphWidget({
            title: `${stage}: audio minutes`,
            left: [stageMetric(stage, 'AudioMinutes', 'Sum')],
            width: 6,
          }),
        );
      }
      this.dashboard.addWidgets(...row);
    }
  }
}
