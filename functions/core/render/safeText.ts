/**
 * Text from a call may carry characters that change how other text looks: terminal control
 * sequences (ESC [ … that recolour or rewrite a terminal line), other C0/C1 controls, and the
 * Unicode bidi overrides and isolates that reorder a line ("Trojan Source"), so a due date or an
 * IBAN reads differently from what is stored. They carry no meaning in a case note: dropped.
 * Tabs become spaces; line breaks are left to the caller (oneLine, or the CLI's own layout).
 */
// C0, DEL and C1 (Cc) except line breaks; bidi marks, embeddings, overrides and isolates.
const CONTROLS = /(?![\n\r])[\p{Cc}\p{Bidi_Control}]/gu;

export function stripControls(text: string): string {
  return text.replace(/\t/g, ' ').replace(CONTROLS, '');
}

/** One terminal line: controls dropped and line breaks (a bare CR rewrites the line) made spaces. */
export function terminalLine(text: string): string {
  return stripControls(text).replace(/[\r\n\u2028\u2029]+/g, ' ');
}
