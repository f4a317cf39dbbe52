import { describe, expect, it } from 'vitest';
import { type BenchResults, formatReport, mergeResults } from '../../../bench/report';
import { median, percentile } from '../../../local/statistics';

const MiB = 1024 * 1024;

const longRecording = {
  recordingSeconds: 7200,
  recordingBytes: 460_800_044,
  maxUploadBytes: 25_000_000,
  pieces: 20,
  uploadedBytes: 460_813_100,
  transcriptTurns: 2885,
  runs: 3,
  peakRssBytes: 244 * MiB,
  peakRssMaxBytes: 250 * MiB,
  ingestPeakRssBytes: 157 * MiB,
  idleRssBytes: 78 * MiB,
  limitBytes: 256 * MiB,
  generateSeconds: 0.6,
  uploadSeconds: 4.6,
  ingestSeconds: 4.5,
  transcribeSeconds: 14.1,
};

/** Fixed figures: the formatter is tested, never the timing. */
const results: BenchResults = {
  date: '2026-11-22T23:00:00.000Z',
  machine: {
    cpu: 'Test CPU @ 2.00GHz',
    cores: 2,
    memoryBytes: 24 * 1024 ** 3,
    os: 'Debian GNU/Linux 12 (bookworm) (Linux 6.1.0)',
    node: 'v24.21.0',
  },
  settings: {
    quick: false,
    bundleRuns: 11,
    sampleRuns: 3,
    singleCalls: 20,
    concurrentCalls: 100,
    engineLatencyMs: 200,
    instantConcurrency: 5,
    throughputCalls: 200,
    longRecordingSeconds: 7200,
    longRecordingRuns: 3,
  },
  bundles: [
    {
      name: 'ingest',
      bytes: 1395 * 1024,
      loadMsMedian: 298.4,
      referenceCalls: 'S3, SQS',
      referenceBytes: 450 * 1024,
      referenceLoadMsMedian: 122,
      sizeRatio: 3.1,
      loadRatio: 2.446,
    },
    {
      name: 'transcribe',
      bytes: 900 * 1024,
      loadMsMedian: 150,
      onDemand: [{ name: 'ogg-opus-decoder', bytes: 120 * 1024, loadMsMedian: 40.2 }],
      referenceCalls: 'S3, SQS, Secrets Manager',
      referenceBytes: 600 * 1024,
      referenceLoadMsMedian: 100,
      sizeRatio: 1.5,
      loadRatio: 1.5,
    },
  ],
  pipeline: [
    {
      engines: 'offline engines, sample call',
      concurrency: 1,
      calls: 3,
      endToEndMsMedian: 29_300,
      engineMsMedian: 28_000,
      overheadMsMedian: 1_300,
      overheadMsP95: 1_450,
      overheadPercentOfEngine: 4.642,
    },
    {
      engines: 'instant engines (200 ms per call)',
      concurrency: 100,
      calls: 100,
      endToEndMsMedian: 12_345,
      engineMsMedian: 812,
      overheadMsMedian: 11_533,
      overheadMsP95: 20_100,
      overheadPercentOfEngine: 1420.3,
    },
  ],
  throughput: { calls: 200, uploadConcurrency: 16, seconds: 100, callsPerSecond: 2 },
  longRecording,
  longRecordingOpus: {
    ...longRecording,
    format: 'opus',
    recordingBytes: 29_000_000,
    peakRssBytes: 239 * MiB,
    peakRssMaxBytes: 244 * MiB,
    transcribeSeconds: 225.1,
  },
  decode: [
    {
      format: 'Ogg/Opus',
      encoder: 'opusenc --bitrate 32',
      recordingSeconds: 600,
      fileBytes: 2_400_000,
      runs: 3,
      decodeSecondsMedian: 20,
      timesRealTime: 30,
    },
  ],
};

/** The report with table padding collapsed, so rows read as written below. */
const report = (input: BenchResults) => formatReport(input).replace(/ {2,}/g, ' ');

