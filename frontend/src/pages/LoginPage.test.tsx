import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../test/helpers";

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Log in" }));
}

describe("LoginPage", () => {
  it("shows field errors from a 422 next to their inputs and the message in an alert", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          email: "Enter a valid email address.",
        }),
    });
    renderApp("/login");

    await fillAndSubmit("not-an-email", "whatever-password");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    const email = screen.getByLabelText("Email");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription("Enter a valid email address.");
    expect(screen.getByLabelText("Password")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Log in to Steady");
  });

  it("shows the message of a 429 (rate limited)", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () => apiError(429, "rate_limited", "Too many attempts. Try again in 5 minutes."),
    });
    renderApp("/login");

    await fillAndSubmit("ana@example.com", "wrong password!");

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many attempts. Try again in 5 minutes.");
  });

  it("goes to the dashboard after logging in", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () => json(200, ME),
    });
    renderApp("/login");

    await fillAndSubmit("ana@example.com", "correct horse battery");

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
    expect(await net.to("POST /api/auth/login")[0].json()).toEqual({
      email: "ana@example.com",
      password: "correct horse battery",
    });
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
  });
});
