import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, mockFetch, renderApp } from "../../test/helpers";

const accepted = () => new Response(null, { status: 202 });
const noContent = () => new Response(null, { status: 204 });

describe("forgot password page", () => {
  it("asks for the email, posts it, and always gives the same confirmation", async () => {
    const net = mockFetch({ "GET /api/auth/csrf": csrfTokens(), "POST /api/auth/password-reset": accepted });
    renderApp("/forgot-password");
    const user = userEvent.setup();

    expect(screen.getByRole("heading", { level: 1, name: "Reset your password" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Email"), " nobody@example.com ");
    await user.click(screen.getByRole("button", { name: "Send reset link" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Check your email" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(
      "If nobody@example.com belongs to a Steady account, we have sent it a link to choose a new password.",
    );
    expect(await net.to("POST /api/auth/password-reset")[0].json()).toEqual({ email: "nobody@example.com" });
  });

  it("shows a malformed address next to the field", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/password-reset": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", { email: "Enter a valid email address." }),
    });
    renderApp("/forgot-password");
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email"), "nope");
    await user.click(screen.getByRole("button", { name: "Send reset link" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter a valid email address.");
  });
});

describe("reset password page", () => {
  it("sets the new password with the link's token, then sends the person to log in", async () => {
    const net = mockFetch({ "GET /api/auth/csrf": csrfTokens(), "POST /api/auth/password-reset/confirm": noContent });
    renderApp("/reset-password?token=abc123");
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("New password"), "a brand new passphrase");
    await user.click(screen.getByRole("button", { name: "Set new password" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Log in to Steady" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your new password is set");
    expect(await net.to("POST /api/auth/password-reset/confirm")[0].json()).toEqual({
      token: "abc123",
      new_password: "a brand new passphrase",
    });
  });

  it("says clearly when the link has expired, with a way to ask for a new one", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/password-reset/confirm": () =>
        apiError(400, "reset_token_expired", "Please correct the highlighted fields.", {
          token: "This reset link has expired (links work for one hour). Ask for a new one.",
        }),
    });
    renderApp("/reset-password?token=old");
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("New password"), "a brand new passphrase");
    await user.click(screen.getByRole("button", { name: "Set new password" }));

    expect(await screen.findByRole("heading", { level: 1, name: "This reset link cannot be used" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("This reset link has expired");
    expect(screen.getByRole("link", { name: "Ask for a new reset link" })).toHaveAttribute("href", "/forgot-password");
    expect(screen.queryByLabelText("New password")).not.toBeInTheDocument();
  });

  it("shows a short password next to the field and keeps the form", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/password-reset/confirm": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          new_password: "must be at least 12 characters",
        }),
    });
    renderApp("/reset-password?token=abc123");
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("New password"), "short");
    await user.click(screen.getByRole("button", { name: "Set new password" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(/must be at least 12 characters/);
  });

  it("shows the server's reason for refusing the new password next to the field", async () => {
    const reason = "must not contain your email address, your name or your practice's name";
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/password-reset/confirm": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", { new_password: reason }),
    });
    renderApp("/reset-password?token=abc123");
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("New password"), "ana@example.com 2026");
    await user.click(screen.getByRole("button", { name: "Set new password" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(`New password: ${reason}`);
    expect(screen.getByLabelText("New password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(expect.stringContaining(reason));
    expect(screen.getByRole("button", { name: "Set new password" })).toBeInTheDocument();
  });
});
