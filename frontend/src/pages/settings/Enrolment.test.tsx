import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const MUST_ENROL = { ...ME, role: "clinician", two_factor_required: true, two_factor_enabled: false };

describe("two-factor enrolment required by the practice", () => {
  it("sends the person from any app page to Security, with an explanation and the set-up only", async () => {
    const net = mockFetch({ "GET /api/auth/me": () => json(200, MUST_ENROL) });
    renderApp("/app/clients");

    expect(await screen.findByRole("heading", { level: 1, name: "Security" })).toBeInTheDocument();
    expect(screen.getByText(/Harbour Counselling requires two-factor sign-in\./)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Set up two-factor sign-in" })).toBeInTheDocument();
    // The API refuses everything else until it is done: those parts are not shown, nor fetched.
    expect(screen.queryByRole("heading", { name: "Where you are signed in" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Change your password" })).not.toBeInTheDocument();
    expect(net.to("GET /api/clients")).toHaveLength(0);
    expect(net.to("GET /api/auth/sessions")).toHaveLength(0);

    await userEvent.setup().click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Team" }));
    expect(screen.getByRole("heading", { level: 1, name: "Security" })).toBeInTheDocument();
    expect(net.to("GET /api/team/members")).toHaveLength(0);
  });

  it("lets the person through once two-factor sign-in is on", async () => {
    mockFetch({
      "GET /api/auth/me": [() => json(200, MUST_ENROL), () => json(200, { ...MUST_ENROL, two_factor_enabled: true })],
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/auth/sessions": () => json(200, { sessions: [] }),
      "POST /api/auth/two-factor/setup": () =>
        json(200, { secret: "JBSWY3DPEHPK3PXP", otpauth_url: "otpauth://totp/x", qr_png_data_url: "data:image/png;base64,AA==" }),
      "POST /api/auth/two-factor/enable": () => json(200, { recovery_codes: Array.from({ length: 10 }, (_, i) => `code-${i}`) }),
      "GET /api/team/members": () => json(200, { members: [] }),
    });
    renderApp("/app/team");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Set up two-factor sign-in" }));
    await user.type(await screen.findByLabelText("Code from your app"), "123456");
    await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
    expect(await screen.findByRole("heading", { name: "Save your recovery codes now" })).toBeInTheDocument();
    expect(screen.queryByText(/requires two-factor sign-in\./)).not.toBeInTheDocument();

    await user.click(screen.getByRole("link", { name: "Continue to Steady" }));
    expect(await screen.findByRole("heading", { level: 1, name: /Welcome/ })).toBeInTheDocument();
    await user.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Team" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Team" })).toBeInTheDocument();
  });

  it("fetches /me again when the API starts refusing with two_factor_enrolment_required", async () => {
    const net = mockFetch({
      "GET /api/auth/me": [() => json(200, ME), () => json(200, { ...ME, two_factor_required: true })],
      "GET /api/team/members": () =>
        apiError(403, "two_factor_enrolment_required", "Your practice requires two-factor sign-in. Please set it up to continue."),
      "GET /api/team/invitations": () => json(200, { invitations: [] }),
    });
    renderApp("/app/team");

    expect(await screen.findByRole("heading", { level: 1, name: "Security" })).toBeInTheDocument();
    await waitFor(() => expect(net.to("GET /api/auth/me")).toHaveLength(2));
    expect(screen.getByText(/requires two-factor sign-in\./)).toBeInTheDocument();
  });
});
