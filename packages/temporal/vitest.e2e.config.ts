import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/*.e2e.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // One Temporal dev server and one PostgreSQL for the whole run; files run one after another so the
    // shared 2-core machine is not oversubscribed.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
