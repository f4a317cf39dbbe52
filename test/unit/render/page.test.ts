import { describe, expect, it } from 'vitest';
import { type Page, toHtml, toMarkdown } from '../../../functions/core/render/page';
import { summaryPages } from '../../../functions/core/render/summaryPage';
import { summaryFor } from '../caseRollup/fixtures';

const HOSTILE = `<img src=x onerror="alert(1)">'&`;

/** A page with a hostile value in every field a document can fill. */
const hostilePage: Page = {
  language: 'en',
  title: `Title ${HOSTILE}`,
  banner: `Banner ${HOSTILE}`,
  facts: [[`Label ${HOSTILE}`, `Value ${HOSTILE}`]],
  sections: [
    { heading: `Heading ${HOSTILE}`, paragraph: `Paragraph ${HOSTILE}`, empty: 'None' },
    {
      heading: 'List',
      items: [{ lead: `Lead ${HOSTILE}`, text: `Text ${HOSTILE}`, note: `Note ${HOSTILE}` }],
      empty: 'None',
    },
    { heading: 'Empty', items: [], empty: `Empty ${HOSTILE}` },
  ],
};

const ESCAPED_HTML = '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;';

describe('Function: toHtml', () => {
  it('escapes every value, wherever it appears', () => {
    // Act
    const html = toHtml(hostilePage);

    // Assess
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    for (const field of [
      'Title',
      'Banner',
      'Label',
      'Value',
      'Heading',
      'Paragraph',
      'Lead',
      'Text',
      'Note',
      'Empty',
    ]) {
      expect(html).toContain(`${field} ${ESCAPED_HTML}`);
    }
  });

  it('is a self-contained page: inline style, no scripts, nothing loaded from elsewhere', () => {
    // Act
    const html = toHtml(summaryPages(summaryFor('call-1'))[0]!);

    // Assess
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(html).toContain('<style>');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import|https?:/i);
  });

  it('sets right-to-left direction for right-to-left languages', () => {
    expect(toHtml({ ...hostilePage, language: 'ar' })).toContain('<html lang="ar" dir="rtl">');
  });
});

describe('Function: toMarkdown', () => {
  it('escapes every value so no HTML or link reaches a Markdown viewer', () => {
    // Act
    const md = toMarkdown(hostilePage);

    // Assess
    expect(md).not.toMatch(/(^|[^\\])<img/m);
    expect(md).toContain('Text \\<img src=x onerror="alert(1)"\\>\'\\&');
    expect(md.startsWith('# Title ')).toBe(true);
    expect(md).toContain('> **⚠ Banner');
    expect(md).toContain('_Empty \\<img');
  });
});
