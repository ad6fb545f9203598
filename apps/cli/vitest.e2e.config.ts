import { defineConfig } from 'vitest/config';

// Commands that start Temporal (embedded or the testkit's) or PostgreSQL.
export default defineConfig({
  test: { include: ['test/e2e/*.e2e.test.ts'], testTimeout: 180_000, hookTimeout: 120_000 },
});
