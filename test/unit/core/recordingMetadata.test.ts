import { describe, expect, it } from 'vitest';
import {
  resolveRecordingMetadata,
  sidecarKeys,
} from '../../../functions/core/ingest/recordingMetadata';
import { InvalidMetadataError } from '../../../functions/shared/errors';
import { parsePipelineConfig } from '../../../functions/shared/pipelineConfig';
import { MemoryObjectStore } from '../../support/memoryObjectStore';

const config = parsePipelineConfig({
  speechToText: { type: 'pocketsphinx' },
  translation: { type: 'apertium' },
  summarization: { type: 'extractive' },
  languages: { caseWorker: 'de' },
});
const object = { bucket: 'rec', key: 'recordings/call 1.wav' };

describe('Function: resolveRecordingMetadata', () => {
  it('derives stable ids from the key when no metadata is given', async () => {
    const store = new MemoryObjectStore();
    const first = await resolveRecordingMetadata(store, object, { size: 1, metadata: {} }, config);
    const again = await resolveRecordingMetadata(store, object, { size: 1, metadata: {} }, config);
    expect(first.ref).toEqual(again.ref);
    expect(first.ref.case_id).toMatch(/^case-[0-9a-f]{16}$/);
    expect(first.languages).toEqual({ case_worker: 'de' });
    expect(first.channelRoles).toEqual({ '0': 'caller', '1': 'agent' });
  });

  it('reads a sidecar and lets x-amz-meta values override it', async () => {
    const store = new MemoryObjectStore();
    store.put(
      'rec',
      'recordings/call 1.meta.json',
      JSON.stringify({ case_id: 'C-1', contact_id: 'k1', caller_language: 'es', agent_channel: 0 }),
    );
    const resolved = await resolveRecordingMetadata(
      store,
      object,
      { size: 1, metadata: { 'case-id': 'C-2' } },
      config,
    );
    expect(resolved.ref).toEqual({ case_id: 'C-2', contact_id: 'k1' });
    expect(resolved.languages).toEqual({ caller: 'es', case_worker: 'de' });
    expect(resolved.channelRoles).toEqual({ '0': 'agent', '1': 'caller' });
    expect(resolved.sources).toEqual(['sidecar:recordings/call 1.meta.json', 'object-metadata']);
  });

  it('rejects path characters in ids, malformed sidecars and wrong types', async () => {
    const store = new MemoryObjectStore();
    await expect(
      resolveRecordingMetadata(
        store,
        object,
        { size: 1, metadata: { 'case-id': '../etc' } },
        config,
      ),
    ).rejects.toThrow(InvalidMetadataError);
    store.put('rec', 'recordings/call 1.wav.meta.json', '{not json');
    await expect(
      resolveRecordingMetadata(store, object, { size: 1, metadata: {} }, config),
    ).rejects.toThrow(/not valid JSON/);
    store.put('rec', 'recordings/call 1.wav.meta.json', JSON.stringify({ agent_channel: 'left' }));
    await expect(
      resolveRecordingMetadata(store, object, { size: 1, metadata: {} }, config),
    ).rejects.toThrow(/agent_channel/);
  });

  it('looks for the sidecar beside the key with and without the extension', () => {
    expect(sidecarKeys('r/a.wav')).toEqual(['r/a.wav.meta.json', 'r/a.meta.json']);
  });
});
