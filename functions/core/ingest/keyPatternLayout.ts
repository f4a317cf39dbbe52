import type { KeyFacts } from './telephonyLayouts';

/**
 * Recorders with their own naming scheme (ALE/NICE/Verint exports, SIPREC recorders): the
 * configured regular expression's named groups (case_id, contact_id, caller_language,
 * agent_channel) become metadata. Checked at config load, validated like any metadata here.
 */
export function matchKeyPattern(key: string, pattern: string): KeyFacts | undefined {
  const groups = new RegExp(pattern).exec(key)?.groups;
  if (!groups) return undefined;
  const metadata = Object.fromEntries(
    Object.entries(groups).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return { layout: 'pattern', metadata, awaitsMetadata: false };
}
