import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Invitation, Member } from "../../api/team";
import { daysFromNow } from "../../test/clock";
import { formatMoney } from "../../api/billing";
import { formatDate } from "../../components/format";
import { STANDING_FULL } from "../../test/fetch";
import { SEAT_PREVIEW_SUBSCRIBED, SEAT_PREVIEW_TRIAL, STANDING_READ_ONLY } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp, type Handler } from "../../test/helpers";

const usd = (cents: number) => formatMoney(cents, "usd");

const ANA = ME.user.id;
const BEN = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b01";
const CLEO = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b02";
const TEAM: Member[] = [
  { user_id: ANA, name: "Ana Lindqvist", email: "ana@example.com", role: "owner", status: "active", created_at: daysFromNow(-323, "09:00") },
  { user_id: BEN, name: "Ben Okafor", email: "ben@example.com", role: "clinician", status: "active", created_at: daysFromNow(-296, "09:00") },
  { user_id: CLEO, name: "Cleo Marsh", email: "cleo@example.com", role: "admin", status: "deactivated", created_at: daysFromNow(-295, "09:00") },
];
const INVITATION: Invitation = {
  id: "5b5b5b5b-1111-4222-8333-444455556666",
  email: "dana@example.com",
  role: "clinician",
  sends: 1,
  created_at: daysFromNow(-268, "09:00"),
  expires_at: daysFromNow(-261, "09:00"),
  expired: false,
};

function rowOf(name: string) {
  return screen.getByRole("rowheader", { name: new RegExp(name) }).closest("tr") as HTMLElement;
}

