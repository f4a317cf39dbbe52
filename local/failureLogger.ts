import { Logger } from '@aws-lambda-powertools/logger';

type ErrorArgs = Parameters<Logger['error']>;

/**
 * A stage logger that also remembers why each record failed (the middy chain logs
 * `{ messageId, error }` for every failure), so the local runner can say why an input was
 * dead-lettered without `--verbose`. The reason is already redacted and cut short there.
 */
export class FailureLogger extends Logger {
  constructor(
    private readonly reasons: Map<string, string>,
    options: ConstructorParameters<typeof Logger>[0],
  ) {
    super(options);
  }

  override error(
    input: ErrorArgs[0],
    ...extraInput: ErrorArgs extends [unknown, ...infer R] ? R : never
  ): void {
    const [extra] = extraInput;
    if (extra && typeof extra === 'object' && 'messageId' in extra) {
      const { messageId, error } = extra as {
        messageId?: string;
        error?: { name?: string; message?: string };
      };
      if (messageId && error) this.reasons.set(messageId, `${error.name}: ${error.message}`);
    }
    super.error(input, ...extraInput);
  }
}
