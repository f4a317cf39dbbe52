/**
 * Writes each published JSON Schema (schemas/*.schema.json) without its annotations as a
 * module under functions/shared/schemaData/, which functions/shared/schemaInterpreter.ts
 * validates against (@cfworker/json-schema).
 *
 *   npm run generate-validators          # rewrite the modules after changing a schema
 *
 * Why: a Lambda bundle then carries only the schemas of the documents its stage writes, as
 * compact data (descriptions removed), beside one small interpreter: compiled validator code
 * (ajv standalone) was three to five times the size of the schema it checks. A test
 * regenerates the modules and fails when the files in the repository are out of date.
 */
import { readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exitWithUsageIfAsked } from './usage';

const USAGE = `Usage: npm run generate-validators

Writes each published JSON Schema (schemas/*.schema.json), without its annotations, as a module
under functions/shared/schemaData/, rewriting those files. Run it after changing a schema; a
test fails while the modules are out of date.

  -h, --help  show this help and do nothing else`;
exitWithUsageIfAsked(USAGE);

const ROOT = join(import.meta.dirname, '..');
export const SCHEMAS_DIR = join(ROOT, 'schemas');
export const SCHEMA_DATA_DIR = join(ROOT, 'functions', 'shared', 'schemaData');

/** Words that document a schema but never change what it accepts. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', '$comment']);

/** Keywords whose values map names to schemas: a property may well be called "description". */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs']);

function withoutAnnotations(value: unknown, isNameMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutAnnotations(item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => isNameMap || !ANNOTATIONS.has(key))
      .map(([key, inner]) => [key, withoutAnnotations(inner, !isNameMap && NAME_MAPS.has(key))]),
  );
}

const HEADER = (file: string) =>
  `// Generated from schemas/${file} by \`npm run generate-validators\`. Do not edit.
// The schema without annotations, for functions/shared/schemaInterpreter.ts.
`;

/** Module source per schema kind, e.g. `transcript` -> `functions/shared/schemaData/transcript.ts`. */
export async function generateValidatorSources(): Promise<Map<string, string>> {
  const files = (await readdir(SCHEMAS_DIR)).filter((f) => f.endsWith('.schema.json')).sort();
  const sources = new Map<string, string>();
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8'));
    sources.set(
      `${file.replace('.schema.json', '')}.ts`,
      `${HEADER(file)}export const schema: Record<string, unknown> = ${JSON.stringify(withoutAnnotations(schema))};\n`,
    );
  }
  return sources;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, source] of await generateValidatorSources()) {
    await writeFile(join(SCHEMA_DATA_DIR, name), source);
    console.log(`functions/shared/schemaData/${name}`);
  }
}
