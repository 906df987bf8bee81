import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { App } from "../App";
import type { Me } from "../api/client";

export { apiError, csrfTokens, json, mockFetch, type Handler } from "./fetch";

export const ME: Me = {
  user: { id: "9f1c2f1e-5b0a-4c55-9a37-3f0f5e0c1a01", email: "ana@example.com", name: "Ana Lindqvist" },
  practice: { id: "0b8e8c4e-2a6d-4c8e-8f3a-6f1d2c3b4a50", name: "Harbour Counselling" },
  role: "owner",
  two_factor_enabled: false,
  two_factor_required: false,
};

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
