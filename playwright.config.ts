import { defineConfig } from '@playwright/test';
import { chromiumExecutable, CHROMIUM_ARGS } from './tests/e2e/support/chromium';

// End-to-end tests drive Debian's Chromium (never a downloaded browser) against the real headless
// host, and the real Electron app where its binary exists (see tests/e2e/electron.spec.ts).
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  globalSetup: './tests/e2e/support/global-setup.ts',
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron(-packaged)?\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
    // An unpacked installer build (npm run test:packaged); skipped, with the reason, without one.
    { name: 'electron-packaged', testMatch: /electron-packaged\.spec\.ts/ },
  ],
});
