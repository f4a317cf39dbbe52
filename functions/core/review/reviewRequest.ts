import { assertSafeId } from '../../shared/artifactKeys';
import { InvalidMessageError } from '../../shared/errors';
import * as z from '../../shared/zod';

const text = z.string().check(z.minLength(1), z.maxLength(4000));
const contentSchema = z.strictObject({
  reason_for_contact: text,
  key_facts: z.array(text).check(z.maxLength(50)),
  next_steps: z
    .array(
      z.strictObject({
        action: text,
        owner: z.enum(['authority', 'citizen', 'unknown']),
        due: z.optional(z.string().check(z.maxLength(200))),
      }),
    )
    .check(z.maxLength(50)),
  open_questions: z.array(text).check(z.maxLength(50)),
});

/**
 * Human oversight (EU AI Act): a case worker, through the case system, approves the AI summary
 * or replaces it with a corrected one. `reviewed_by` is the reviewer's id in the case system.
 */
const reviewRequestSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    type: z.literal('review-summary'),
    case_id: z.string().check(z.minLength(1)),
    contact_id: z.string().check(z.minLength(1)),
    decision: z.literal('approved'),
    reviewed_by: z.string().check(z.regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'a reviewer id')),
  }),
  z.strictObject({
    type: z.literal('review-summary'),
    case_id: z.string().check(z.minLength(1)),
    contact_id: z.string().check(z.minLength(1)),
    decision: z.literal('corrected'),
    reviewed_by: z.string().check(z.regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'a reviewer id')),
    /** The corrected summary in the case worker's language. */
    summary: contentSchema,
  }),
]);

export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

export function parseReviewRequest(json: unknown): ReviewRequest {
  const parsed = reviewRequestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidMessageError(`review request is invalid: ${problems}`);
  }
  assertSafeId('case_id', parsed.data.case_id);
  assertSafeId('contact_id', parsed.data.contact_id);
  return parsed.data;
}
