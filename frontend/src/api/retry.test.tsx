import { describe, expect, it } from "vitest";
import { ApiError, networkError } from "./client";
import { shouldRetry } from "./retry";

describe("query retry policy", () => {
  it("never retries a refusal, and retries network failures and server errors twice", () => {
    for (const status of [401, 403, 404, 422, 429]) {
      expect(shouldRetry(0, new ApiError(status, "x", "refused")), String(status)).toBe(false);
    }
    for (const error of [networkError(), new ApiError(500, "internal_error", "oops"), new TypeError("boom")]) {
      expect(shouldRetry(0, error)).toBe(true);
      expect(shouldRetry(1, error)).toBe(true);
      expect(shouldRetry(2, error)).toBe(false);
    }
  });
});
