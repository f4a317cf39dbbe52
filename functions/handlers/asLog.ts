import type { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../core/stageContext';

/** Adapts Powertools' variadic signature to the core's Log port. */
export function asLog(logger: Logger): Log {
  return {
    info: (message, attributes = {}) => logger.info(message, attributes),
    warn: (message, attributes = {}) => logger.warn(message, attributes),
    error: (message, attributes = {}) => logger.error(message, attributes),
  };
}
