import type { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../core/stageContext';
import { allowListedFields } from '../shared/logFields';

/** Adapts Powertools' variadic signature to the core's Log port; only allow-listed fields pass. */
export function asLog(logger: Logger): Log {
  return {
    info: (message, attributes) => logger.info(message, allowListedFields(attributes)),
    warn: (message, attributes) => logger.warn(message, allowListedFields(attributes)),
    error: (message, attributes) => logger.error(message, allowListedFields(attributes)),
  };
}
