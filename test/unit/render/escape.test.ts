import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from '../../../functions/core/render/escape';
import { stripControls, terminalLine } from '../../../functions/core/render/safeText';

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
    ['[click](https://evil.example)', '\\[click\\](https\\:\\/\\/evil\\.example)'],
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

describe('Function: stripControls', () => {
  it('drops terminal escapes, C1 controls and bidi overrides and isolates', () => {
    const text = 'IBAN\u202E00 0130\u202C ok \u001b[31mred\u001b[0m\u0085\u2066x\u2069\u200F';

    expect(stripControls(text)).toBe('IBAN00 0130 ok [31mred[0mx');
  });

  it('keeps line breaks and letters of every script, and makes tabs spaces', () => {
    expect(stripControls('a\tb\nمرحبا Привет')).toBe('a b\nمرحبا Привет');
  });
});

describe('Function: terminalLine', () => {
  it('turns a carriage return that would rewrite the line into a space', () => {
    expect(terminalLine('due 2026-12-01\rdue never')).toBe('due 2026-12-01 due never');
  });
});

describe('Function: escapeMarkdown and bare links', () => {
  const markdown = new MarkdownIt({ linkify: true });
  const gfmLike = (text: string) => markdown.renderInline(escapeMarkdown(text));

  it.each([
    'see https://evil.example/pay now',
    'or www.evil.example today',
    'write to max.mustermann@gmx.de please',
    'visit evil.example for details',
    'ftp://files.example.org/x and //cdn.example.net/y',
  ])('renders %j without a link, showing the same text', (text) => {
    const html = gfmLike(text);

    expect(html).not.toContain('<a');
    expect(html).toBe(text);
  });

  it('drops bidi overrides from a rendering', () => {
    expect(escapeMarkdown('Frist \u202E10-21\u202C')).toBe('Frist 10-21');
    expect(escapeHtml('Frist \u202E10-21\u202C')).toBe('Frist 10-21');
  });
});
