import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STAGE_METRIC_UNITS } from '../../../functions/core/metricsPort';
import { powertoolsStageMetrics } from '../../../functions/handlers/stageMetrics';

/** The lines Powertools writes to stdout while `act` runs. */
function stdoutLines(act: () => void): string[] {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return written.join('').split('\n').filter(Boolean);
}

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: unknown[] }[];
  };
  [key: string]: unknown;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Function: powertoolsStageMetrics', () => {
  it('publishes one EMF document in namespace callbrief with the stage as its only dimension', () => {
    // Prepare
    const logger = new Logger({ serviceName: 'callbrief-transcribe', logLevel: 'SILENT' });
    const metrics = powertoolsStageMetrics('transcribe', logger);
    metrics.add('RecordsProcessed', 1);
    metrics.add('RecordsProcessed', 1);
    metrics.add('EngineTime', 812);
    metrics.add('AudioMinutes', 2.5);

    // Act
    const lines = stdoutLines(() => metrics.publish());

    // Assess
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0] ?? '') as EmfDocument;
    expect(emf._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'callbrief',
        Dimensions: [['stage']],
        Metrics: [
          { Name: 'RecordsProcessed', Unit: STAGE_METRIC_UNITS.RecordsProcessed },
          { Name: 'EngineTime', Unit: 'Milliseconds' },
          { Name: 'AudioMinutes', Unit: 'None' },
        ],
      },
    ]);
    expect(typeof emf._aws.Timestamp).toBe('number');
    expect(emf.stage).toBe('transcribe');
    expect(emf.service).toBeUndefined();
    // Values recorded twice in one invocation are kept as a list (CloudWatch sums them).
    expect(emf.RecordsProcessed).toEqual([1, 1]);
    expect(emf.EngineTime).toBe(812);
    expect(emf.AudioMinutes).toBe(2.5);
  });

  it('starts afresh after publishing, and publishes nothing when nothing was recorded', () => {
    const logger = new Logger({ serviceName: 'callbrief-publish', logLevel: 'SILENT' });
    const metrics = powertoolsStageMetrics('publish', logger);
    metrics.add('RecordsFailed', 1);
    stdoutLines(() => metrics.publish());

    const lines = stdoutLines(() => metrics.publish());

    expect(lines).toEqual([]);
  });
});
