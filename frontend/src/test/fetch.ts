// Fetch mocked at the HTTP boundary, shared by the staff app's and the homework pages' tests.
// It imports neither app, so each test file pulls in only the app it renders.
import { vi } from "vitest";

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  return json(status, { error: fields ? { code, message, fields } : { code, message } });
}

/** GET /api/practice/standing in full standing: no banner. */
export const STANDING_FULL = { standing: "full", reason: null, grace_ends: null };

/** GET /api/rule-alerts with nothing open or settled: the overview's follow-ups are empty. */
export const NO_RULE_ALERTS = { alerts: [], unseen: 0 };

/** GET /api/alert-rules (and a member following them): the practice's rules as Steady starts them. */
export const ALERT_RULES_DEFAULT = {
  missed_in_row: 3,
  silent_days: 7,
  deterioration: true,
  programme_completed: true,
  email: false,
};

/** helpers.tsx's ME (this file imports neither app, so the id is written out). */
const ME_USER_ID = "9f1c2f1e-5b0a-4c55-9a37-3f0f5e0c1a01";

/**
 * Routes every mockFetch answers unless the test names them itself: the staff app's shell asks
 * for the practice's standing on every page, the overview for the follow-ups, the settings pages
 * for the alert rules (and, for the owner, the practice's exports), and most tests are about
 * something else.
 */
const DEFAULT_ROUTES: Record<string, Handler> = {
  "GET /api/practice/standing": () => json(200, STANDING_FULL),
  "GET /api/practice/exports": () => json(200, { exports: [] }),
  "GET /api/rule-alerts": () => json(200, NO_RULE_ALERTS),
  "GET /api/alert-rules": () => json(200, ALERT_RULES_DEFAULT),
  [`GET /api/alert-rules/members/${ME_USER_ID}`]: () => json(200, { ...ALERT_RULES_DEFAULT, override: false }),
};

/** fetch failing as it does offline. */
export const offline: Handler = () => {
  throw new TypeError("Failed to fetch");
};

/**
 * Replaces fetch with a table of "METHOD /path" handlers; a list answers successive calls in
 * turn (the last repeats). A route not in the table gets DEFAULT_ROUTES' answer if it has one,
 * else a 404. Every request is recorded (cloned, so bodies can be read).
 */
export function mockFetch(routes: Record<string, Handler | Handler[]>) {
  const requests: Request[] = [];
  const used: Record<string, number> = {};
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), location.origin), init);
    requests.push(request.clone());
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const route = routes[key] ?? DEFAULT_ROUTES[key];
    if (!route) return apiError(404, "not_found", `No mock for ${key}`);
    const list = Array.isArray(route) ? route : [route];
    const n = used[key] ?? 0;
    used[key] = n + 1;
    return list[Math.min(n, list.length - 1)](request);
  });
  vi.stubGlobal("fetch", fetch);
  return {
    requests,
    /** Recorded requests for "METHOD /path". */
    to: (key: string) => requests.filter((r) => `${r.method} ${new URL(r.url).pathname}` === key),
    /** Every request that could change something on the server. */
    writes: () => requests.filter((r) => r.method !== "GET"),
    /** Swap a route's handler mid-test (e.g. the network comes back). */
    set: (key: string, handler: Handler | Handler[]) => {
      routes[key] = handler;
      used[key] = 0;
    },
  };
}

export function csrfTokens(): Handler {
  let n = 0;
  return () => json(200, { csrf_token: `csrf-${++n}` });
}

