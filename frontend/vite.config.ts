import react from "@vitejs/plugin-react";
import { writeFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vitest/config";

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

export default defineConfig({
  plugins: [react(), keepDist],
  build: {
    outDir: "dist",
    emptyOutDir: true,
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
    restoreMocks: true,
    unstubGlobals: true,
  },
});
