import { defineConfig } from 'vitest/config';

/**
 * System tests: the real binary in child processes, killed mid-write (test/**\/*.system.ts). Slower than unit tests and
 * about the machine as much as the code, so `npm test` leaves them out and CI runs them (`npm run test:system`).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.system.ts'],
    testTimeout: 120_000,
  },
});
