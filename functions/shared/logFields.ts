/**
 * The only fields a log line may carry. Anything else a caller passes is dropped (and counted),
 * so a transcript, a key, a provider's answer or a file name cannot reach CloudWatch by a
 * careless `log.info(…, { text })`. Values are scalars; `error` is a name and a short message.
 */
export const LOG_FIELDS: ReadonlySet<string> = new Set([
  // where
  'stage',
  'messageId',
  'requestId',
  'objectId',
  'errorRecord',
  // which case; ids are opaque, never names (see artifactKeys.assertSafeId)
  'caseId',
  'contactId',
  'case_id',
  'contact_id',
  'caseIdSha256',
  // what happened
  'status',
  'code',
  'decision',
  'durationMs',
  'attempts',
  'redactions',
  'pieces',
  'providerCalls',
  'changed',
  'contacts',
  'openSteps',
  'examined',
  'terminal',
  'reenqueued',
  'skipped',
  'recordings_bucket',
  'results_bucket',
  'error',
]);

export type LogValue = string | number | boolean | null | { name: string; message: string };

/** Keeps allow-listed fields with scalar values; reports how many others were dropped. */
export function allowListedFields(
  attributes: Record<string, unknown> = {},
): Record<string, LogValue> {
  const kept: Record<string, LogValue> = {};
  let dropped = 0;
  for (const [name, value] of Object.entries(attributes)) {
    const safe = LOG_FIELDS.has(name) ? logValue(name, value) : undefined;
    if (safe === undefined) dropped++;
    else kept[name] = safe;
  }
  if (dropped > 0) kept.droppedFields = dropped;
  return kept;
}

function logValue(name: string, value: unknown): LogValue | undefined {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.slice(0, 300);
  if (name === 'error' && typeof value === 'object') {
    const { name: errorName, message } = value as { name?: unknown; message?: unknown };
    if (typeof errorName === 'string' && typeof message === 'string') {
      return { name: errorName.slice(0, 100), message: message.slice(0, 300) };
    }
  }
  return undefined;
}
