import { describe, expect, it } from 'vitest';
import { allowListedFields } from '../../../functions/shared/logFields';

describe('Function: allowListedFields', () => {
  it('keeps allow-listed scalar fields and drops everything else, counting it', () => {
    const fields = allowListedFields({
      stage: 'summarize',
      caseId: 'CASE-1',
      durationMs: 12,
      text: 'my name is Wiltrud Quastenberg',
      transcript: { turns: [] },
      key: 'recordings/quastenberg.wav',
    });

    expect(fields).toEqual({
      stage: 'summarize',
      caseId: 'CASE-1',
      durationMs: 12,
      droppedFields: 3,
    });
  });

  it('keeps an error as name and message only, and drops objects under other names', () => {
    const fields = allowListedFields({
      error: { name: 'TransientError', message: 'HTTP 500', stack: 'at x', body: 'secret' },
      code: { nested: 'Quastenberg' },
    });

    expect(fields).toEqual({
      error: { name: 'TransientError', message: 'HTTP 500' },
      droppedFields: 1,
    });
  });
});
