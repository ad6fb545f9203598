import { defineConfig } from 'vitest/config';

// Real n8n processes: slow, one file at a time (the machine is shared), generous timeouts.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
