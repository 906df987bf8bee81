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
  use: {
    baseURL: external ?? "http://127.0.0.1:18080",
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
          timeout: 120_000,
          stdout: "pipe",
          stderr: "pipe",
        },
      }),
});
