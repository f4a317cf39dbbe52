import { describe, expect, it } from 'vitest';
import { translationView } from '../../../functions/core/translate/translationView';
import { ApertiumTranslation } from '../../../functions/providers/translation/apertium';
import type {
  TranslationProvider,
  TranslationRequest,
} from '../../../functions/providers/translation/TranslationProvider';
import type { Transcript, Turn } from '../../../functions/shared/documents';

const transcript = (turns: Array<Pick<Turn, 'speaker' | 'text' | 'language'>>): Transcript => ({
  schema_version: '1.1',
  case_id: 'C-1',
  contact_id: 'chat-1',
  language: 'en',
  duration_seconds: 0,
  turns: turns.map((turn, index) => ({ index, start: index, end: index, ...turn })),
  ai_generated: true,
  provenance: { provider: 'text-import', model: 'none', latency_ms: 0 },
});

const chat = transcript([
  { speaker: 'caller', language: 'en', text: 'I will upload the rental contract by Friday.' },
  { speaker: 'agent', language: 'es', text: 'Tiene que subir el contrato de alquiler.' },
  { speaker: 'caller', language: 'en', text: 'Thank you very much.' },
]);

/** Wraps a provider and records every request it is sent. */
function recording(inner: TranslationProvider) {
  const requests: TranslationRequest[] = [];
  const provider: TranslationProvider = {
    type: inner.type,
    translate: (request) => {
      requests.push(request);
      return inner.translate(request);
    },
  };
  return { provider, requests };
}

describe('Function: translationView', () => {
  it('builds both views of a mixed chat with apertium, sending only what is not yet in the target', async () => {
    const { provider, requests } = recording(new ApertiumTranslation());
    const texts = chat.turns.map((t) => t.text);

    const spanish = await translationView(provider, chat, texts, 'es');
    const english = await translationView(provider, chat, texts, 'en');

    expect(spanish.turns.map((t) => t.status)).toEqual(['translated', 'copied', 'translated']);
    expect(english.turns.map((t) => t.status)).toEqual(['copied', 'translated', 'copied']);
    expect(spanish.turns[1]?.text).toBe(texts[1]);
    expect(spanish.turns[0]?.text).toMatch(/contrato de alquiler/);
    expect(english.turns[1]?.text).toMatch(/rental|hire/);
    expect(requests.map((r) => [r.from, r.to, r.texts])).toEqual([
      ['en', 'es', [texts[0], texts[2]]],
      ['es', 'en', [texts[1]]],
    ]);
    expect(spanish.provenance.model).toBe('eng-spa');
  });

  it('keeps a turn the provider cannot translate, saying why, and translates the rest', async () => {
    const mixed = transcript([
      { speaker: 'caller', language: 'tr', text: 'Merhaba' },
      { speaker: 'agent', language: 'en', text: 'Good morning' },
    ]);
    const view = await translationView(
      new ApertiumTranslation(),
      mixed,
      ['Merhaba', 'Good morning'],
      'es',
    );
    expect(view.turns[0]).toMatchObject({
      text: 'Merhaba',
      status: 'not-translated',
      source_language: 'tr',
      reason: expect.stringMatching(/apertium cannot translate tr -> es/),
    });
    expect(view.turns[1]).toMatchObject({ status: 'translated', text: 'Buenos días' });
  });

  it('copies every turn without calling the provider when all are in the target language', async () => {
    const { provider, requests } = recording(new ApertiumTranslation());
    const english = transcript([{ speaker: 'caller', language: 'en', text: 'Hello' }]);
    const view = await translationView(provider, english, ['Hello'], 'en');
    expect(requests).toEqual([]);
    expect(view.turns[0]).toMatchObject({ status: 'copied', text: 'Hello' });
    expect(view.provenance).toMatchObject({
      provider: 'apertium',
      model: 'none (every turn copied)',
    });
  });
});
