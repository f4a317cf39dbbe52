import { describe, expect, it } from 'vitest';
import { mergeSummaries } from '../../../../functions/core/summarize/mergeSummaries';
import type { SummarizationResult } from '../../../../functions/providers/summarization/SummarizationProvider';

const result = (
  reason: string,
  facts: string[],
  overall: 'positive' | 'neutral' | 'negative',
  latency: number,
): SummarizationResult => ({
  summary: {
    reason_for_contact: reason,
    key_facts: facts,
    next_steps: [{ action: 'Send the form.', owner: 'authority' }],
    open_questions: [],
  },
  sentiment: { overall, per_speaker: { caller: overall }, method: 'llm:m' },
  provenance: { provider: 'openai-compatible', model: 'm', latency_ms: latency },
});

describe('Function: mergeSummaries', () => {
  it('keeps the first reason, joins distinct facts and steps, and sums the time', () => {
    const merged = mergeSummaries([
      result('Housing benefit.', ['Moved in May.'], 'negative', 10),
      result('Something else.', ['moved in may.', 'Two children.'], 'neutral', 20),
      result('More.', [], 'neutral', 30),
    ]);

    expect(merged.summary).toEqual({
      reason_for_contact: 'Housing benefit.',
      key_facts: ['Moved in May.', 'Two children.'],
      next_steps: [{ action: 'Send the form.', owner: 'authority' }],
      open_questions: [],
    });
    expect(merged.sentiment).toEqual({
      overall: 'neutral',
      per_speaker: { caller: 'neutral' },
      method: 'llm:m',
    });
    expect(merged.provenance.latency_ms).toBe(60);
  });

  it('returns a single result unchanged', () => {
    const only = result('A.', [], 'positive', 5);

    expect(mergeSummaries([only])).toBe(only);
  });
});
