import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { LocalPipeline } from '../../../local/localPipeline';
import { instantEngines, instantTranslation } from '../../../local/soak/instantEngines';
import { everyVersion, findNeedles, sendErase, syntheticCall, upload } from './support';

const CASE = 'JC-INFLIGHT-0815';
const CONTACT = 'c-inflight-0816';
/** How long the translation engine takes: the erase request arrives while it works. */
const TRANSLATION_MS = 3000;

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'es', defaultCaller: 'en' },
});

describe('Integration: an erase request while the case is in translate', () => {
  let dir: string;
  let pipeline: LocalPipeline;
  let translationStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    translationStarted = resolve;
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbrief-erase-inflight-'));
    pipeline = await LocalPipeline.start({
      pipeline: config,
      // After translate's engine returns: the sweep then shows what the guard let through.
      secondSweepDelaySeconds: 6,
      providers: {
        ...instantEngines(),
        translation: instantTranslation(async () => translationStarted(), TRANSLATION_MS),
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves nothing of the case after the pipeline settles and sends no summary-ready', async () => {
    // Prepare
    await upload(
      pipeline,
      'recordings/inflight/call.wav.meta.json',
      JSON.stringify({ case_id: CASE, contact_id: CONTACT }),
    );
    await upload(pipeline, 'recordings/inflight/call.wav', await syntheticCall(3));
    await started;

    // Act: erase while translate waits for its engine
    await sendErase(pipeline, {
      case_id: CASE,
      request_id: 'inflight-1',
      requested_by: 'case-system-test',
    });
    await pipeline.waitUntilIdle();

    // Assess
    expect(await findNeedles(pipeline, [CASE, CONTACT, 'inflight/'])).toEqual([]);
    // The translation finished after the marker and wrote nothing: the second sweep found nothing.
    const receipt = (await everyVersion(pipeline, pipeline.resultsBucket)).find((v) =>
      v.key.endsWith('/requests/inflight-1.json'),
    );
    expect(JSON.parse(receipt?.text ?? '{}')).toMatchObject({
      second_sweep: { deleted: { recordings_bucket: 0, results_bucket: 0 } },
    });
    expect(await pipeline.drainSummaryReady()).toEqual([]);
    for (const queue of ['translate', 'summarize', 'publish'] as const) {
      expect(await pipeline.drain(pipeline.queues[queue].dlqUrl)).toEqual([]);
    }
  });
});
