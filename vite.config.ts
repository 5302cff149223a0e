import { defineConfig } from 'vitest/config';

/** Vite builds the static page; vitest runs the unit tests (the browser tests have their own config). */
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'three', test: /node_modules[\\/]three/ }] },
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    // One worker per core: the default, one fewer than the cores, runs one file at a time on a 2-core machine. Worker
    // threads start a test file with less work than child processes. Files stay isolated: isolate: false was faster
    // still, but shares module state (caches, counters, stubbed globals) between the files of a worker.
    pool: 'threads',
    maxWorkers: '100%',
    // A missing file snapshot (test/output/, golden.test.ts) fails unless `-u` asks for it to be written.
    update: 'none',
  },
});