describe("team page", () => {
  it("lists members for a clinician with no management actions and no invitations", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, { ...ME, role: "clinician" }),
      "GET /api/team/members": () => json(200, { members: TEAM }),
    });
    renderApp("/app/team");

    const table = await screen.findByRole("table");
    expect(within(table).getAllByRole("row")).toHaveLength(4);
    expect(within(rowOf("Ben Okafor")).getByText("ben@example.com")).toBeInTheDocument();
    expect(within(rowOf("Cleo Marsh")).getByText("Deactivated")).toBeInTheDocument();
    expect(within(table).queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Invitations" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Email")).not.toBeInTheDocument();
    expect(net.to("GET /api/team/invitations")).toHaveLength(0);
    // A clinician has Team and Security in the menu, not Settings.
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Team" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).queryByRole("link", { name: "Settings" })).not.toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "Security" })).toBeInTheDocument();
  });

  it("lets an admin change a member's role (PATCH with the new role), never their own or the owner's", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, { ...ME, user: { ...ME.user, id: CLEO }, role: "admin" }),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": [
        () => json(200, { members: TEAM.map((m) => (m.user_id === CLEO ? { ...m, status: "active" } : m)) }),
        () => json(200, { members: TEAM.map((m) => (m.user_id === BEN ? { ...m, role: "admin" } : m)) }),
      ],
      "GET /api/team/invitations": () => json(200, { invitations: [] }),
      [`PATCH /api/team/members/${BEN}`]: () => new Response(null, { status: 204 }),
    });
    renderApp("/app/team");
    const user = userEvent.setup();

    await screen.findByRole("table");
    expect(within(rowOf("Ana Lindqvist")).queryByRole("button")).not.toBeInTheDocument();
    expect(within(rowOf("Cleo Marsh")).queryByRole("button")).not.toBeInTheDocument();
    // Only the owner transfers ownership.
    expect(screen.queryByRole("button", { name: /Make owner/ })).not.toBeInTheDocument();

    await user.click(within(rowOf("Ben Okafor")).getByRole("button", { name: "Change role of Ben Okafor" }));
    const select = screen.getByLabelText("New role for Ben Okafor");
    expect(screen.getByRole("heading", { name: "Change Ben Okafor's role" })).toHaveFocus();
    await user.selectOptions(select, "admin");
    await user.click(screen.getByRole("button", { name: "Save role" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Ben Okafor is now an admin.");
    const patch = net.to(`PATCH /api/team/members/${BEN}`);
    expect(patch).toHaveLength(1);
    expect(await patch[0].json()).toEqual({ role: "admin" });
    await waitFor(() => expect(within(rowOf("Ben Okafor")).getByText("Admin")).toBeInTheDocument());
  });

  it("asks before deactivating, saying their sessions end at once, and shows a refusal in the confirmation", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": () => json(200, { members: TEAM }),
      "GET /api/team/invitations": () => json(200, { invitations: [] }),
      [`POST /api/team/members/${BEN}/deactivate`]: [
        () => apiError(409, "owner_protected", "The owner's role and access can only change by transferring ownership."),
        () => new Response(null, { status: 204 }),
      ],
    });
    renderApp("/app/team");
    const user = userEvent.setup();

    await screen.findByRole("table");
    await user.click(screen.getByRole("button", { name: "Deactivate Ben Okafor" }));
    expect(screen.getByRole("heading", { name: "Deactivate Ben Okafor?" })).toHaveFocus();
    expect(screen.getByText(/their sessions end at once/)).toBeInTheDocument();
    expect(net.to(`POST /api/team/members/${BEN}/deactivate`)).toHaveLength(0);

    const confirm = screen.getAllByRole("button", { name: "Deactivate Ben Okafor" }).at(-1)!;
    await user.click(confirm);
    expect(await screen.findByRole("alert")).toHaveTextContent("can only change by transferring ownership");

    await user.click(screen.getAllByRole("button", { name: "Deactivate Ben Okafor" }).at(-1)!);
    expect(await screen.findByRole("status")).toHaveTextContent("Ben Okafor has been deactivated and signed out.");
    expect(net.to(`POST /api/team/members/${BEN}/deactivate`)).toHaveLength(2);
    // The owner may also transfer ownership; a deactivated member can be reactivated.
    expect(screen.getByRole("button", { name: "Make owner (Ben Okafor)" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reactivate Cleo Marsh" })).toBeInTheDocument();
  });

  it("invites by email and role, and shows already_invited next to the email field", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": () => json(200, { members: TEAM }),
      "GET /api/team/invitations": [
        () => json(200, { invitations: [INVITATION] }),
        () => json(200, { invitations: [{ ...INVITATION, id: "6c", email: "eli@example.com", role: "admin" }, INVITATION] }),
      ],
      "POST /api/team/invitations": [
        () =>
          apiError(409, "already_invited", "Please correct the highlighted fields.", {
            email: "This email already has an open invitation. Resend it instead.",
          }),
        () => json(201, { ...INVITATION, id: "6c", email: "eli@example.com", role: "admin" }),
      ],
      "GET /api/billing/seat-preview": () => json(200, SEAT_PREVIEW_TRIAL),
    });
    renderApp("/app/team");
    const user = userEvent.setup();
    // Sending asks first, with what the extra seat costs; then the same button name sends.
    const sendAndConfirm = async () => {
      await user.click(screen.getByRole("button", { name: "Send invitation" }));
      await screen.findByText(/No charge during your trial/);
      await user.click(screen.getByRole("button", { name: "Send invitation" }));
    };

    expect(await screen.findByRole("rowheader", { name: "dana@example.com" })).toBeInTheDocument();
    const email = screen.getByLabelText("Email");
    await user.type(email, "dana@example.com");
    await sendAndConfirm();

    expect(await screen.findByRole("alert")).toHaveTextContent("Please correct the highlighted fields.");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription("This email already has an open invitation. Resend it instead.");
    expect(await net.to("POST /api/team/invitations")[0].json()).toEqual({ email: "dana@example.com", role: "clinician" });

    await user.clear(email);
    await user.type(email, "eli@example.com");
    await user.selectOptions(screen.getByLabelText("Role"), "admin");
    await sendAndConfirm();

    expect(await screen.findByRole("status")).toHaveTextContent("Invitation sent to eli@example.com.");
    expect(email).not.toHaveAttribute("aria-invalid");
    expect(await net.to("POST /api/team/invitations")[1].json()).toEqual({ email: "eli@example.com", role: "admin" });
    expect(await screen.findByRole("rowheader", { name: "eli@example.com" })).toBeInTheDocument();
  });

  it("resends and revokes a pending invitation", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": () => json(200, { members: TEAM }),
      "GET /api/team/invitations": () => json(200, { invitations: [INVITATION] }),
      [`POST /api/team/invitations/${INVITATION.id}/resend`]: () => new Response(null, { status: 204 }),
      [`DELETE /api/team/invitations/${INVITATION.id}`]: () => new Response(null, { status: 204 }),
    });
    renderApp("/app/team");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Resend the invitation to dana@example.com" }));
    expect(await screen.findByRole("status")).toHaveTextContent("A new link was sent to dana@example.com.");
    expect(net.to(`POST /api/team/invitations/${INVITATION.id}/resend`)).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Revoke the invitation to dana@example.com" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("The invitation to dana@example.com was withdrawn."));
    expect(net.to(`DELETE /api/team/invitations/${INVITATION.id}`)).toHaveLength(1);
  });
});

