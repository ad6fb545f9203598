import { defineConfig } from 'vitest/config';

// The CLI spawned as a child process against an in-process sandbox; slower than pure unit tests.
export default defineConfig({
  test: { include: ['test/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
