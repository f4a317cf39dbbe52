import { describe, expect, it } from 'vitest';
import type { CaseRollup } from '../../../functions/core/caseRollup/caseRollupDocument';
import { caseLanguages, casePage } from '../../../functions/core/render/casePage';
import { toMarkdown } from '../../../functions/core/render/page';
import { example } from '../schemas/examples';

const rollup = () => example('case-rollup') as unknown as CaseRollup;

describe('Function: casePage', () => {
  it('lists the contacts in order and the open steps with the contact they came from', () => {
    // Act
    const md = toMarkdown(casePage(rollup(), 'de'));

    // Assess
    expect(md).toContain('# Fallübersicht: JC-2026-004711');
    expect(md).toContain('> **⚠ KI-generiert — Prüfung ausstehend**');
    expect(md).toContain('- **Status:** offen');
    expect(md.indexOf('call-20261122-0937')).toBeLessThan(md.indexOf('call-20261125-1402'));
    expect(md).toContain('- **2026-11-22 09:37 UTC · call-20261122-0937** Die Anruferin');
    expect(md).toContain(
      '- **Bürger/in** Mietvertrag hochladen _(fällig: bis Freitag; aus Kontakt call-20261122-0937)_',
    );
  });

  it('leaves out steps marked done and says when none are open', () => {
    // Prepare
    const doc = rollup();
    doc.next_steps = doc.next_steps.map((s) => ({ ...s, status: 'done' }));
    doc.status = 'no-open-steps';

    // Act
    const md = toMarkdown(casePage(doc, 'en'));

    // Assess
    expect(md).toContain('- **Status:** no open steps');
    expect(md).toContain('## Next steps\n\n_None_');
  });

  it('makes one overview per case-worker language', () => {
    // Prepare
    const doc = rollup();
    const [first, second] = doc.contacts;
    doc.contacts = [first!, { ...second!, languages: { ...second!.languages, case_worker: 'fr' } }];

    // Assess
    expect(caseLanguages(doc)).toEqual(['de', 'fr']);
  });
});
