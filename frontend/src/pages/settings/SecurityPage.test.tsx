import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Session } from "../../api/security";
import { daysFromNow } from "../../test/clock";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const SETUP = {
  secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  otpauth_url: "otpauth://totp/Steady:ana%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Steady",
  qr_png_data_url: "data:image/png;base64,iVBORw0KGgo=",
};
const CODES = Array.from({ length: 10 }, (_, i) => `7k2m-x9qd-4hbw-0t${String(i).padStart(2, "0")}`);
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const SESSIONS: Session[] = [
  { id: "a1", created_at: daysFromNow(-268, "08:00"), last_seen_at: daysFromNow(-268, "09:00"), ip: "203.0.113.7", user_agent: CHROME, current: true },
  { id: "b2", created_at: daysFromNow(-270, "08:00"), last_seen_at: daysFromNow(-269, "18:00"), ip: "198.51.100.4", user_agent: FIREFOX, current: false },
];

const noContent = () => new Response(null, { status: 204 });

describe("security page", () => {
  it("sets up two-factor sign-in: QR code and key, a code to confirm, then the ten recovery codes once", async () => {
    const net = mockFetch({
      "GET /api/auth/me": [() => json(200, ME), () => json(200, { ...ME, two_factor_enabled: true })],
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/auth/sessions": () => json(200, { sessions: SESSIONS }),
      "POST /api/auth/two-factor/setup": () => json(200, SETUP),
      "POST /api/auth/two-factor/enable": [
        () => apiError(400, "invalid_code", "That code is not right.", { code: "That code is not right." }),
        () => json(200, { recovery_codes: CODES }),
      ],
    });
    renderApp("/app/security");
    const user = userEvent.setup();

    expect(await screen.findByText(/Two-factor sign-in is/)).toHaveTextContent("Two-factor sign-in is off.");
    await user.click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));

    const qr = await screen.findByRole("img", { name: /QR code/ });
    expect(qr).toHaveAttribute("src", SETUP.qr_png_data_url);
    expect(screen.getByText("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP")).toBeInTheDocument();
    // Focus moves in an effect, which may run after the render findBy* saw.
    await waitFor(() => expect(screen.getByRole("heading", { name: "Add Steady to your authenticator app" })).toHaveFocus());

    const code = screen.getByLabelText("Code from your app");
    await user.type(code, "000000");
    await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That code is not right.");
    expect(code).toHaveAttribute("aria-invalid", "true");

    await user.clear(code);
    await user.type(code, "123 456");
    await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));

    const saveCodes = await screen.findByRole("heading", { name: "Save your recovery codes now" });
    await waitFor(() => expect(saveCodes).toHaveFocus());
    expect(screen.getByText("This is the only time they are shown.")).toBeInTheDocument();
    const list = screen.getByRole("list", { name: "Recovery codes" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual(CODES);
    expect(await net.to("POST /api/auth/two-factor/enable")[1].json()).toEqual({ code: "123456" });
    // /me is fetched again and says it is on; the codes stay until they are put away.
    await waitFor(() => expect(net.to("GET /api/auth/me")).toHaveLength(2));
    expect(screen.getByRole("list", { name: "Recovery codes" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "I have saved my recovery codes" }));
    expect(screen.queryByRole("list", { name: "Recovery codes" })).not.toBeInTheDocument();
    expect(screen.getByText(/Two-factor sign-in is/)).toHaveTextContent("Two-factor sign-in is on.");
    expect(screen.getByRole("button", { name: "Turn off two-factor sign-in" })).toBeInTheDocument();
  });

  it("turns two-factor sign-in off with the password and a code, showing a wrong password next to its field", async () => {
    const net = mockFetch({
      "GET /api/auth/me": [() => json(200, { ...ME, two_factor_enabled: true }), () => json(200, ME)],
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/auth/sessions": () => json(200, { sessions: SESSIONS }),
      "POST /api/auth/two-factor/disable": [
        () => apiError(403, "wrong_password", "That is not your password.", { password: "That is not your password." }),
        noContent,
      ],
    });
    renderApp("/app/security");
    const user = userEvent.setup();

    const password = await screen.findByLabelText("Your password");
    await user.type(password, "wrong one");
    await user.type(screen.getByLabelText("Code from your app, or a recovery code"), "123456");
    await user.click(screen.getByRole("button", { name: "Turn off two-factor sign-in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That is not your password.");
    expect(password).toHaveAccessibleDescription("That is not your password.");

    await user.clear(password);
    await user.type(password, "the right passphrase");
    await user.click(screen.getByRole("button", { name: "Turn off two-factor sign-in" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Two-factor sign-in is now off");
    expect(screen.getByRole("button", { name: "Set up two-factor sign-in" })).toBeInTheDocument();
    expect(await net.to("POST /api/auth/two-factor/disable")[1].json()).toEqual({
      password: "the right passphrase",
      code: "123456",
    });
  });

  it("does not offer to turn two-factor off when the practice requires it", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, { ...ME, two_factor_enabled: true, two_factor_required: true }),
      "GET /api/auth/sessions": () => json(200, { sessions: SESSIONS }),
    });
    renderApp("/app/security");
    expect(await screen.findByText("Your practice requires two-factor sign-in, so it stays on.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Turn off two-factor sign-in" })).not.toBeInTheDocument();
  });

  it("lists sessions with this device marked, and ends another one", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/auth/sessions": [
        () => json(200, { sessions: SESSIONS }),
        () => json(200, { sessions: [SESSIONS[0]] }),
      ],
      "DELETE /api/auth/sessions/b2": noContent,
    });
    renderApp("/app/security");
    const user = userEvent.setup();

    const table = await screen.findByRole("table");
    const [, here, there] = within(table).getAllByRole("row");
    expect(here).toHaveTextContent("Chrome on Linux");
    expect(here).toHaveTextContent("This device");
    expect(here).toHaveTextContent("203.0.113.7");
    expect(within(here).queryByRole("button")).not.toBeInTheDocument();
    expect(there).toHaveTextContent("Firefox on Windows");
    expect(there).not.toHaveTextContent("This device");

    await user.click(within(there).getByRole("button", { name: "End the session on Firefox on Windows" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The session on Firefox on Windows has ended.");
    expect(net.to("DELETE /api/auth/sessions/b2")).toHaveLength(1);
    await waitFor(() => expect(within(screen.getByRole("table")).getAllByRole("row")).toHaveLength(2));
  });

  it("changes the password and says other sessions were ended; a wrong current password shows on its field", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/auth/sessions": () => json(200, { sessions: SESSIONS }),
      "POST /api/auth/password": [
        () =>
          apiError(403, "wrong_password", "That is not your current password.", {
            current_password: "That is not your current password.",
          }),
        noContent,
      ],
    });
    renderApp("/app/security");
    const user = userEvent.setup();

    const current = await screen.findByLabelText("Current password");
    await user.type(current, "not it");
    await user.type(screen.getByLabelText("New password"), "a brand new passphrase");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That is not your current password.");
    expect(current).toHaveAttribute("aria-invalid", "true");

    await user.clear(current);
    await user.type(current, "the old passphrase");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("status")).toHaveTextContent("every other session of yours has been ended");
    expect(await net.to("POST /api/auth/password")[1].json()).toEqual({
      current_password: "the old passphrase",
      new_password: "a brand new passphrase",
    });
    expect(current).toHaveValue("");
  });

  it("shows the server's reason for refusing a new password next to its field", async () => {
    const reason = "is on a list of commonly used passwords, which attackers try first; choose another";
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/auth/sessions": () => json(200, { sessions: SESSIONS }),
      "POST /api/auth/password": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", { new_password: reason }),
    });
    renderApp("/app/security");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Current password"), "the old passphrase");
    await user.type(screen.getByLabelText("New password"), "qwertyuiop123");
    await user.click(screen.getByRole("button", { name: "Change password" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(reason);
    expect(screen.getByLabelText("New password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(expect.stringContaining(reason));
    expect(screen.getByLabelText("Current password")).not.toHaveAttribute("aria-invalid");
  });
});
