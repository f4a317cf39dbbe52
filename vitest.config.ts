import { defineConfig } from 'vitest/config';

/** `import 'callbrief'` resolves to the TypeScript sources in tests (package.json `exports`). */
const conditions = ['callbrief-source', 'node'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { CDK_VALIDATION: 'false' },
  },
});
