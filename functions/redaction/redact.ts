import { detectDatesOfBirth } from './dateOfBirth';
import { detectEmails } from './email';
import { detectPensionNumbers } from './germanPensionNumber';
import { detectPostalAddresses } from './germanPostalAddress';
import { detectTaxIds } from './germanTaxId';
import { detectIbans } from './iban';
import { detectPaymentCards } from './paymentCard';
import { detectNames } from './personName';
import { detectPhoneNumbers } from './phoneNumber';
import { detectSpokenPhoneNumbers } from './spokenPhoneNumber';
import { type Detector, type Match, PLACEHOLDERS, type Redaction, TYPE_PRIORITY } from './types';

export const DETECTORS: readonly Detector[] = [
  detectIbans,
  detectTaxIds,
  detectPensionNumbers,
  detectPaymentCards,
  detectEmails,
  detectPhoneNumbers,
  detectDatesOfBirth,
  detectPostalAddresses,
];

export interface RedactedText {
  text: string;
  /** Sorted by start; offsets refer to the text that was passed in. */
  redactions: Redaction[];
}

const MAY_HOLD_IDENTIFIER = /[\d@]|\s(?:at|ät)\s|\(at\)|\[at\]/i;

const rank = (match: Match): number => TYPE_PRIORITY.indexOf(match.type);

/** Keeps a non-overlapping subset: longest first, then type priority, then earliest start. */
export function resolveOverlaps(matches: readonly Match[]): Match[] {
  const ordered = [...matches].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start,
  );
  const kept: Match[] = [];
  for (const match of ordered) {
    if (kept.every((other) => match.end <= other.start || match.start >= other.end)) {
      kept.push(match);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Every detector over the text, overlaps resolved. */
export function detectAll(text: string): Match[] {
  // Every identifier holds a digit, and an e-mail an "@" or a spoken "at": most sentences of a
  // conversation hold none and need no further regular expression at all.
  // Names and numbers read out as words hold neither: their detectors always run.
  const spoken = [...detectNames(text), ...detectSpokenPhoneNumbers(text)];
  if (!MAY_HOLD_IDENTIFIER.test(text)) return resolveOverlaps(spoken);
  return resolveOverlaps([...DETECTORS.flatMap((detect) => detect(text)), ...spoken]);
}

/** Replaces each finding with its typed placeholder; `path` names the field in the document. */
export function redactText(text: string, path = ''): RedactedText {
  const redactions = detectAll(text).map(
    (match): Redaction => ({ ...match, placeholder: PLACEHOLDERS[match.type], path }),
  );
  if (redactions.length === 0) return { text, redactions };
  let out = '';
  let cursor = 0;
  for (const redaction of redactions) {
    out += text.slice(cursor, redaction.start) + redaction.placeholder;
    cursor = redaction.end;
  }
  return { text: out + text.slice(cursor), redactions };
}
