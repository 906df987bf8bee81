import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Client, Couple, EmergencyGrant } from "../../api/clients";
import { daysFromNow } from "../../test/clock";
import { ANA_ID, COUPLE, COUPLE_ID, meAs, SAM } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const samUrl = `/api/clients/${SAM.id}`;
const coupleUrl = `/api/couples/${COUPLE_ID}`;
const REASON = "Risk alert overnight and Ben is on leave.";

/** Ana's grant on Sam, opened at noon (the test clock's now) for four hours. */
const GRANT: EmergencyGrant = {
  id: "e1e1e1e1-0000-4000-8000-000000000001",
  client_id: SAM.id,
  opened_by: { user_id: ANA_ID, name: "Ana Lindqvist" },
  reason: REASON,
  opened_at: daysFromNow(0, "12:00"),
  expires_at: daysFromNow(0, "16:00"),
};

/** Sam's page for someone who does not treat her, and for Ana under her grant. */
const CLOSED: Client = { ...SAM, record_access: "none" };
const OPENED: Client = { ...SAM, record_access: "emergency", emergency_access: GRANT, emergency_grants: [GRANT] };

const routes = {
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  "GET /api/alerts": () => json(200, { alerts: [] }),
};

describe("emergency access to a client's record", () => {
  it("shows an owner who is not assigned the roster only, and opens the record after a reason in a dialog", async () => {
    const net = mockFetch({
      ...routes,
      [`GET ${samUrl}`]: [() => json(200, CLOSED), () => json(200, OPENED)],
      [`POST ${samUrl}/emergency-access`]: () => json(201, GRANT),
    });
    renderApp(`/app/clients/${SAM.id}`);
    const user = userEvent.setup();

    const closed = await screen.findByRole("region", { name: "You're not assigned to this client" });
    expect(screen.getByRole("region", { name: "Details" })).toHaveTextContent("sam@example.com");
    expect(screen.queryByRole("tablist")).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Progress report|Export record/ })).not.toBeInTheDocument();
    // Nothing of the record is asked for: not the client's alerts, not a tab's section.
    expect(net.requests.filter((r) => new URL(r.url).searchParams.has("client_id"))).toHaveLength(0);
    expect(net.requests.filter((r) => new URL(r.url).pathname.startsWith(`${samUrl}/`))).toHaveLength(0);

    await user.click(within(closed).getByRole("button", { name: "Emergency access" }));
    const dialog = screen.getByRole("dialog", { name: "Emergency access to Samira Haddad" });
    const reason = within(dialog).getByLabelText(/Reason/);
    expect(reason).toHaveFocus();

    // A reason too short is refused here, without asking the server.
    await user.type(reason, "Need it now");
    await user.click(within(dialog).getByRole("button", { name: "Open the record for four hours" }));
    expect(within(dialog).getByText("Give a reason of at least 20 characters.")).toBeInTheDocument();
    expect(net.to(`POST ${samUrl}/emergency-access`)).toHaveLength(0);

    await user.clear(reason);
    await user.type(reason, `  ${REASON} `);
    await user.click(within(dialog).getByRole("button", { name: "Open the record for four hours" }));

    const banner = await screen.findByRole("region", { name: "Emergency access" });
    expect(banner).toHaveTextContent(`Emergency access until 16:00 — ${REASON}`);
    expect(await net.to(`POST ${samUrl}/emergency-access`)[0].json()).toEqual({ reason: REASON });
    expect(screen.getByRole("tablist")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Export record (CSV)" })).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("keeps the dialog open with the server's word on the reason, and Cancel puts focus back", async () => {
    mockFetch({
      ...routes,
      [`GET ${samUrl}`]: () => json(200, CLOSED),
      [`POST ${samUrl}/emergency-access`]: () =>
        apiError(409, "emergency_access_open", "Your emergency access to this record is already open."),
    });
    renderApp(`/app/clients/${SAM.id}`);
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Emergency access" }));
    const dialog = screen.getByRole("dialog");
    await user.type(within(dialog).getByLabelText(/Reason/), REASON);
    await user.click(within(dialog).getByRole("button", { name: "Open the record for four hours" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("already open");

    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Emergency access" })).toHaveFocus();
  });

  it("lets the owner end it early, and the record closes", async () => {
    const net = mockFetch({
      ...routes,
      [`GET ${samUrl}`]: [() => json(200, OPENED), () => json(200, CLOSED)],
      [`DELETE ${samUrl}/emergency-access`]: () => new Response(null, { status: 204 }),
    });
    renderApp(`/app/clients/${SAM.id}`);
    const user = userEvent.setup();

    const banner = await screen.findByRole("region", { name: "Emergency access" });
    await user.click(within(banner).getByRole("button", { name: "End emergency access" }));
    expect(await screen.findByRole("region", { name: "You're not assigned to this client" })).toBeInTheDocument();
    expect(net.to(`DELETE ${samUrl}/emergency-access`)).toHaveLength(1);
    expect(screen.queryByRole("tablist")).not.toBeInTheDocument();
  });

  it("offers admins no emergency access", async () => {
    mockFetch({ ...routes, "GET /api/auth/me": meAs("admin"), [`GET ${samUrl}`]: () => json(200, CLOSED) });
    renderApp(`/app/clients/${SAM.id}`);
    const closed = await screen.findByRole("region", { name: "You're not assigned to this client" });
    expect(closed).toHaveTextContent("for their clinicians only");
    expect(screen.queryByRole("button", { name: "Emergency access" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Archive client" })).toBeInTheDocument();
  });

  it("tells the client's clinicians who opened the record, when and why", async () => {
    const ended = { ...GRANT, ended_at: daysFromNow(0, "13:00") };
    mockFetch({
      ...routes,
      "GET /api/auth/me": meAs("clinician"),
      [`GET ${samUrl}`]: () => json(200, { ...SAM, record_access: "clinician", emergency_grants: [ended] }),
    });
    renderApp(`/app/clients/${SAM.id}`);

    const notices = await screen.findByRole("region", { name: "Emergency access to this record" });
    expect(notices).toHaveTextContent(`Emergency access by Ana Lindqvist on`);
    expect(notices).toHaveTextContent(`: ${REASON}`);
    expect(notices).toHaveTextContent("(ended");
    expect(screen.getByRole("tablist")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /emergency access/i })).not.toBeInTheDocument();
  });
});

describe("emergency access to a couple's record", () => {
  it("shows an owner who is not assigned the partners only, and opens the couple's record", async () => {
    const closed: Couple = { ...COUPLE, record_access: "none" };
    const opened: Couple = {
      ...COUPLE,
      record_access: "emergency",
      emergency_access: { ...GRANT, client_id: undefined, couple_id: COUPLE_ID },
    };
    const net = mockFetch({
      ...routes,
      [`GET ${coupleUrl}`]: [() => json(200, closed), () => json(200, opened)],
      [`POST ${coupleUrl}/emergency-access`]: () => json(201, opened.emergency_access),
      [`GET ${coupleUrl}/safety-screens`]: () => json(200, { screens: [] }),
      [`GET ${coupleUrl}/assignments`]: () => json(200, { partners: [] }),
      [`GET ${coupleUrl}/progress`]: () => json(200, { partners: [] }),
    });
    renderApp(`/app/couples/${COUPLE_ID}`);
    const user = userEvent.setup();

    const panel = await screen.findByRole("region", { name: "You're not assigned to this couple" });
    expect(screen.getByRole("link", { name: "Samira Haddad" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Report for/ })).not.toBeInTheDocument();
    expect(net.to(`GET ${coupleUrl}/safety-screens`)).toHaveLength(0);

    await user.click(within(panel).getByRole("button", { name: "Emergency access" }));
    await user.type(screen.getByLabelText(/Reason/), REASON);
    await user.click(screen.getByRole("button", { name: "Open the record for four hours" }));

    expect(await screen.findByRole("region", { name: "Emergency access" })).toHaveTextContent(
      `Emergency access until 16:00 — ${REASON}`,
    );
    await waitFor(() => expect(net.to(`GET ${coupleUrl}/safety-screens`)).toHaveLength(1));
    expect(screen.getAllByRole("link", { name: /Report for/ })).toHaveLength(2);
  });
});
