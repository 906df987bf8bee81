import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

describe("confirm sign-up page", () => {
  it("opens without changing anything, and the button finishes the sign-up and lands in the app", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup/confirm": () => json(201, ME),
    });
    renderApp("/signup/confirm?token=tok-7c1d");
    const user = userEvent.setup();

    expect(screen.getByRole("heading", { level: 1, name: "Finish setting up your practice" })).toBeInTheDocument();
    expect(net.writes()).toHaveLength(0); // a mail scanner opening the link signs nobody in

    await user.click(screen.getByRole("button", { name: "Open my practice" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
    const [post] = net.to("POST /api/auth/signup/confirm");
    expect(await post.json()).toEqual({ token: "tok-7c1d" });
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("says why a used link cannot be used, with the way to log in", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup/confirm": () =>
        apiError(400, "signup_token_used", "This sign-up link has already been used: your practice is set up. Log in to continue.", {
          token: "This sign-up link has already been used: your practice is set up. Log in to continue.",
        }),
    });
    renderApp("/signup/confirm?token=used");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Open my practice" }));

    expect(await screen.findByRole("heading", { level: 1, name: "This sign-up link cannot be used" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("already been used");
    expect(screen.getByRole("link", { name: "Log in" })).toHaveAttribute("href", "/login");
    expect(screen.getByRole("link", { name: "Sign up again" })).toHaveAttribute("href", "/signup");
    expect(screen.queryByRole("button", { name: "Open my practice" })).not.toBeInTheDocument();
  });

  it("says a link without its token cannot be used", () => {
    mockFetch({});
    renderApp("/signup/confirm");
    expect(screen.getByRole("heading", { level: 1, name: "This sign-up link cannot be used" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("missing its token");
  });

  it("keeps the button for a failure the person can retry", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup/confirm": [
        () => apiError(429, "rate_limited", "Too many attempts. Please try again in 5 minutes."),
        () => json(201, ME),
      ],
    });
    renderApp("/signup/confirm?token=tok");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Open my practice" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("try again in 5 minutes");
    await user.click(screen.getByRole("button", { name: "Open my practice" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
  });
});
