import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentKind } from '../../../functions/shared/schemas';

export const SCHEMAS_DIR = join(import.meta.dirname, '../../../schemas');
export const EXAMPLES_DIR = join(SCHEMAS_DIR, 'examples');

/** A fresh copy of schemas/examples/<kind>.json, safe to mutate. */
export function example(kind: DocumentKind): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, `${kind}.json`), 'utf8'));
}
