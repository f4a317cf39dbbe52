import { readFile } from 'node:fs/promises';
import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { PROBE_BYTES, probeRecording } from '../../../functions/core/ingest/probeRecording';
import { makeCorpus } from '../../fixtures/bad-inputs/makeCorpus';

/**
 * The ingest probe reads WAV headers itself (a library would weigh more than the rest of the
 * function). music-metadata is the oracle: wherever it reads a complete WAV header, the probe
 * must read the same format, and it must reject every file the library finds not to be PCM.
 */
/** Where the probe decides differently on purpose, with the reason. */
const DECIDED_OTHERWISE: Record<string, string> = {
  'riff-size-too-small':
    'the library stops reading at the RIFF size; the probe reads the complete fmt and data chunks',
};

const inputs = [
  ...makeCorpus()
    .filter((input) => !(input.name in DECIDED_OTHERWISE))
    .map((input) => ({ name: input.name, body: input.body })),
  { name: 'samples/citizen-call.wav', body: undefined },
];

async function bodyOf(input: (typeof inputs)[number]): Promise<Uint8Array> {
  return input.body ?? new Uint8Array(await readFile(input.name));
}

async function libraryFormat(bytes: Uint8Array) {
  try {
    return (await parseBuffer(bytes, { size: bytes.byteLength }, { duration: false })).format;
  } catch {
    return undefined;
  }
}

describe('Function: probeRecording against music-metadata', () => {
  it.each(inputs)('$name: the probe and the library agree', async (input) => {
    const bytes = await bodyOf(input);
    const library = await libraryFormat(bytes.subarray(0, PROBE_BYTES));
    const probed = await probeRecording(bytes.subarray(0, PROBE_BYTES), bytes.byteLength).then(
      (audio) => audio,
      (error: Error) => error,
    );
    if (probed && !(probed instanceof Error)) {
      // Accepted: the library must see the same PCM WAV.
      expect(library).toMatchObject({
        container: 'WAVE',
        codec: 'PCM',
        sampleRate: probed.sample_rate,
        numberOfChannels: probed.channels,
        bitsPerSample: probed.bits_per_sample,
      });
    } else if (library?.container === 'WAVE' && library.codec && library.codec !== 'PCM') {
      expect(probed?.message).toMatch(/is not supported/);
    }
  });

  it('accepts the bundled sample call', async () => {
    const bytes = new Uint8Array(await readFile('samples/citizen-call.wav'));
    await expect(probeRecording(bytes.subarray(0, PROBE_BYTES), bytes.byteLength)).resolves.toEqual(
      expect.objectContaining({ container: 'wav', codec: 'pcm', channels: 2 }),
    );
  });
});
