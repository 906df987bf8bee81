import { defineConfig } from "@playwright/test";

// Browser tests run Debian's Chromium (never a downloaded browser) against the real Go binary,
// which scripts/e2e-server.sh starts with a fresh database. Set STEADY_E2E_URL to test a
// server that is already running instead.
const external = process.env.STEADY_E2E_URL;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  forbidOnly: !!process.env.CI,
  // Budgets sized for a busy 2-core machine (Chromium, the Go server and Postgres share it):
  // the longest journey took 31 s on a lightly loaded machine and 69 s with two CPU hogs, most
  // of it in axe scans; each scan also adds 30 s to its test's budget (e2e/axe.ts). Waits end
  // as soon as their condition holds, so these only delay a real failure. Don't lower them per
  // test.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: external ?? "http://127.0.0.1:18080",
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  ...(external
    ? {}
    : {
        webServer: {
          command: "bash ../scripts/e2e-server.sh",
          url: "http://127.0.0.1:18080/readyz",
          reuseExistingServer: false,
          timeout: 180_000, // a fresh database, migrations and the server's start, under load
          stdout: "pipe",
          stderr: "pipe",
        },
      }),
});
