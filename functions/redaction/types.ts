/**
 * Shared shapes of the redaction detectors.
 * A redaction names what was removed and where, never the value: a reviewer sees the category,
 * and nothing in the record can be used to recover or link the personal data.
 */

export type RedactionType =
  | 'IBAN'
  | 'TAX_ID'
  | 'PENSION_NO'
  | 'CARD'
  | 'EMAIL'
  | 'PHONE'
  | 'DATE_OF_BIRTH'
  | 'ADDRESS'
  | 'NAME';

export const PLACEHOLDERS: Readonly<Record<RedactionType, string>> = Object.freeze({
  IBAN: '[IBAN]',
  TAX_ID: '[TAX_ID]',
  PENSION_NO: '[PENSION_NO]',
  CARD: '[CARD]',
  EMAIL: '[EMAIL]',
  PHONE: '[PHONE]',
  DATE_OF_BIRTH: '[DATE_OF_BIRTH]',
  ADDRESS: '[ADDRESS]',
  NAME: '[NAME]',
});

/**
 * Tie-break order when two candidates of equal length overlap: checksum-validated types first,
 * because a passing checksum is stronger evidence than a pattern or a context word.
 */
export const TYPE_PRIORITY: readonly RedactionType[] = [
  'IBAN',
  'CARD',
  'PENSION_NO',
  'TAX_ID',
  'EMAIL',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'PHONE',
  'NAME',
];

/** A detector's finding: half-open character range [start, end) in the scanned text. */
export interface Match {
  type: RedactionType;
  start: number;
  end: number;
}

export type Detector = (text: string) => Match[];

/** One removal, with offsets into the ORIGINAL text of the field at `path`. */
export interface Redaction extends Match {
  placeholder: string;
  /** Where in the document the text lay, e.g. `turns[3].text` or `key_facts[0]`. */
  path: string;
}
