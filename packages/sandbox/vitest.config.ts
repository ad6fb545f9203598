import { defineConfig } from 'vitest/config';

// Unit tests only: everything here runs in-process (the sandbox over real HTTP on port 0), no external servers.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'] },
});
