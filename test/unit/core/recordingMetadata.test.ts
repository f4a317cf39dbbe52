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
    expect(sidecarKeys('r/a.wav')).toEqual([
      'r/a.wav.meta.json',
      'r/a.meta.json',
      'r/a_metadata.json',
    ]);
  });

  it('reports generic metadata missing until a sidecar or both ids in x-amz-meta are there', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const resolve = (metadata: Record<string, string>) =>
      resolveRecordingMetadata(store, object, { size: 1, metadata }, config);

    // Act & Assess
    expect((await resolve({})).metadataMissing).toBe(true);
    expect((await resolve({ 'case-id': 'C-1' })).metadataMissing).toBe(true);
    expect((await resolve({ 'case-id': 'C-1', 'contact-id': 'k' })).metadataMissing).toBe(false);
    store.put('rec', 'recordings/call 1.meta.json', '{}');
    const withSidecar = await resolve({});
    expect(withSidecar.metadataMissing).toBe(false);
    expect(withSidecar.telephony).toEqual({ layout: 'generic' });
  });

  it('takes Connect ids, time and roles from the key, and lets metadata name the case', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const key =
      'recordings/connect/demo/CallRecordings/2026/11/22/3f0b1c9e-5d2a-4e7b-9c1f-0a8b6d4e2f17_20261122T09:37_UTC.wav';
    const swapped = parsePipelineConfig({ ...config, channelRoles: { '0': 'agent' } });

    // Act
    const plain = await resolveRecordingMetadata(
      store,
      { bucket: 'rec', key },
      { size: 1, metadata: {} },
      swapped,
    );
    const named = await resolveRecordingMetadata(
      store,
      { bucket: 'rec', key },
      { size: 1, metadata: { 'case-id': 'JC-7' } },
      config,
    );

    // Assess
    expect(plain.ref).toEqual({
      case_id: 'case-3f0b1c9e-5d2a-4e7b-9c1f-0a8b6d4e2f17',
      contact_id: '3f0b1c9e-5d2a-4e7b-9c1f-0a8b6d4e2f17',
    });
    expect(plain.channelRoles).toEqual({ '0': 'caller', '1': 'agent' });
    expect(plain.telephony).toEqual({
      layout: 'amazon-connect',
      started_at: '2026-11-22T09:37:00.000Z',
    });
    expect(plain.sources).toEqual(['layout:amazon-connect']);
    expect(plain.metadataMissing).toBe(false);
    expect(named.ref.case_id).toBe('JC-7');
    expect(named.sources).toEqual(['layout:amazon-connect', 'object-metadata']);
  });

  it('reads Genesys _metadata.json between the key and a sidecar', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const dir = 'recordings/org-1/year=2026/month=11/day=22/hour=9/conversation_id=conv-1/';
    store.put(
      'rec',
      `${dir}rec-1_metadata.json`,
      JSON.stringify({
        conversationId: 'conv-1',
        mediaType: 'Call',
        conversationStartTime: '2026-11-22T09:12:03.512Z',
        participants: [
          { purpose: 'customer', participantData: { caseId: 'JC-9', language: 'es-ES' } },
        ],
      }),
    );
    const recording = { bucket: 'rec', key: `${dir}rec-1.wav` };

    // Act
    const resolved = await resolveRecordingMetadata(
      store,
      recording,
      { size: 1, metadata: {} },
      config,
    );
    store.put('rec', `${dir}rec-1.wav.meta.json`, JSON.stringify({ caller_language: 'uk' }));
    const overridden = await resolveRecordingMetadata(
      store,
      recording,
      { size: 1, metadata: {} },
      config,
    );

    // Assess
    expect(resolved.ref).toEqual({ case_id: 'JC-9', contact_id: 'rec-1' });
    expect(resolved.languages).toEqual({ caller: 'es', case_worker: 'de' });
    expect(resolved.telephony).toEqual({
      layout: 'genesys-cloud',
      started_at: '2026-11-22T09:12:03.512Z',
      conversation_id: 'conv-1',
      media_type: 'call',
    });
    expect(resolved.sources).toEqual([
      'layout:genesys-cloud',
      `genesys-metadata:${dir}rec-1_metadata.json`,
    ]);
    expect(resolved.metadataMissing).toBe(false);
    expect(overridden.languages.caller).toBe('uk');
  });
});
