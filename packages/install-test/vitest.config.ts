import { defineConfig } from 'vitest/config';

// One packed-and-installed project for the whole run; files one after another (a shared 2-core machine).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
