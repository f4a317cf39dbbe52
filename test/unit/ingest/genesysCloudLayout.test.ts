import { describe, expect, it } from 'vitest';
import { mapGenesysMetadata } from '../../../functions/core/ingest/genesysCloudLayout';
import { InvalidMetadataError } from '../../../functions/shared/errors';

describe('Function: mapGenesysMetadata', () => {
  it('maps the customer participant data, the conversation start and the media type', () => {
    // Prepare
    const doc = {
      conversationId: 'conv-42',
      mediaType: 'Call',
      conversationStartTime: '2026-11-22T09:12:03.512Z',
      participants: [
        { purpose: 'agent', participantData: { caseId: 'not-the-customer' } },
        { purpose: 'customer', attributes: { caseId: 'JC-2026-004711', language: 'en-US' } },
      ],
    };

    // Act & Assess
    expect(mapGenesysMetadata(doc, 'm.json')).toEqual({
      metadata: { case_id: 'JC-2026-004711', caller_language: 'en' },
      startedAt: '2026-11-22T09:12:03.512Z',
      mediaType: 'call',
    });
  });

  it('prefers conversation-level participant data over the customer', () => {
    const doc = {
      participantData: { case_id: 'JC-1' },
      participants: [{ purpose: 'customer', participantData: { caseId: 'JC-2' } }],
    };
    expect(mapGenesysMetadata(doc, 'm.json').metadata).toEqual({ case_id: 'JC-1' });
  });

  it('drops a language that is no language tag and keeps an explicit agent channel', () => {
    const doc = { attributes: { language: 'English' }, agent_channel: 0 };
    expect(mapGenesysMetadata(doc, 'm.json')).toEqual({ metadata: { agent_channel: 0 } });
  });

  it('maps nothing from a document without the fields it knows', () => {
    expect(mapGenesysMetadata({ provider: 'Genesys Cloud', userIds: ['u1'] }, 'm.json')).toEqual({
      metadata: {},
    });
  });

  it('rejects a document of an unexpected shape', () => {
    expect(() => mapGenesysMetadata({ participants: 'all' }, 'm.json')).toThrow(
      InvalidMetadataError,
    );
    expect(() => mapGenesysMetadata([], 'm.json')).toThrow(InvalidMetadataError);
  });
});
