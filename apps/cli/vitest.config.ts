import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the CLI (and Temporal for backfill); they are slower than unit tests.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
