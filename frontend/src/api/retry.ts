import { ApiError } from "./client";

/**
 * TanStack Query's retry policy: a refusal (4xx) is an answer, not a hiccup, so it is shown at
 * once. Retrying a 404 would also write another access.denied row to the audit trail each time.
 * Network failures and 5xx get two more tries.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}
