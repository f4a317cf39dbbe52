import { describe, expect, it } from 'vitest';
import type { ContactText } from '../../../functions/core/ingest/contactText';
import { processIngestRecord } from '../../../functions/core/ingest/processIngestRecord';
import { transcriptFromText } from '../../../functions/core/ingest/textTranscript';
import type { StageContext } from '../../../functions/core/stageContext';
import { transcribeContact } from '../../../functions/core/transcribeContact';
import type { SpeechToTextProvider } from '../../../functions/providers/speechToText/SpeechToTextProvider';
import type { ErrorRecord, RecordingInfo, Transcript } from '../../../functions/shared/documents';
import { ingestHarness, offlineConfig, RECORDINGS, RESULTS, s3Record } from './ingestHarness';

const ref = { case_id: 'JC-1', contact_id: 'chat-1' };
const chat: ContactText = {
  schema_version: '1.0',
  channel: 'chat',
  ...ref,
  language: 'en',
  started_at: '2026-11-23T10:00:00Z',
  messages: [
    { sender: 'citizen', time: '2026-11-23T10:00:05Z', text: 'Hello, I need a new tax card.' },
    { sender: 'agent', time: '2026-11-23T10:01:00Z', text: 'Please send us your address.' },
    { sender: 'citizen', time: '2026-11-23T10:02:30.250Z', text: 'My e-mail is anna@example.org.' },
  ],
};
const settings = { recordingsPrefix: 'recordings/', pipeline: offlineConfig() };
const noSpeechToText: SpeechToTextProvider = {
  type: 'none',
  transcribe: () => Promise.reject(new Error('a text contact must not reach speech-to-text')),
};

async function ingest(ctx: StageContext, key: string) {
  return processIngestRecord(ctx, settings, s3Record(key));
}

describe('Function: transcriptFromText', () => {
  it('makes each message a turn at its time, the citizen as caller, in time order', () => {
    // Prepare
    const doc: ContactText = {
      ...chat,
      started_at: undefined,
      messages: [
        { sender: 'agent', time: 90, text: 'Second.' },
        { sender: 'citizen', time: 12.5, text: 'First.' },
      ],
    };

    // Act
    const transcript = transcriptFromText(doc, ref, 'en', performance.now());

    // Assess
    // The citizen writes in the document's language; the agent's is not known here.
    expect(transcript.turns).toEqual([
      { index: 0, speaker: 'caller', start: 12.5, end: 12.5, text: 'First.', language: 'en' },
      { index: 1, speaker: 'agent', start: 90, end: 90, text: 'Second.' },
    ]);
    expect(transcript.duration_seconds).toBe(90);
    expect(transcript.provenance).toMatchObject({ provider: 'text-import', model: 'none' });
  });

  it('counts date-times from started_at, or from the earliest message without it', () => {
    const starts = (doc: ContactText) =>
      transcriptFromText(doc, ref, 'en', 0).turns.map((t) => t.start);
    expect(starts(chat)).toEqual([5, 60, 150.25]);
    expect(starts({ ...chat, started_at: undefined })).toEqual([0, 55, 145.25]);
  });
});

