import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/helpers/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Pseudo-terminal tests spawn real processes; two cores are plenty for two files at a time.
    maxWorkers: 2,
    env: {FORCE_COLOR: undefined as unknown as string},
  },
});
