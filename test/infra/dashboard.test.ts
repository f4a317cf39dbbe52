import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_METRIC_UNITS } from '../../functions/core/metricsPort';
import { STAGES } from '../../infra/config';
import type { CallbriefStack } from '../../infra/stacks/CallbriefStack';
import { synthesize } from './synthesize';

type Resource = { Type: string; Properties: Record<string, unknown> };
type MetricRow = unknown[];
interface Widget {
  type: string;
  properties: { title?: string; metrics?: MetricRow[] };
}

let stack: CallbriefStack;
let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown }>;
let widgets: Widget[];

const idOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

/** The dashboard body with each token written as its JSON, so it parses as the console sees it. */
function renderBody(body: unknown): string {
  const [, parts] = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts
    .map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'")))
    .join('');
}

/** Widget rows of one stage's metrics in namespace callbrief: [namespace, name, 'stage', stage]. */
const stageMetrics = (stage: string) =>
  widgets
    .flatMap((widget) => widget.properties.metrics ?? [])
    .filter((row) => row[0] === 'callbrief' && row[2] === 'stage' && row[3] === stage)
    .map((row) => row[1]);

beforeAll(() => {
  const { stack: built, template } = synthesize('dashboard');
  stack = built;
  const json = template.toJSON() as {
    Resources: Record<string, Resource>;
    Outputs: Record<string, { Value: unknown }>;
  };
  resources = json.Resources;
  outputs = json.Outputs;
  const dashboard = resources[idOf(stack.dashboard.dashboard)];
  widgets = JSON.parse(renderBody(dashboard?.Properties.DashboardBody)).widgets;
});

describe('Construct: PipelineDashboard', () => {
  it('is one dashboard, named in the stack outputs', () => {
    const dashboards = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::CloudWatch::Dashboard',
    );

    expect(dashboards).toHaveLength(1);
    expect(outputs.DashboardName?.Value).toEqual({ Ref: idOf(stack.dashboard.dashboard) });
  });

  it.each(STAGES)('graphs every stage metric of %s with its stage dimension', (stage) => {
    const expected = Object.keys(STAGE_METRIC_UNITS).filter(
      (name) => name !== 'AudioMinutes' || stage === 'ingest' || stage === 'transcribe',
    );

    expect(new Set(stageMetrics(stage))).toEqual(new Set(expected));
  });

  it('shows latency and engine time as p50 and p95', () => {
    const latency = widgets.find(
      (w) => w.properties.title === 'transcribe: latency and engine time (ms)',
    );
    const stats = (latency?.properties.metrics ?? []).map((row) => [
      row[1],
      (row.at(-1) as { stat: string }).stat,
    ]);

    expect(stats).toEqual(
      expect.arrayContaining([
        ['StageLatency', 'p50'],
        ['StageLatency', 'p95'],
        ['EngineTime', 'p50'],
        ['EngineTime', 'p95'],
      ]),
    );
  });

  it.each(STAGES)(
    "graphs %s's queue depth, dead letters and age of the oldest message",
    (stage) => {
      const { queue, deadLetterQueue } = stack.stages[stage].input;
      const queueWidget = widgets.find((w) => w.properties.title === `${stage}: queue`);
      const rows = JSON.stringify(queueWidget?.properties.metrics);
      const nameOf = (q: IConstruct) => `{'Fn::GetAtt':['${idOf(q)}','QueueName']}`;

      expect(rows).toContain(`"ApproximateNumberOfMessagesVisible","QueueName","${nameOf(queue)}"`);
      expect(rows).toContain(
        `"ApproximateNumberOfMessagesVisible","QueueName","${nameOf(deadLetterQueue)}"`,
      );
      expect(rows).toContain(`"ApproximateAgeOfOldestMessage","QueueName","${nameOf(queue)}"`);
    },
  );
});
