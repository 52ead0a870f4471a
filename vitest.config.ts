import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Statistical tests run large ensembles on every core; one file at a time keeps them from fighting.
    fileParallelism: false,
  },
});
