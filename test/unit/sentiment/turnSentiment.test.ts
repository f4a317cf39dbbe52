import { describe, expect, it } from 'vitest';
import { lexiconTurnSentiment } from '../../../functions/core/sentiment/turnSentiment';
import type { Transcript, Turn } from '../../../functions/shared/documents';

const transcript = (turns: Array<Pick<Turn, 'speaker' | 'text' | 'language'>>): Transcript => ({
  schema_version: '1.1',
  case_id: 'C-1',
  contact_id: 'K-1',
  language: 'de',
  duration_seconds: 10,
  turns: turns.map((turn, index) => ({ index, start: index, end: index + 1, ...turn })),
  ai_generated: true,
  provenance: { provider: 'test', model: 'none', latency_ms: 0 },
});

describe('Function: lexiconTurnSentiment', () => {
  it('assesses every turn in its own language with the German lexicon', () => {
    const result = lexiconTurnSentiment(
      transcript([
        {
          speaker: 'caller',
          language: 'de',
          text: 'Ich bin wirklich verzweifelt, das ist schlimm.',
        },
        {
          speaker: 'agent',
          language: 'de',
          text: 'Das ist nicht schlimm, wir finden eine gute Lösung.',
        },
        { speaker: 'caller', language: 'de', text: 'Danke, das ist super, ich bin sehr froh!' },
      ]),
    );
    expect(result.per_turn?.map((t) => [t.label, t.method])).toEqual([
      ['negative', 'lexicon:callbrief-de-1'],
      ['positive', 'lexicon:callbrief-de-1'],
      ['positive', 'lexicon:callbrief-de-1'],
    ]);
    expect(result.per_speaker.agent).toBe('positive');
    expect(result.method).toBe('lexicon:callbrief-de-1');
  });

  it('assesses English and Spanish turns of one contact with their own lexicons', () => {
    const result = lexiconTurnSentiment(
      transcript([
        { speaker: 'caller', language: 'en', text: 'This is terrible, I am so frustrated.' },
        { speaker: 'agent', language: 'es', text: 'Gracias, es una solución excelente.' },
      ]),
    );
    expect(result.per_turn?.map((t) => t.label)).toEqual(['negative', 'positive']);
    expect(result.method).toBe('lexicon:callbrief-en-1+callbrief-es-1');
  });

  it('returns "not-assessed" for a language without a lexicon, never a guess', () => {
    const result = lexiconTurnSentiment(
      transcript([
        { speaker: 'caller', language: 'tr', text: 'Çok teşekkürler, harika!' },
        { speaker: 'agent', language: 'de', text: 'Gerne, das ist gut.' },
      ]),
    );
    expect(result.per_turn?.[0]).toMatchObject({
      label: 'not-assessed',
      method: 'none:no-lexicon-for-tr',
    });
    expect(result.per_speaker).toEqual({ caller: 'not-assessed', agent: 'positive' });
    expect(result.overall).toBe('positive');
  });

  it('returns "not-assessed" overall when no turn could be assessed', () => {
    const result = lexiconTurnSentiment(
      transcript([{ speaker: 'caller', language: 'uk', text: 'Дякую' }]),
    );
    expect(result).toMatchObject({ overall: 'not-assessed', method: 'none' });
  });
});
