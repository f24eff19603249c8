import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath, portFrom } from './scripts/browser.mjs';

/**
 * End-to-end tests run against the BUILT site (`astro build` then `astro preview`). Debian's
 * Chromium is used when present (Playwright cannot download its own browser on these machines);
 * set CHROMIUM_PATH to use another one. See scripts/browser.mjs.
 */
const port = portFrom('E2E_PORT', 4329);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // The JSON report is what `npm test` reads to print its one summary line.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `npx astro preview --port ${port} --host localhost`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
