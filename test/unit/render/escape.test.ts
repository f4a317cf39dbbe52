import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from '../../../functions/core/render/escape';

describe('Function: escapeHtml', () => {
  it('escapes the five characters that can open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('leaves other text, including non-Latin scripts, as it is', () => {
    expect(escapeHtml('Frist: 2026-11-22 — مرحبا')).toBe('Frist: 2026-11-22 — مرحبا');
  });
});

describe('Function: escapeMarkdown', () => {
  it.each([
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['*bold* _em_ `code`', '\\*bold\\* \\_em\\_ \\`code\\`'],
    ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['a | b ~~c~~ &lt;', 'a \\| b \\~\\~c\\~\\~ \\&lt;'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['> quote', '\\> quote'],
    ['1. first', '1\\. first'],
    ['line one\nline two\r\n# three', 'line one line two # three'],
  ])('neutralises %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('keeps dates and ordinary punctuation readable', () => {
    expect(escapeMarkdown('Bis 2026-11-22 einreichen (Frist).')).toBe(
      'Bis 2026-11-22 einreichen (Frist).',
    );
  });
});
