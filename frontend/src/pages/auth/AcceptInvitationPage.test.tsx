import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const TOKEN = "tok-3f9a";
const PREVIEW = { practice_name: "Harbour Counselling", email: "ben@example.com", role: "clinician" };
const GONE = () =>
  apiError(
    410,
    "invitation_invalid",
    "This invitation link is no longer valid: it may have been used, replaced, revoked or have expired. Ask the practice for a new one.",
  );

describe("accept invitation page", () => {
  it("shows the invitation, and a new person chooses a name and password, is signed in and lands in the app", async () => {
    const BEN = { ...ME, user: { ...ME.user, name: "Ben Okafor", email: "ben@example.com" }, role: "clinician" };
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/invitations/preview": () => json(200, { ...PREVIEW, existing_account: false }),
      "POST /api/invitations/accept": () => json(200, { login_required: false }),
      "GET /api/auth/me": () => json(200, BEN),
    });
    renderApp(`/accept-invitation?token=${TOKEN}`);
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "Join Harbour Counselling" })).toBeInTheDocument();
    expect(screen.getByText("ben@example.com")).toBeInTheDocument();
    expect(screen.getByText("Clinician")).toBeInTheDocument();
    expect(new URL(net.to("GET /api/invitations/preview")[0].url).searchParams.get("token")).toBe(TOKEN);

    await user.type(screen.getByLabelText("Your name"), "Ben Okafor");
    await user.type(screen.getByLabelText("Choose a password"), "a long and calm passphrase");
    await user.click(screen.getByRole("button", { name: "Join Harbour Counselling" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ben Okafor" })).toBeInTheDocument();
    const accept = net.to("POST /api/invitations/accept")[0];
    expect(await accept.json()).toEqual({ token: TOKEN, name: "Ben Okafor", password: "a long and calm passphrase" });
    expect(accept.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("asks an existing account for its password only, then sends them to log in with a note that they joined", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/invitations/preview": () => json(200, { ...PREVIEW, existing_account: true }),
      "POST /api/invitations/accept": [
        () => apiError(401, "invalid_credentials", "That email and password do not match an account."),
        () => json(200, { login_required: true }),
      ],
    });
    renderApp(`/accept-invitation?token=${TOKEN}`);
    const user = userEvent.setup();

    const password = await screen.findByLabelText("Your Steady password");
    expect(screen.queryByLabelText("Your name")).not.toBeInTheDocument();

    await user.type(password, "not my password");
    await user.click(screen.getByRole("button", { name: "Join Harbour Counselling" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That email and password do not match an account.");
    expect(password).toHaveAttribute("aria-invalid", "true");

    await user.clear(password);
    await user.type(password, "my real passphrase");
    await user.click(screen.getByRole("button", { name: "Join Harbour Counselling" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Log in to Steady" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("You have joined Harbour Counselling. Log in as usual");
    expect(screen.getByLabelText("Email")).toHaveValue("ben@example.com");
    expect(await net.to("POST /api/invitations/accept")[1].json()).toEqual({ token: TOKEN, password: "my real passphrase" });
  });

  it("says calmly that a used or expired link (410) is no longer valid, without a form", async () => {
    mockFetch({ "GET /api/invitations/preview": GONE });
    renderApp(`/accept-invitation?token=${TOKEN}`);

    expect(
      await screen.findByRole("heading", { level: 1, name: "This invitation link is no longer valid" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/ask the practice that invited you to send a new invitation/i)).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("shows the same page when the link stops working while the form is open", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/invitations/preview": () => json(200, { ...PREVIEW, existing_account: true }),
      "POST /api/invitations/accept": GONE,
    });
    renderApp(`/accept-invitation?token=${TOKEN}`);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Your Steady password"), "my real passphrase");
    await user.click(screen.getByRole("button", { name: "Join Harbour Counselling" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "This invitation link is no longer valid" }),
    ).toBeInTheDocument();
  });

  it("shows the server's reason for refusing a new account's password next to the field", async () => {
    const reason = "is too easy to guess: leave out your email address, your name, your practice's name and the word Steady";
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/invitations/preview": () => json(200, { ...PREVIEW, existing_account: false }),
      "POST /api/invitations/accept": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", { password: reason }),
    });
    renderApp(`/accept-invitation?token=${TOKEN}`);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Your name"), "Ben Okafor");
    await user.type(screen.getByLabelText("Choose a password"), "harbour steady 2026");
    await user.click(screen.getByRole("button", { name: "Join Harbour Counselling" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(reason);
    const password = screen.getByLabelText("Choose a password");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(expect.stringContaining(reason));
    expect(screen.getByLabelText("Your name")).not.toHaveAttribute("aria-invalid");
  });
});
