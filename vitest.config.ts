import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CLI end-to-end tests spawn real processes; two cores do not gain from more.
    maxWorkers: 2,
  },
});
