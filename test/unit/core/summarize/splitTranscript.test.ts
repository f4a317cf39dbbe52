import { describe, expect, it } from 'vitest';
import { splitTranscript } from '../../../../functions/core/summarize/splitTranscript';
import { summaryContextBudget } from '../../../../functions/providers/summarization/contextBudget';
import type { Transcript, Turn } from '../../../../functions/shared/documents';

const turn = (index: number, text: string): Turn => ({
  index,
  speaker: index % 2 === 0 ? 'caller' : 'agent',
  start: index * 5,
  end: index * 5 + 4,
  text,
});

const transcript = (turns: Turn[]): Transcript => ({
  schema_version: '1.0',
  case_id: 'CASE-1',
  contact_id: 'chat-1',
  language: 'en',
  duration_seconds: turns.length * 5,
  ai_generated: true,
  turns,
  provenance: { provider: 'text-import', model: 'none', latency_ms: 0 },
});

const budget = summaryContextBudget(
  { contextTokens: 8_000, bytesPerToken: 3, maxCallsPerContact: 10 },
  512,
);

describe('Function: splitTranscript', () => {
  it('returns the transcript itself when it fits', () => {
    const short = transcript([turn(0, 'Hello.'), turn(1, 'Good morning.')]);

    expect(splitTranscript(short, budget)).toEqual([short]);
  });

  it('returns consecutive pieces that each fit and together hold every turn once', () => {
    const turns = Array.from({ length: 2_000 }, (_, i) => turn(i, `Message number ${i} here.`));

    const pieces = splitTranscript(transcript(turns), budget);

    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(budget.requestTokens(piece)).toBeLessThanOrEqual(8_000);
    expect(pieces.flatMap((p) => p.turns)).toEqual(turns);
  });

  it('cuts a single turn longer than the context between words', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' ');

    const pieces = splitTranscript(transcript([turn(0, words)]), budget);

    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(budget.requestTokens(piece)).toBeLessThanOrEqual(8_000);
    expect(pieces.flatMap((p) => p.turns.map((t) => t.text)).join(' ')).toBe(words);
  });

  it('throws a configuration error when the prompt alone exceeds the context', () => {
    const tiny = summaryContextBudget(
      { contextTokens: 1_000, bytesPerToken: 3, maxCallsPerContact: 10 },
      512,
    );

    expect(() => splitTranscript(transcript([turn(0, 'x '.repeat(5_000))]), tiny)).toThrow(
      /contextTokens \(1000\) leaves no room/,
    );
  });
});
