import type { Detector } from '../../../functions/redaction/types';

/** The substrings a detector reports, which reads better in assertions than offsets. */
export const found = (detect: Detector, text: string): string[] =>
  detect(text).map((match) => text.slice(match.start, match.end));
