import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

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

describe("LoginPage with two-factor sign-in", () => {
  it("asks for a code after the password, sends it to /login/two-factor and opens the dashboard", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () => json(200, { two_factor_required: true }),
      "POST /api/auth/login/two-factor": [
        () =>
          apiError(400, "invalid_code", "That code is not right.", {
            code: "That code is not right. Enter the current code from your authenticator app, or an unused recovery code.",
          }),
        () => json(200, ME),
      ],
    });
    renderApp("/login");
    const user = userEvent.setup();

    await fillAndSubmit("ana@example.com", "correct horse battery");

    expect(await screen.findByRole("heading", { level: 1, name: "Enter your sign-in code" })).toBeInTheDocument();
    const code = screen.getByLabelText("Code");
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();

    await user.type(code, "111111");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That code is not right.");
    expect(code).toHaveAttribute("aria-invalid", "true");
    expect(code).toHaveAccessibleDescription(/an unused recovery code/);

    await user.clear(code);
    await user.type(code, " 7k2m-x9qd-4hbw-0tz3 ");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
    const sent = net.to("POST /api/auth/login/two-factor");
    expect(sent).toHaveLength(2);
    expect(await sent[1].json()).toEqual({ code: "7k2m-x9qd-4hbw-0tz3" });
    expect(sent[1].headers.get("X-CSRF-Token")).toMatch(/^csrf-/);
  });

  it("goes back to the password step with the message when the pending log-in has expired", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/login": () => json(200, { two_factor_required: true }),
      "POST /api/auth/login/two-factor": () =>
        apiError(401, "login_expired", "Your log-in timed out before the code was entered. Please enter your email and password again."),
    });
    renderApp("/login");
    const user = userEvent.setup();

    await fillAndSubmit("ana@example.com", "correct horse battery");
    await user.type(await screen.findByLabelText("Code"), "123456");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Log in to Steady" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Your log-in timed out");
    expect(screen.getByLabelText("Email")).toHaveValue("ana@example.com");
    expect(screen.getByLabelText("Password")).toHaveValue("");
  });

  it("links to the password reset page", () => {
    mockFetch({});
    renderApp("/login");
    expect(screen.getByRole("link", { name: "Forgot your password?" })).toHaveAttribute("href", "/forgot-password");
  });
});
