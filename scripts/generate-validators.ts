/**
 * Compiles each published JSON Schema (schemas/*.schema.json) into a standalone validator
 * module under functions/shared/validators/, with ajv's standalone code generation.
 *
 *   npm run generate-validators          # rewrite the modules after changing a schema
 *
 * Why: the Lambda bundles then carry only the validating code of the documents each stage
 * writes (a few KiB each) instead of the ajv compiler and every schema (about 185 KiB), and
 * nothing is compiled at cold start. A test regenerates the modules and fails when the files
 * in the repository are out of date.
 */
import { readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { fastFormats } from 'ajv-formats/dist/formats';
import { exitWithUsageIfAsked } from './usage';

const USAGE = `Usage: npm run generate-validators

Compiles each published JSON Schema (schemas/*.schema.json) into a standalone validator module
under functions/shared/validators/ (ajv standalone code), rewriting those files. Run it after
changing a schema; a test fails while the modules are out of date.

  -h, --help  show this help and do nothing else`;
exitWithUsageIfAsked(USAGE);

const ROOT = join(import.meta.dirname, '..');
export const SCHEMAS_DIR = join(ROOT, 'schemas');
export const VALIDATORS_DIR = join(ROOT, 'functions', 'shared', 'validators');

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
// @ts-nocheck
// ajv counts a string's length in code points (ucs2length): the same, without its require().
const ucs2length = (value) => [...value].length;
`;

/** Module source per schema kind, e.g. `transcript` -> `functions/shared/validators/transcript.ts`. */
export async function generateValidatorSources(): Promise<Map<string, string>> {
  const files = (await readdir(SCHEMAS_DIR)).filter((f) => f.endsWith('.schema.json')).sort();
  const sources = new Map<string, string>();
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8'));
    // The same options the schema tests use: strict, and every problem reported at once.
    const ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      // Shared definitions become one function each instead of a copy at every $ref: the
      // case summary's validator is a third smaller.
      inlineRefs: false,
      code: { source: true, esm: true, lines: true },
    });
    // The regular-expression form of date-time, so the generated code holds it inline.
    const dateTime = fastFormats['date-time'] as { validate: RegExp };
    ajv.addFormat('date-time', dateTime.validate);
    const date = fastFormats.date as { validate: RegExp };
    ajv.addFormat('date', date.validate);
    const validate = ajv.compile(withoutAnnotations(schema) as object);
    const code = standaloneCode(ajv, validate).replaceAll(
      'require("ajv/dist/runtime/ucs2length").default',
      'ucs2length',
    );
    if (code.includes('require(')) {
      throw new Error(`${file}: the generated validator needs a runtime module; import it here`);
    }
    sources.set(
      `${file.replace('.schema.json', '')}.ts`,
      `${HEADER(file)}${code.replace(/^"use strict";\n?/, '')}\n`,
    );
  }
  return sources;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, source] of await generateValidatorSources()) {
    await writeFile(join(VALIDATORS_DIR, name), source);
    console.log(`functions/shared/validators/${name}`);
  }
}
