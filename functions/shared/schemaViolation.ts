import { PermanentError } from './errors';

/** Problems beyond this many are counted, not listed, so one bad document cannot flood a log. */
const MAX_LISTED_PROBLEMS = 20;

/**
 * A document does not match its published JSON Schema. Permanent: the same bytes fail the same
 * way on every retry. `problems` holds one `<json-pointer>: <reason>` entry per failure.
 */
export class SchemaViolationError extends PermanentError {
  readonly kind: string;
  readonly problems: readonly string[];
  constructor(kind: string, problems: readonly string[], options?: ErrorOptions) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
    const more = problems.length - MAX_LISTED_PROBLEMS;
    super(
      'schema-violation',
      `${kind} document does not match its schema: ${listed}${more > 0 ? `; and ${more} more` : ''}`,
      options,
    );
    this.name = 'SchemaViolationError';
    this.kind = kind;
    this.problems = problems;
  }
}
