import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { resetCsrfToken } from "../api/client";

afterEach(() => {
  cleanup();
  resetCsrfToken();
});
