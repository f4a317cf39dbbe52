import { createHash } from 'node:crypto';
import { assertSafeId } from '../../shared/artifactKeys';
import { InvalidMessageError } from '../../shared/errors';
import * as z from '../../shared/zod';

/** What a case system sends on the erase queue to exercise a citizen's right to erasure. */
const eraseRequestSchema = z.strictObject({
  type: z.literal('erase-case'),
  case_id: z.string().check(z.minLength(1)),
  /** The case system's own id of this request; erasure is idempotent per request. */
  request_id: z
    .string()
    .check(z.regex(/^[A-Za-z0-9._-]{1,128}$/, '1-128 letters, digits, ".", "_" or "-"')),
  /** Which system or role asked (no personal data), e.g. "case-system-jobcentre-north". */
  requested_by: z.string().check(z.regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'a system or role id')),
});

export type EraseRequest = z.infer<typeof eraseRequestSchema>;

/** Proof that a case was erased. Holds no personal data: the case id only as a hash. */
export interface ErasureReceipt {
  schema_version: string;
  type: 'erasure-receipt';
  case_id_sha256: string;
  request_id: string;
  requested_by: string;
  erased_at: string;
  deleted: { recordings_bucket: number; results_bucket: number };
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

export function caseIdHash(caseId: string): string {
  return createHash('sha256').update(caseId).digest('hex');
}