describe('Stages: a chat contact through ingest and transcribe', () => {
  it('records a text contact without audio and transcribes it without speech-to-text', async () => {
    // Prepare
    const h = ingestHarness();
    const key = 'recordings/web/chat 1.contact.json';
    h.store.put(RECORDINGS, key, JSON.stringify(chat));

    // Act
    const [outcome] = await ingest(h.ctx, key);
    const { transcript } = await transcribeContact(h.ctx, noSpeechToText, {
      ...ref,
      artifact: { bucket: RESULTS, key: 'cases/JC-1/contacts/chat-1/recording.json' },
    });

    // Assess
    const recording = outcome && 'recording' in outcome ? outcome.recording : undefined;
    expect(recording).toMatchObject({
      ...ref,
      channel: 'chat',
      languages: { caller: 'en', case_worker: 'es' },
      channel_roles: {},
      metadata_sources: [`contact-document:${key}`],
    });
    expect(recording).not.toHaveProperty('audio');
    // The chat's start orders the case and anchors due dates, as a call's time does.
    expect(recording?.telephony).toEqual({ layout: 'generic', started_at: expect.any(String) });
    expect(transcript.language).toBe('en');
    expect(transcript.turns.map((t) => t.language)).toEqual(['en', 'es', 'en']);
    expect(transcript.turns.map((t) => t.speaker)).toEqual(['caller', 'agent', 'caller']);
    // Redaction applies to typed text as to speech.
    expect(transcript.turns[2]?.text).toBe('My e-mail is [EMAIL].');
    expect(h.sent).toHaveLength(2);
  });

  it('lets x-amz-meta ids override the document and derives ids from the key without either', async () => {
    // Prepare
    const h = ingestHarness();
    const { case_id: _c, contact_id: _k, ...anonymous } = chat;
    h.store.put(RECORDINGS, 'recordings/a.contact.json', JSON.stringify(chat), {
      'case-id': 'JC-9',
    });
    h.store.put(RECORDINGS, 'recordings/b.contact.json', JSON.stringify(anonymous));

    // Act
    const [a] = await ingest(h.ctx, 'recordings/a.contact.json');
    const [b] = await ingest(h.ctx, 'recordings/b.contact.json');

    // Assess
    expect(a && 'recording' in a && a.recording).toMatchObject({
      case_id: 'JC-9',
      contact_id: 'chat-1',
      metadata_sources: ['contact-document:recordings/a.contact.json', 'object-metadata'],
    });
    expect(b && 'recording' in b && b.recording.case_id).toMatch(/^case-[0-9a-f]{16}$/);
  });

  it.each([
    ['not JSON', '{"channel": "chat",'],
    ['an unknown channel', JSON.stringify({ ...chat, channel: 'sms' })],
    ['no messages', JSON.stringify({ ...chat, messages: [] })],
    [
      'a message by a bot',
      JSON.stringify({ ...chat, messages: [{ sender: 'bot', time: 0, text: 'x' }] }),
    ],
  ])('writes an error record for a .contact.json holding %s', async (_, body) => {
    // Prepare
    const h = ingestHarness();
    h.store.put(RECORDINGS, 'recordings/x.contact.json', body);

    // Act
    const [outcome] = await ingest(h.ctx, 'recordings/x.contact.json');

    // Assess
    expect(outcome).toEqual({ status: 'ignored', reason: 'rejected: invalid-contact-document' });
    const records = [...h.store.objects.keys()].filter((k) => k.startsWith(`${RESULTS}/errors/`));
    expect(records).toHaveLength(1);
    const record = await h.store.getJson<ErrorRecord>(
      RESULTS,
      records[0]!.slice(RESULTS.length + 1),
    );
    expect(record?.input).toEqual({ bucket: RECORDINGS, key: 'recordings/x.contact.json' });
    expect(h.sent).toHaveLength(0);
  });

  it('rejects a second, different document for the same contact', async () => {
    // Prepare
    const h = ingestHarness();
    h.store.put(RECORDINGS, 'recordings/a.contact.json', JSON.stringify(chat));
    const changed = { ...chat, messages: chat.messages.slice(0, 1) };
    h.store.put(RECORDINGS, 'recordings/b.contact.json', JSON.stringify(changed));

    // Act
    await ingest(h.ctx, 'recordings/a.contact.json');
    const [outcome] = await ingest(h.ctx, 'recordings/b.contact.json');

    // Assess
    expect(outcome).toEqual({ status: 'ignored', reason: 'rejected: contact-conflict' });
    const stored = await h.store.getJson<RecordingInfo>(
      RESULTS,
      'cases/JC-1/contacts/chat-1/recording.json',
    );
    expect(stored?.source.key).toBe('recordings/a.contact.json');
    expect(
      await h.store.getJson<Transcript>(RESULTS, 'cases/JC-1/contacts/chat-1/transcript.json'),
    ).toBeUndefined();
  });
});
