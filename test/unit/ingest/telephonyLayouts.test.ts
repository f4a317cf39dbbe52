import { describe, expect, it } from 'vitest';
import { recogniseKeyLayout } from '../../../functions/core/ingest/telephonyLayouts';
import { offlineConfig } from './ingestHarness';

const CONTACT = '3f0b1c9e-5d2a-4e7b-9c1f-0a8b6d4e2f17';
const CONNECT = `recordings/connect/demo/CallRecordings/2026/11/22/${CONTACT}_20261122T09:37_UTC.wav`;
const GENESYS_DIR = 'recordings/7c1e/year=2026/month=11/day=22/hour=09/conversation_id=conv-42/';
const PATTERN =
  '^recordings/ale/(?<case_id>[A-Z]+-\\d+)_(?<contact_id>[a-z0-9-]+)_(?<caller_language>[a-z]{2})\\.wav$';

const layoutOf = (key: string, ingest: Record<string, unknown> = {}) =>
  recogniseKeyLayout(key, offlineConfig(ingest).ingest);

describe('Function: recogniseKeyLayout', () => {
  it('reads an Amazon Connect key: contact id, time, agent on the right channel', () => {
    // Act
    const facts = layoutOf(CONNECT);

    // Assess
    expect(facts).toEqual({
      layout: 'amazon-connect',
      metadata: { case_id: `case-${CONTACT}`, contact_id: CONTACT, agent_channel: 1 },
      startedAt: '2026-11-22T09:37:00.000Z',
      awaitsMetadata: false,
    });
  });

  it('accepts a Connect key whose colon was replaced by a dash', () => {
    expect(layoutOf(CONNECT.replace('T09:37', 'T09-37')).layout).toBe('amazon-connect');
  });

  it('reads a Genesys export path: conversation as case, recording as contact, metadata beside it', () => {
    // Act
    const facts = layoutOf(`${GENESYS_DIR}rec-7.wav`);

    // Assess
    expect(facts).toEqual({
      layout: 'genesys-cloud',
      metadata: { case_id: 'conv-42', contact_id: 'rec-7' },
      startedAt: '2026-11-22T09:00:00.000Z',
      conversationId: 'conv-42',
      metadataDocumentKey: `${GENESYS_DIR}rec-7_metadata.json`,
      awaitsMetadata: true,
    });
  });

  it('takes the named groups of the configured key pattern', () => {
    // Act
    const facts = layoutOf('recordings/ale/JC-4711_k-1_fr.wav', {
      layout: 'pattern',
      keyPattern: PATTERN,
    });

    // Assess
    expect(facts).toEqual({
      layout: 'pattern',
      metadata: { case_id: 'JC-4711', contact_id: 'k-1', caller_language: 'fr' },
      awaitsMetadata: false,
    });
  });

  it('tries Connect and Genesys before the key pattern with auto', () => {
    expect(layoutOf(CONNECT, { keyPattern: '(?<contact_id>[a-f0-9-]{36})' }).layout).toBe(
      'amazon-connect',
    );
    expect(layoutOf('recordings/ale/JC-4711_k-1_fr.wav', { keyPattern: PATTERN }).layout).toBe(
      'pattern',
    );
  });

  it('falls back to generic when the configured layout does not fit the key', () => {
    expect(layoutOf(CONNECT, { layout: 'genesys-cloud' }).layout).toBe('generic');
    expect(layoutOf(CONNECT, { layout: 'generic' }).layout).toBe('generic');
    expect(layoutOf('recordings/call.wav')).toEqual({
      layout: 'generic',
      metadata: {},
      awaitsMetadata: true,
    });
  });
});

describe('Config: ingest', () => {
  it('defaults to auto, no key pattern and no wait', () => {
    expect(offlineConfig().ingest).toEqual({ layout: 'auto', sidecarWaitSeconds: 0 });
  });

  it.each([
    [{ layout: 'pattern' }, /ingest\.keyPattern: layout "pattern" needs ingest.keyPattern/],
    [{ keyPattern: '(?<case_id>[a-z' }, /ingest\.keyPattern: not a valid regular expression/],
    [{ keyPattern: '(?<caseId>\\w+)' }, /named groups must be among .*unknown: caseId/],
    [{ keyPattern: '\\w+' }, /named groups must be among/],
    [{ sidecarWaitSeconds: -1 }, /ingest\.sidecarWaitSeconds/],
    [{ layout: 'avaya' }, /ingest\.layout/],
  ])('rejects %j', (ingest, message) => {
    expect(() => offlineConfig(ingest)).toThrow(message);
  });
});
