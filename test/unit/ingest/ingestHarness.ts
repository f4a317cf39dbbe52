import type { Log, StageContext } from '../../../functions/core/stageContext';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

export const RECORDINGS = 'rec';
export const RESULTS = 'res';
export const T0 = new Date('2026-11-22T09:40:00.000Z');

export const offlineConfig = (ingest: Record<string, unknown> = {}) =>
  parsePipelineConfig({
    speechToText: { type: 'pocketsphinx' },
    translation: { type: 'apertium' },
    summarization: { type: 'extractive' },
    languages: { caseWorker: 'es', defaultCaller: 'en' },
    ingest,
  });

/** A valid 16-bit PCM WAV of `channels` channels holding `seconds` of silence. */
export function wav(seconds = 0.1, channels = 2, rate = 8000): Uint8Array {
  const dataBytes = Math.round(seconds * rate) * channels * 2;
  const view = new DataView(new ArrayBuffer(44 + dataBytes));
  const tag = (offset: number, text: string) => {
    for (const [i, c] of [...text].entries()) view.setUint8(offset + i, c.charCodeAt(0));
  };
  tag(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  tag(36, 'data');
  view.setUint32(40, dataBytes, true);
  return new Uint8Array(view.buffer);
}

/** A stage context over an in-memory store whose clock the test moves; sent messages are kept. */
export function ingestHarness() {
  const store = new MemoryObjectStore();
  const sent: unknown[] = [];
  const clock = { now: T0 };
  const log: Log = { info: () => {}, warn: () => {}, error: () => {} };
  const ctx: StageContext = {
    store,
    queue: { send: async (_url, body) => void sent.push(body) },
    resultsBucket: RESULTS,
    nextQueueUrl: 'https://queue.local/transcribe',
    log,
    now: () => clock.now,
    handoffStaleMs: 60_000,
  };
  return { store, ctx, sent, clock };
}

/** The SQS record S3 would send for one created object. */
export function s3Record(key: string, eventTime = T0.toISOString()) {
  const body = {
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        eventTime,
        s3: {
          bucket: { name: RECORDINGS },
          object: { key: key.split('/').map(encodeURIComponent).join('/') },
        },
      },
    ],
  };
  return { messageId: `m-${key}`, body: JSON.stringify(body) };
}
