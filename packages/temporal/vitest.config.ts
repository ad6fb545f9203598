import { defineConfig } from 'vitest/config';

// Unit tests: the workflow's state machine, policies, sinks' file handling, codec guards (no server).
export default defineConfig({
  test: { include: ['test/*.test.ts'] },
});