describe('Function: formatReport', () => {
  it('names the machine, the date and the Node version', () => {
    const text = report(results);

    expect(text).toContain('Measured 2026-11-22 on Test CPU @ 2.00GHz (2 cores), 24.0 GiB RAM');
    expect(text).toContain('Debian GNU/Linux 12 (bookworm) (Linux 6.1.0), Node v24.21.0.');
  });

  it('writes one table row per figure, with medians and ratios', () => {
    const text = report(results);

    expect(text).toContain(
      '| ingest | 1395 KiB | 450 KiB (S3, SQS) | 3.10x (+945 KiB) | 298 ms | 122 ms | 2.45x |',
    );
    expect(text).toContain(
      '| transcribe | 900 KiB | 600 KiB (S3, SQS, Secrets Manager) | 1.50x (+300 KiB) | 150 ms | 100 ms | 1.50x |',
    );
    expect(text).toContain('| transcribe | ogg-opus-decoder | 120 KiB | 40 ms |');
    expect(text).toContain(
      '| 2.0 h Ogg/Opus, 29 MB | 20 (461 MB) | 3 | 239 MiB | 244 MiB | 256 MiB | 0.95x (within) | 157 MiB | 78 MiB | 4.5 s | 225.1 s |',
    );
    expect(text).toContain('| Ogg/Opus | opusenc --bitrate 32 | 2.4 MB | 20.0 s | 30x |');
    expect(text).toContain(
      '| offline engines, sample call | 1 | 3 | 29.3 s | 28.0 s | 1300 ms | 1450 ms | 4.6 % |',
    );
    expect(text).toContain(
      '| instant engines (200 ms per call) | 100 | 100 | 12.3 s | 812 ms | 11.5 s | 20.1 s | 1420.3 % |',
    );
    expect(text).toContain('| 200 | 16 | 100.0 s | 2.00 |');
    expect(text).toContain(
      '| 2.0 h, 461 MB | 20 (461 MB) | 3 | 244 MiB | 250 MiB | 256 MiB | 0.98x (within) | 157 MiB | 78 MiB | 4.5 s | 14.1 s |',
    );
  });

  it('aligns the columns of every table, as the Markdown formatter does', () => {
    const tables = formatReport(results)
      .split('\n\n')
      .filter((block) => block.startsWith('|'));

    expect(tables).toHaveLength(7);
    for (const table of tables) {
      const widths = new Set(
        table
          .trim()
          .split('\n')
          .map((row) => row.length),
      );
      expect(widths.size).toBe(1);
    }
  });

  it('states the method of every measurement', () => {
    const text = report(results);

    const methods = text.split('\n').filter((line) => line.startsWith('Method: '));
    expect(methods).toHaveLength(6);
    expect(methods[0]).toContain('median of 11 imports in fresh Node processes');
    expect(methods[0]).toContain('median of the 11 paired ratios');
    expect(methods[0]).toContain('reference bundle that makes the same AWS SDK calls');
    expect(methods[1]).toContain('ran 3 times with the offline engines');
    expect(methods[1]).toContain('20 calls one at a time and 100 calls uploaded at once');
  });

  it('flags a peak above the memory bar, in the highest run or in the median', () => {
    const highest = { ...longRecording, peakRssMaxBytes: 300 * MiB };
    const both = { ...highest, peakRssBytes: 280 * MiB };

    expect(report({ ...results, longRecording: highest })).toContain(
      '| 1.17x (median within, highest ABOVE) |',
    );
    expect(report({ ...results, longRecording: both })).toContain('| 1.17x (ABOVE) |');
  });

  it('leaves out the parts that did not run (--only)', () => {
    const text = report({
      ...results,
      bundles: undefined,
      pipeline: undefined,
      throughput: undefined,
    });

    expect(text).not.toContain('## Bundles');
    expect(text).not.toContain('## Pipeline overhead');
    expect(text).not.toContain('## Throughput');
    expect(text).toContain('## Long recording (peak memory)');
  });
});

describe('Function: percentile', () => {
  it('takes the nearest rank, so every figure is a measured value', () => {
    const values = [5, 1, 4, 2, 3];

    expect(median(values)).toBe(3);
    expect(percentile(values, 95)).toBe(5);
    expect(percentile([7], 95)).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});

describe('Function: mergeResults', () => {
  it('keeps the sections a partial run did not measure, each with its own date', () => {
    // Prepare
    const earlier = { ...results, date: '2026-11-23T10:00:00.000Z' };
    const { longRecording: _, ...withoutLong } = results;
    const later: BenchResults = {
      ...withoutLong,
      date: '2026-12-03T22:00:00.000Z',
      bundles: results.bundles?.slice(0, 1),
    };
    delete later.pipeline;
    delete later.throughput;

    // Act
    const merged = mergeResults(earlier, later);

    // Assess
    expect(merged.longRecording).toEqual(results.longRecording);
    expect(merged.bundles).toHaveLength(1);
    expect(merged.measured?.longRecording).toBe('2026-11-23T10:00:00.000Z');
    expect(merged.measured?.bundles).toBe('2026-12-03T22:00:00.000Z');
    expect(formatReport(merged)).toContain('Sections measured separately (`--only`):');
  });
});
