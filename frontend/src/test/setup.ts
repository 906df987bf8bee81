import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { resetCsrfToken } from "../api/client";
import { useFixedClock } from "./clock";

// One fixed clock for every test (see clock.ts). Pinned here, before the test module loads, so
// module-level values such as `const today = todayISO()` see it too; and again before each test,
// so a test that moves the clock cannot leak into the next one.
useFixedClock();
beforeEach(useFixedClock);

// How long findBy* and waitFor wait for a condition. testing-library's default (1 s) is too
// short on a busy 2-core machine, where a test file's first render (cold code) took up to 10 s
// under load; a condition that holds returns as soon as it does, so this only delays failures.
// vite.config.ts's testTimeout stays well above it.
configure({ asyncUtilTimeout: 20_000 });

afterEach(() => {
  cleanup();
  resetCsrfToken();
});
