import { describe, expect, it } from 'vitest';
import { detectEmails } from '../../../functions/redaction/email';
import { found } from './found';

describe('Function: detectEmails', () => {
  it('finds plain, tagged, upper-case and internationalised addresses', () => {
    const text =
      'An max.mustermann@example.de, first_last+tag@mail.example.org, ALEKSANDRA.NOWAK@GMAIL.COM und info@bürgeramt-köln.de.';
    expect(found(detectEmails, text)).toEqual([
      'max.mustermann@example.de',
      'first_last+tag@mail.example.org',
      'ALEKSANDRA.NOWAK@GMAIL.COM',
      'info@bürgeramt-köln.de',
    ]);
  });

  it('finds an address dictated the way speech-to-text writes it', () => {
    expect(found(detectEmails, 'Meine Mail ist anna punkt schmidt at gmx punkt de.')).toEqual([
      'anna punkt schmidt at gmx punkt de',
    ]);
  });

  it('ignores handles, prices and file names', () => {
    const text = 'Folgen Sie @jobcenter, 3 Stück @ 5 Euro, Anhang bescheid@2026.pdf, meet at home.';
    expect(detectEmails(text)).toEqual([]);
  });
});
