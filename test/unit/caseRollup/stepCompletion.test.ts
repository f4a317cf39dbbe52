import { describe, expect, it } from 'vitest';
import { matchCompletedSteps } from '../../../functions/core/caseRollup/stepCompletion';
import type { Transcript, Turn } from '../../../functions/shared/documents';

const chat = (turns: Array<Pick<Turn, 'speaker' | 'text'>>): Transcript => ({
  schema_version: '1.1',
  case_id: 'C-1',
  contact_id: 'chat-2',
  language: 'en',
  duration_seconds: 10,
  turns: turns.map((turn, index) => ({ index, start: index, end: index, ...turn })),
  ai_generated: true,
  provenance: { provider: 'text-import', model: 'none', latency_ms: 0 },
});

const upload = {
  step_id: '0123456789abcdef',
  action: 'Citizen uploads the rental contract by Friday',
  owner: 'citizen' as const,
  due: 'by Friday',
};

describe('Function: matchCompletedSteps', () => {
  it('closes a step the owner reports done with overlapping key terms, saying how', () => {
    const found = matchCompletedSteps(
      chat([
        { speaker: 'caller', text: 'Hello, I have uploaded the rental contract this morning.' },
        { speaker: 'agent', text: 'Thank you, it arrived.' },
      ]),
      [upload],
    );
    expect(found).toEqual([
      {
        step_id: upload.step_id,
        method: 'term-overlap',
        evidence: 'Hello, I have uploaded the rental contract this morning.',
      },
    ]);
  });

  it('matches German and Spanish reports too', () => {
    const german = { ...upload, action: 'Der Bürger lädt den Mietvertrag hoch' };
    expect(
      matchCompletedSteps(chat([{ speaker: 'caller', text: 'Mietvertrag hochgeladen!' }]), [
        german,
      ]),
    ).toHaveLength(1);
    const spanish = { ...upload, action: 'El ciudadano sube el contrato de alquiler' };
    expect(
      matchCompletedSteps(
        chat([{ speaker: 'caller', text: 'Ya he subido el contrato de alquiler.' }]),
        [spanish],
      ),
    ).toHaveLength(1);
  });

  it('leaves a step open when someone else, a future tense or other terms speak of it', () => {
    const turns = chat([
      { speaker: 'agent', text: 'You have uploaded the rental contract?' },
      { speaker: 'caller', text: 'I will upload the rental contract tomorrow.' },
      { speaker: 'caller', text: 'I have already sent the payslips.' },
    ]);
    expect(matchCompletedSteps(turns, [upload])).toEqual([]);
  });
});
