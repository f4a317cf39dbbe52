import { type OutputUnit, Validator } from '@cfworker/json-schema';

/**
 * Checks documents against a published schema (draft 2020-12) with @cfworker/json-schema, an
 * interpreter of about 22 KiB: the schemas travel as data (functions/shared/schemaData/), far
 * smaller than compiled validator code. Returns one `<json-pointer>: <reason>` per problem, in
 * the words ajv uses for the same failure, so messages read the same wherever a document is
 * checked (case systems validate with ajv, see examples/case-system-consumer).
 */
export function schemaChecker(schema: Record<string, unknown>): (doc: unknown) => string[] {
  // Built on first use: a cold start pays only for the schemas it checks.
  let validator: Validator | undefined;
  return (doc) => {
    validator ??= new Validator(schema as never, '2020-12', false);
    const result = validator.validate(doc);
    if (result.valid) return [];
    return [...new Set(result.errors.flatMap(describe))];
  };
}

/** Units that only say "something below failed"; the failure below has its own unit. */
const WRAPPERS = new Set([
  'properties',
  'patternProperties',
  'items',
  'prefixItems',
  'contains',
  '$ref',
  '$dynamicRef',
  'allOf',
  'if',
  'then',
  'else',
  'dependentSchemas',
  // A `false` schema follows the additionalProperties unit that names the property.
  'false',
]);

/** The last word of a message without its full stop: the limit in "6 > 3" or "0 is less than 1". */
const limit = (error: string) => /([^\s(]+?)\)?\.?$/.exec(error)?.[1] ?? '';
/** The first quoted word: the property in `... property "text".` */
const quoted = (error: string) => /"([^"]*)"/.exec(error)?.[1] ?? '';

function describe(unit: OutputUnit): string[] {
  if (WRAPPERS.has(unit.keyword)) return [];
  const pointer = unit.instanceLocation.replace(/^#/, '');
  const path = pointer || '/';
  const reason = reasonFor(unit);
  if (unit.keyword === 'required' || unit.keyword === 'additionalProperties') {
    return [`${pointer}/${quoted(unit.error)}: ${reason}`];
  }
  return [`${path}: ${reason}`];
}

function reasonFor({ keyword, error }: OutputUnit): string {
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not allowed';
    case 'enum': {
      const values = JSON.parse(error.slice(error.indexOf('['), error.lastIndexOf(']') + 1));
      return `must be one of ${(values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    case 'const':
      return `must be ${error.replace(/^Instance does not match /, '').replace(/\.$/, '')}`;
    case 'type':
      return `must be ${[...error.slice(error.indexOf('Expected')).matchAll(/"([^"]+)"/g)].map((m) => m[1]).join(',')}`;
    case 'minimum':
      return `must be >= ${limit(error)}`;
    case 'maximum':
      return `must be <= ${limit(error)}`;
    case 'exclusiveMinimum':
      return `must be > ${limit(error)}`;
    case 'exclusiveMaximum':
      return `must be < ${limit(error)}`;
    case 'minLength':
      return `must NOT have fewer than ${limit(error)} characters`;
    case 'maxLength':
      return `must NOT have more than ${limit(error)} characters`;
    case 'minItems':
      return `must NOT have fewer than ${limit(error)} items`;
    case 'maxItems':
      return `must NOT have more than ${limit(error)} items`;
    case 'pattern':
      return 'must match pattern';
    case 'format':
      return `must match format "${quoted(error)}"`;
    case 'propertyNames':
      return 'property name must be valid';
    case 'oneOf':
      return 'must match exactly one schema in oneOf';
    case 'anyOf':
      return 'must match a schema in anyOf';
    default:
      return error;
  }
}
