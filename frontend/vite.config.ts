import react from "@vitejs/plugin-react";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";
import { homeworkBundleGuard } from "./scripts/homework-bundle.js";

const backend = "http://localhost:8080";

// The Go binary embeds dist/ (frontend/embed.go), and git keeps dist/.gitkeep so that it
// compiles before any build. Vite empties dist/ on every build: put the file back.
const keepDist: Plugin = {
  name: "steady-keep-dist",
  apply: "build",
  closeBundle() {
    writeFileSync(new URL("./dist/.gitkeep", import.meta.url), "");
  },
};

// Two pages, two bundles: the staff app (index.html) and the clients' homework pages
// (homework.html, served by the Go server for every path under /h/).
const pages = {
  main: fileURLToPath(new URL("./index.html", import.meta.url)),
  homework: fileURLToPath(new URL("./homework.html", import.meta.url)),
};

// In `vite` and `vite preview`, serve homework.html for /h/<token> as the Go server does.
function homeworkPaths(req: { url?: string }, _res: unknown, next: () => void) {
  if (req.url && /^\/h(\/|$)/.test(req.url)) req.url = "/homework.html";
  next();
}
const homeworkRoutes: Plugin = {
  name: "steady-homework-routes",
  configureServer(server) {
    server.middlewares.use(homeworkPaths);
  },
  configurePreviewServer(server) {
    server.middlewares.use(homeworkPaths);
  },
};

export default defineConfig({
  plugins: [react(), keepDist, homeworkRoutes],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Vite 8 (Rolldown): build.rollupOptions is a deprecated alias of rolldownOptions.
    rolldownOptions: {
      input: pages,
      // Fails the build if the homework pages' first load holds staff-app code. The bytes are
      // measured after the build by scripts/size-report.mjs (`npm run build`), once
      // scripts/compress.mjs has written the .br and .gz files the Go server sends.
      plugins: [homeworkBundleGuard()],
    },
  },
  server: {
    proxy: {
      "/api": backend,
      "/healthz": backend,
      "/readyz": backend,
      "/metrics": backend,
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.tsx"],
    setupFiles: ["src/test/setup.ts"],
    // With the fixed clock of src/test/setup.ts (src/test/clock.ts), the zone makes "today" and
    // every date and time the pages show the same on every machine.
    env: { TZ: "UTC" },
    restoreMocks: true,
    unstubGlobals: true,
    // Sized for a busy 2-core machine, where a test that takes 1 s alone can take ten times
    // that (the biggest took 15 s under load). testing-library's own wait (asyncUtilTimeout,
    // 20 s, set in src/test/setup.ts) is shorter, so a condition that never comes fails with its
    // own message, not a bare timeout. Don't lower these per test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
