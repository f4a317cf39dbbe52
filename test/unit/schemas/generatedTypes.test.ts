import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes, TYPES_DIR } from '../../../scripts/generate-types';

describe('Script: generate-types', () => {
  it('returns exactly the committed schemas/types/ (run `npm run generate-types` when this fails)', async () => {
    // Act
    const files = await generateTypes();

    // Assess
    expect(Object.keys(files).length).toBeGreaterThan(9);
    for (const [file, text] of Object.entries(files)) {
      expect(readFileSync(join(TYPES_DIR, file), 'utf8'), file).toBe(text);
    }
  });
});
