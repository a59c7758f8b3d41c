import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The default summary, plus a line per slow test as it finishes (docs/development.md).
    reporters: ['default', './test/support/progress-reporter.ts'],
  },
});
