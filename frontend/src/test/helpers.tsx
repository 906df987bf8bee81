import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { App } from "../App";
import type { Me } from "../api/client";

type Handler = (request: Request) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  return json(status, { error: fields ? { code, message, fields } : { code, message } });
}

export const ME: Me = {
  user: { id: "9f1c2f1e-5b0a-4c55-9a37-3f0f5e0c1a01", email: "ana@example.com", name: "Ana Lindqvist" },
  practice: { id: "0b8e8c4e-2a6d-4c8e-8f3a-6f1d2c3b4a50", name: "Harbour Counselling" },
  role: "owner",
  two_factor_enabled: false,
  two_factor_required: false,
};

/**
 * Replaces globalThis.fetch with a table of "METHOD /path" handlers. A list of
 * handlers answers successive calls in turn (the last one repeats). Every request
 * is recorded (cloned, so tests can read bodies).
 */
export function mockFetch(routes: Record<string, Handler | Handler[]>) {
  const requests: Request[] = [];
  const used: Record<string, number> = {};
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), location.origin), init);
    requests.push(request.clone());
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const route = routes[key];
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
  };
}

/** Issues a new token on every call: csrf-1, csrf-2, ... */
export function csrfTokens(): Handler {
  let n = 0;
  return () => json(200, { csrf_token: `csrf-${++n}` });
}

export function renderApp(path: string) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}
