/**
 * Error hierarchy that decides what happens to a message.
 * - PermanentError: the input can never succeed. The stage writes an error record and acks.
 * - TransientError (and anything unknown): thrown back so the queue retries, then dead-letters.
 * Decide with `instanceof`, never by matching messages.
 */
export class CallbriefError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CallbriefError';
  }
}

export class PermanentError extends CallbriefError {
  /** Stable machine-readable reason, e.g. `unsupported-audio`. */
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
    this.code = code;
  }
}

export class UnsupportedAudioError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super('unsupported-audio', message, options);
    this.name = 'UnsupportedAudioError';
  }
}

export class CorruptAudioError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super('corrupt-audio', message, options);
    this.name = 'CorruptAudioError';
  }
}

export class InvalidMetadataError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid-metadata', message, options);
    this.name = 'InvalidMetadataError';
  }
}

export class InvalidMessageError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid-message', message, options);
    this.name = 'InvalidMessageError';
  }
}

/** A provider refused the request for a reason a retry cannot fix (bad credentials, bad request). */
export class ProviderRejectedError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super('provider-rejected', message, options);
    this.name = 'ProviderRejectedError';
  }
}

/** A contact too long to summarize within the configured cap on provider calls. */
export class ContactTooLongError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super('contact-too-long', message, options);
    this.name = 'ContactTooLongError';
  }
}

export class TransientError extends CallbriefError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Another worker is handing the same artifact on right now; retry later to confirm. */
export class HandoffInProgressError extends TransientError {
  constructor(message: string) {
    super(message);
    this.name = 'HandoffInProgressError';
  }
}

/** Invalid configuration: raised at cold start or synth so nothing runs half-configured. */
export class ConfigurationError extends CallbriefError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}
