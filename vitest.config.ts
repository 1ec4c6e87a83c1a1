import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    reporters: ['default', './test/setup/skip-reporter.ts'],
    testTimeout: 60_000,
    // How long a journey waits for the page to come round (1 s by default): a bound on waiting, never an
    // assertion on speed, so a loaded 2-core machine does not fail a journey that would succeed.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
