import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Me = components["schemas"]["Me"];
export type Role = components["schemas"]["Role"];
type ErrorBody = components["schemas"]["Error"];

/** A refused request, in the API's one error shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const CSRF_HEADER = "X-CSRF-Token";

let csrfToken: Promise<string> | null = null;

/** The cached CSRF token, fetched from GET /api/auth/csrf when there is none. */
export function getCsrfToken(): Promise<string> {
  if (!csrfToken) {
    const pending = loadCsrfToken();
    csrfToken = pending;
    // A failed fetch must not stay cached.
    pending.catch(() => {
      if (csrfToken === pending) csrfToken = null;
    });
  }
  return csrfToken;
}

/** Forget the cached token (the server rotates it at login, signup and logout). */
export function resetCsrfToken(): void {
  csrfToken = null;
}

/** Forget the cached token and fetch the new one in the background. */
export function refreshCsrfToken(): void {
  resetCsrfToken();
  getCsrfToken().catch(() => {
    // The next mutation fetches it again.
  });
}

async function loadCsrfToken(): Promise<string> {
  const { data, error, response } = await api.GET("/api/auth/csrf");
  if (!data) throw toApiError(response.status, error);
  return data.csrf_token;
}

async function isCsrfInvalid(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  try {
    const body = (await response.clone().json()) as Partial<ErrorBody>;
    return body.error?.code === "csrf_invalid";
  } catch {
    return false;
  }
}

/**
 * fetch for the typed client: state-changing requests carry X-CSRF-Token, and a
 * 403 csrf_invalid is retried once with a freshly fetched token.
 */
export async function csrfFetch(request: Request): Promise<Response> {
  if (!MUTATING.has(request.method.toUpperCase())) return globalThis.fetch(request);

  const spare = request.clone();
  request.headers.set(CSRF_HEADER, await getCsrfToken());
  const response = await globalThis.fetch(request);
  if (!(await isCsrfInvalid(response))) return response;

  resetCsrfToken();
  spare.headers.set(CSRF_HEADER, await getCsrfToken());
  return globalThis.fetch(spare);
}

export const api = createClient<paths>({
  // An absolute base keeps Request() happy outside a browser too (tests); same origin either way.
  baseUrl: globalThis.location?.origin ?? "",
  credentials: "same-origin",
  fetch: csrfFetch,
});

const FALLBACK_MESSAGES: Record<number, string> = {
  401: "Your session has ended. Please log in again.",
  403: "That request was refused. Please reload the page and try again.",
  413: "That request was too large.",
  429: "Too many attempts. Please wait a moment and try again.",
};

/** Turns whatever the server answered into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const err = (body as Partial<ErrorBody> | undefined)?.error;
  if (err && typeof err.message === "string") {
    return new ApiError(status, err.code ?? `http_${status}`, err.message, err.fields ?? {});
  }
  const message =
    FALLBACK_MESSAGES[status] ??
    (status >= 500
      ? "Something went wrong on our side. Please try again in a moment."
      : "The request could not be completed.");
  return new ApiError(status, `http_${status}`, message);
}

/** The error to show when fetch itself failed (offline, server down). */
export function networkError(): ApiError {
  return new ApiError(0, "network_error", "Could not reach Steady. Check your connection and try again.");
}

/**
 * Runs a typed-client request and returns its data; a refusal becomes an ApiError and a
 * failed fetch networkError(), so pages handle one error type.
 */
export async function call<T>(run: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await run();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw networkError();
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

/** Any error as an ApiError (for mutation and query errors). */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : networkError();
}
