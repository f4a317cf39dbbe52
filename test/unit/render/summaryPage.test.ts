import { describe, expect, it } from 'vitest';
import { toHtml, toMarkdown } from '../../../functions/core/render/page';
import { summaryPages } from '../../../functions/core/render/summaryPage';
import { summaryFor } from '../caseRollup/fixtures';

const steps = [{ action: 'Mietvertrag hochladen', owner: 'citizen', due: 'bis Freitag' } as const];

describe('Function: summaryPages', () => {
  it("renders the case worker's summary and the caller's, each in its language", () => {
    // Prepare: the example summary is for a German case worker and an English caller
    const summary = summaryFor('call-1', steps);

    // Act
    const [worker, caller, ...rest] = summaryPages(summary).map(toMarkdown);

    // Assess
    expect(rest).toEqual([]);
    expect(worker).toContain('> **⚠ KI-generiert — Prüfung ausstehend**');
    expect(worker).toContain('## Nächste Schritte');
    expect(worker).toContain('- **Bürger/in** Mietvertrag hochladen _(fällig: bis Freitag)_');
    expect(worker).toContain(summary.summary.reason_for_contact);
    expect(caller).toContain('> **⚠ AI-generated — pending review**');
    expect(caller).toContain(summary.caller_summary.reason_for_contact);
  });

  it.each([
    ['es', 'Generado por IA — pendiente de revisión'],
    ['fr', 'Généré par IA — en attente de vérification'],
    ['uk', 'AI-generated — pending review'],
  ])('labels a %s page "%s" (English when the language has no labels)', (language, banner) => {
    // Prepare
    const summary = summaryFor('call-1');
    summary.languages = { spoken: language, case_worker: language, caller: language };

    // Act
    const pages = summaryPages(summary);

    // Assess
    expect(pages).toHaveLength(1);
    expect(toHtml(pages[0]!)).toContain(`<html lang="${language}">`);
    expect(toHtml(pages[0]!)).toContain(banner);
  });

  it('renders the same bytes from the same summary', () => {
    const summary = summaryFor('call-1', steps);
    expect(summaryPages(summary).map(toHtml)).toEqual(summaryPages(summary).map(toHtml));
  });
});
