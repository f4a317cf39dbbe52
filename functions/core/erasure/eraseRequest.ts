import { assertSafeId } from '../../shared/artifactKeys';
import { InvalidMessageError } from '../../shared/errors';
import * as z from '../../shared/zod';

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** What a case system sends on the erase queue to exercise a citizen's right to erasure. */
const eraseRequestSchema = z.strictObject({
  type: z.literal('erase-case'),
  case_id: z.string().check(z.minLength(1)),
  /** The case system's own id of this request; erasure is idempotent per request. */
  request_id: z
    .string()
    .check(z.regex(/^[A-Za-z0-9._-]{1,128}$/, '1-128 letters, digits, ".", "_" or "-"')),
  /**
   * Which system or role asked, e.g. "case-system-jobcentre-north": an identifier, never a
   * person's name or e-mail address, because the receipt keeps it for years.
   */
  requested_by: z.string().check(
    z.refine(
      (value) => !value.includes('@'),
      'an identifier of a system or role, not an e-mail address',
    ),
    z.regex(IDENTIFIER, 'an identifier: 1-128 letters, digits, ".", "_", ":" or "-"'),
  ),
  /**
   * Set by the erase function itself on the message it queues for the second sweep: not before
   * this time (RFC 3339). Case systems leave it out.
   */
  second_sweep_at: z.optional(z.iso.datetime()),
});

export type EraseRequest = z.infer<typeof eraseRequestSchema>;

export interface SweepCounts {
  recordings_bucket: number;
  results_bucket: number;
}

/**
 * Proof that a case was erased. Holds no personal data: the case only as an HMAC under a key of
 * the app, the requester only as a system or role identifier.
 */
export interface ErasureReceipt {
  schema_version: string;
  type: 'erasure-receipt';
  case_id_hmac: string;
  request_id: string;
  requested_by: string;
  erased_at: string;
  /** Object versions deleted by the first sweep. */
  deleted: SweepCounts;
  /** When the second sweep runs, after the longest time work of the case may still be in flight. */
  second_sweep_due_at: string;
  /** Added by the second sweep. */
  second_sweep?: { swept_at: string; deleted: SweepCounts };
}

export function parseEraseRequest(body: string): EraseRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidMessageError('erase request is not JSON', { cause: error });
  }
  const parsed = eraseRequestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidMessageError(`erase request is invalid: ${problems}`);
  }
  assertSafeId('case_id', parsed.data.case_id);
  return parsed.data;
}
