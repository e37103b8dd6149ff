import { defineConfig } from '@playwright/test';

// cargo-leptos starts the server (`cargo leptos end-to-end`) and stops it afterwards; the
// browser is Debian's Chromium, never a downloaded one.
const baseURL = process.env.GREMIUM_E2E_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  // Room for one reload of a page that did not hydrate (tests/support.ts).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'en-US', // a browser that prefers English must still get German by default
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'with-javascript', use: { javaScriptEnabled: true } },
    { name: 'without-javascript', use: { javaScriptEnabled: false } },
  ],
});
