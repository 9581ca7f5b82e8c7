import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/.work/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each test file in its own child process (the e2e files block in
    // spawnSync while a tracer and its tracee run). Two files at a time on a
    // 2-core machine: an e2e file keeps a tracer and a tracee busy. Tests
    // inside a file run one after another.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    sequence: { concurrent: false },
  },
});
