import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateValidatorSources, SCHEMA_DATA_DIR } from '../../../scripts/generate-validators';

describe('Generated schema data (functions/shared/schemaData/)', () => {
  it('match the schemas in schemas/: run `npm run generate-validators` after changing one', async () => {
    const sources = await generateValidatorSources();
    expect(sources.size).toBe(10);
    for (const [name, source] of sources) {
      const committed = await readFile(join(SCHEMA_DATA_DIR, name), 'utf8');
      expect(committed, `functions/shared/schemaData/${name} is out of date`).toBe(source);
    }
  });
});
