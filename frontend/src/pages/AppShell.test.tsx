import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../test/helpers";

describe("dashboard shell", () => {
  it("redirects to /login when /api/auth/me answers 401", async () => {
    mockFetch({ "GET /api/auth/me": () => apiError(401, "unauthenticated", "Log in first.") });
    renderApp("/app");

    expect(await screen.findByRole("heading", { level: 1, name: "Log in to Steady" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
  });

  it("sends / to /login when signed out and to /app when signed in", async () => {
    mockFetch({ "GET /api/auth/me": () => apiError(401, "unauthenticated", "Log in first.") });
    const first = renderApp("/");
    expect(await screen.findByRole("heading", { name: "Log in to Steady" })).toBeInTheDocument();
    first.unmount();

    mockFetch({ "GET /api/auth/me": () => json(200, ME) });
    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
  });

  it("shows the practice, the user and role, the main navigation, and logs out", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/logout": () => new Response(null, { status: 204 }),
    });
    const { queryClient } = renderApp("/app");

    const header = await screen.findByRole("banner");
    expect(header).toHaveTextContent("Harbour Counselling");
    expect(header).toHaveTextContent("Ana Lindqvist");
    expect(header).toHaveTextContent("Owner");
    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = within(nav).getAllByRole("link").map((a) => a.textContent);
    expect(links.slice(0, 7)).toEqual(["Overview", "Alerts", "Weekly digest", "Clients", "Couples", "Exercises", "Audit log"]);
    expect(within(nav).getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("main")).toHaveTextContent("Welcome, Ana Lindqvist");

    await userEvent.setup().click(screen.getByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("heading", { name: "Log in to Steady" })).toBeInTheDocument();
    expect(net.to("POST /api/auth/logout")[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(queryClient.getQueryData(["me"])).toBeUndefined();
  });

  it("shows the audit log and Billing in the navigation to owners and admins only", async () => {
    for (const [role, shown] of [
      ["owner", true],
      ["admin", true],
      ["clinician", false],
    ] as const) {
      mockFetch({ "GET /api/auth/me": () => json(200, { ...ME, role }) });
      const view = renderApp("/app");
      const nav = await screen.findByRole("navigation", { name: "Main" });
      const links = within(nav).getAllByRole("link").map((a) => a.textContent);
      expect(links.includes("Audit log"), role).toBe(shown);
      expect(links, role).toEqual(expect.arrayContaining(["Overview", "Weekly digest", "Clients", "Couples"]));
      const billing = within(nav).queryByRole("link", { name: "Billing" });
      expect(billing !== null, role).toBe(shown);
      if (billing) expect(billing).toHaveAttribute("href", "/app/billing");
      view.unmount();
    }
  });

  it("marks the section of the current page in the navigation", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), "GET /api/couples": () => json(200, { couples: [] }) });
    renderApp("/app/couples");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Couples" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Overview" })).not.toHaveAttribute("aria-current");
  });

  it("keeps the shell around an unknown address inside the app", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME) });
    renderApp("/app/nowhere");
    expect(await screen.findByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
  });

  it("shows a not-found page for unknown paths", () => {
    mockFetch({});
    renderApp("/nowhere");
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
  });
});
