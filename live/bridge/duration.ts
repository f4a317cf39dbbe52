/** ISO 8601 durations as AudioHook writes stream positions: `PT0S`, `PT12.34S`, `PT1M2.5S`. */
const DURATION = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/;

/** Seconds of an ISO 8601 duration, or undefined when the text is not one. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || text === 'PT') return undefined;
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** `PT12.34S`, rounded to milliseconds (the protocol's examples use at most three decimals). */
export function formatDuration(seconds: number): string {
  const rounded = Math.round(Math.max(0, seconds) * 1000) / 1000;
  return `PT${rounded}S`;
}
