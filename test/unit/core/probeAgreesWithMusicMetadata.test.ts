import { readFile } from 'node:fs/promises';
import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { PROBE_BYTES, probeRecording } from '../../../functions/core/ingest/probeRecording';
import { makeEncodedCorpus } from '../../fixtures/bad-inputs/encodedRecordings';
import { makeCorpus } from '../../fixtures/bad-inputs/makeCorpus';

/**
 * The ingest probe reads WAV, Ogg, FLAC and MP3 headers itself (a library would weigh more than
 * the rest of the function). music-metadata is the oracle: wherever the probe accepts a file,
 * the library must read the same container, rate, channels and length, and the probe must
 * reject every WAV whose codec the library names and ingest does not accept.
 */
/** Where the probe decides differently on purpose, with the reason. */
const DECIDED_OTHERWISE: Record<string, string> = {
  'riff-size-too-small':
    'the library stops reading at the RIFF size; the probe reads the complete fmt and data chunks',
};

/** music-metadata's names of the containers and codecs the probe accepts. */
const LIBRARY_NAMES: Record<string, { container: string; codec: RegExp }> = {
  'wav/pcm': { container: 'WAVE', codec: /^PCM$/ },
  'wav/float': { container: 'WAVE', codec: /^IEEE_FLOAT$/ },
  'wav/mulaw': { container: 'WAVE', codec: /^MULAW$/ },
  'wav/alaw': { container: 'WAVE', codec: /^ALAW$/ },
  'ogg/opus': { container: 'Ogg', codec: /^Opus$/ },
  'ogg/vorbis': { container: 'Ogg', codec: /^Vorbis/ },
  'flac/flac': { container: 'FLAC', codec: /^FLAC$/ },
  'mp3/mp3': { container: 'MPEG', codec: /^MPEG .* Layer 3$/ },
};
const ACCEPTED_WAV_CODECS = ['PCM', 'IEEE_FLOAT', 'MULAW', 'ALAW'];

const inputs = [
  ...[...makeCorpus(), ...(await makeEncodedCorpus())]
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
      // Accepted: the library must see the same format.
      const names = LIBRARY_NAMES[`${probed.container}/${probed.codec}`];
      expect(library).toMatchObject({
        container: names?.container,
        codec: expect.stringMatching(names?.codec ?? /^$/),
        sampleRate: probed.sample_rate,
        numberOfChannels: probed.channels,
        ...(probed.bits_per_sample ? { bitsPerSample: probed.bits_per_sample } : {}),
      });
      // Given only the head, the library measures a WAV's length from the bytes it got.
      if (library?.duration !== undefined && bytes.byteLength <= PROBE_BYTES) {
        expect(probed.duration_seconds).toBeCloseTo(library.duration, 2);
      }
    } else if (
      library?.container === 'WAVE' &&
      library.codec &&
      !ACCEPTED_WAV_CODECS.includes(library.codec)
    ) {
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
