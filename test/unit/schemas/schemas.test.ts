import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  documentSchemas,
  isValid,
  validateDocument,
} from '../../../functions/shared/schemas';
import { EXAMPLES_DIR, example, SCHEMAS_DIR } from './examples';

type Json = Record<string, unknown>;

/** Every subschema of a schema, with its JSON pointer. */
function* subschemas(node: unknown, pointer = ''): Generator<[string, Json]> {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* subschemas(item, `${pointer}/${i}`);
    return;
  }
  const schema = node as Json;
  yield [pointer, schema];
  for (const keyword of ['properties', '$defs'] as const) {
    const children = (schema[keyword] ?? {}) as Json;
    for (const [name, child] of Object.entries(children)) {
      yield* subschemas(child, `${pointer}/${keyword}/${name}`);
    }
  }
  for (const keyword of ['items', 'additionalProperties', 'propertyNames'] as const) {
    if (typeof schema[keyword] === 'object') {
      yield* subschemas(schema[keyword], `${pointer}/${keyword}`);
    }
  }
  if (schema.oneOf) yield* subschemas(schema.oneOf, `${pointer}/oneOf`);
}

describe('Schemas: schemas/*.schema.json', () => {
  it('has one schema file per document kind and nothing else', () => {
    // Prepare
    const files = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json'));

    // Assess
    expect(files.sort()).toEqual(DOCUMENT_KINDS.map((k) => `${k}.schema.json`).sort());
  });

  it.each(DOCUMENT_KINDS)(
    '%s declares draft 2020-12, a urn $id, a title and a description',
    (kind) => {
      // Prepare
      const schema = documentSchemas[kind];

      // Assess
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`urn:callbrief:schema:${kind}:1.1`);
      expect(schema.title).toEqual(expect.any(String));
      expect(schema.description).toEqual(expect.any(String));
    },
  );

  it.each(DOCUMENT_KINDS)('%s describes every property and closes every object', (kind) => {
    // Prepare
    const undescribed: string[] = [];
    const open: string[] = [];

    // Act
    for (const [pointer, schema] of subschemas(documentSchemas[kind])) {
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) {
        if (typeof (property as Json).description !== 'string') {
          undescribed.push(`${pointer}/properties/${name}`);
        }
      }
      // channel_roles is a map (its values are typed); every other object is a closed shape.
      if (schema.type === 'object' && schema.additionalProperties !== false) {
        if (typeof schema.additionalProperties !== 'object') open.push(pointer || '/');
      }
    }

    // Assess
    expect(undescribed).toEqual([]);
    expect(open).toEqual([]);
  });

  it('keeps shared definitions identical in every schema that carries them', () => {
    // Prepare
    const seen = new Map<string, { kind: DocumentKind; definition: unknown }>();
    const differing: string[] = [];

    // Act
    for (const kind of DOCUMENT_KINDS) {
      const defs = (documentSchemas[kind].$defs ?? {}) as Json;
      for (const [name, definition] of Object.entries(defs)) {
        const first = seen.get(name);
        if (!first) seen.set(name, { kind, definition });
        else if (JSON.stringify(first.definition) !== JSON.stringify(definition)) {
          differing.push(`${name}: ${first.kind} vs ${kind}`);
        }
      }
    }

    // Assess
    expect(differing).toEqual([]);
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining(['provenance', 'objectPointer', 'languageCode', 'schemaVersion']),
    );
  });
});

describe('Examples: schemas/examples/*.json', () => {
  it('has one example per schema', () => {
    // Prepare
    const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));

    // Assess
    expect(files.sort()).toEqual(DOCUMENT_KINDS.map((k) => `${k}.json`).sort());
  });

  it.each(DOCUMENT_KINDS)('validates the %s example', (kind) => {
    // Prepare
    const doc = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${kind}.json`), 'utf8'));

    // Act & Assess
    expect(() => validateDocument(kind, doc)).not.toThrow();
    expect(isValid(kind, doc)).toBe(true);
  });

  it.each(DOCUMENT_KINDS.filter((k) => k !== 'stage-message'))(
    'the %s example carries schema_version 1.x',
    (kind) => {
      expect(example(kind).schema_version).toMatch(/^1\.\d+$/);
    },
  );
});
