import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateValidatorSources, VALIDATORS_DIR } from '../../../scripts/generate-validators';

describe('Generated validators (functions/shared/validators/)', () => {
  it('match the schemas in schemas/: run `npm run generate-validators` after changing one', async () => {
    const sources = await generateValidatorSources();
    expect(sources.size).toBe(10);
    for (const [name, source] of sources) {
      const committed = await readFile(join(VALIDATORS_DIR, name), 'utf8');
      expect(committed, `functions/shared/validators/${name} is out of date`).toBe(source);
    }
  });
});