describe("team page: the price of a seat before it is added", () => {
  const routes = (over: Record<string, Handler | Handler[]> = {}) => ({
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/team/members": () => json(200, { members: TEAM }),
    "GET /api/team/invitations": () => json(200, { invitations: [] }),
    "POST /api/team/invitations": () => json(201, { ...INVITATION, email: "eli@example.com" }),
    "GET /api/billing/seat-preview": () => json(200, SEAT_PREVIEW_SUBSCRIBED),
    ...over,
  });

  it("shows what an invitation's seat costs, and sends nothing until it is confirmed", async () => {
    const net = mockFetch(routes());
    renderApp("/app/team");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "eli@example.com");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));

    const confirm = screen.getByRole("group", { name: "Invite eli@example.com as a clinician?" });
    expect(screen.getByText("Invite eli@example.com as a clinician?")).toHaveFocus();
    expect(
      await within(confirm).findByText(
        `Their seat is added when they accept. Adding a seat: 3 → 4 seats. About ${usd(1933)} now for the rest of this period, then ${usd(11600)} on ${formatDate(daysFromNow(24, "09:00"))}.`,
      ),
    ).toBeInTheDocument();
    expect(net.to("GET /api/billing/seat-preview")).toHaveLength(1);
    expect(net.writes()).toHaveLength(0);

    await user.click(within(confirm).getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Invitation sent to eli@example.com.");
    expect(await net.to("POST /api/team/invitations")[0].json()).toEqual({ email: "eli@example.com", role: "clinician" });
    expect(screen.queryByRole("group", { name: /Invite/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send invitation" })).toHaveFocus();
  });

  it("sends nothing when the confirmation is cancelled", async () => {
    const net = mockFetch(routes());
    renderApp("/app/team");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "eli@example.com");
    await user.selectOptions(screen.getByLabelText("Role"), "admin");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    const confirm = screen.getByRole("group", { name: "Invite eli@example.com as an admin?" });
    await within(confirm).findByText(/Adding a seat: 3 → 4 seats/);
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("group", { name: /Invite/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send invitation" })).toHaveFocus();
    expect(screen.getByLabelText("Email")).toHaveValue("eli@example.com");
    expect(net.writes()).toHaveLength(0);
  });

  it("says so when the price cannot be loaded, and still lets the invitation go", async () => {
    const net = mockFetch(routes({ "GET /api/billing/seat-preview": () => apiError(502, "stripe_unavailable", "Stripe did not answer.") }));
    renderApp("/app/team");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "eli@example.com");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    const confirm = screen.getByRole("group", { name: /Invite eli@example.com/ });
    expect(await within(confirm).findByText(/The price of an extra seat could not be loaded just now. You can still go ahead/)).toBeInTheDocument();
    expect(net.writes()).toHaveLength(0);

    await user.click(within(confirm).getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Invitation sent to eli@example.com.");
    expect(net.to("POST /api/team/invitations")).toHaveLength(1);
  });

  it("shows the trial's terms before reactivating a member, then reactivates them", async () => {
    const net = mockFetch(
      routes({
        "GET /api/billing/seat-preview": () => json(200, SEAT_PREVIEW_TRIAL),
        [`POST /api/team/members/${CLEO}/reactivate`]: () => new Response(null, { status: 204 }),
      }),
    );
    renderApp("/app/team");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Reactivate Cleo Marsh" }));
    const confirm = screen.getByRole("group", { name: "Reactivate Cleo Marsh?" });
    expect(screen.getByText("Reactivate Cleo Marsh?")).toHaveFocus();
    expect(
      await within(confirm).findByText(
        `Cleo Marsh can sign in to Harbour Counselling again. No charge during your trial; after it, 4 seats at ${usd(2900)} per seat a month.`,
      ),
    ).toBeInTheDocument();
    expect(net.writes()).toHaveLength(0);

    await user.click(within(confirm).getByRole("button", { name: "Reactivate Cleo Marsh" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Cleo Marsh has been reactivated and can sign in again.");
    expect(net.to(`POST /api/team/members/${CLEO}/reactivate`)).toHaveLength(1);
  });

  it("shows a read-only practice's refusal as the server words it, and the banner then says why", async () => {
    // The server's words (internal/billing/standing.go, ErrReadOnly).
    const message =
      "This practice is read-only because its subscription has ended: every record can still be read and exported, " +
      "but new clients, assignments and invitations wait until an owner or admin restores the subscription on the Billing page.";
    mockFetch(
      routes({
        "POST /api/team/invitations": () => apiError(403, "practice_read_only", message),
        "GET /api/practice/standing": [() => json(200, STANDING_FULL), () => json(200, STANDING_READ_ONLY)],
      }),
    );
    renderApp("/app/team");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "eli@example.com");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    const confirm = screen.getByRole("group", { name: /Invite eli@example.com/ });
    await within(confirm).findByText(/Adding a seat/);
    await user.click(within(confirm).getByRole("button", { name: "Send invitation" }));

    const form = screen.getByRole("form", { name: "Invite someone" });
    expect(await within(form).findByRole("alert")).toHaveTextContent(message);
    expect(within(form).getByRole("alert")).not.toHaveTextContent(/permission|refused/i);
    const banner = (await screen.findByText(/because its subscription was cancelled/)).closest("[role=alert]");
    expect(banner).toHaveTextContent("An owner or admin can restore it on the Billing page.");
  });
});
