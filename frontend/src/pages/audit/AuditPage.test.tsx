import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "../../api/audit";
import { daysFromNow } from "../../test/clock";
import { ALEX, BEN_ID, COUPLE, COUPLE_ID, members, meAs, SAM, SAM_ID } from "../../test/fixtures";
import { apiError, json, ME, mockFetch, renderApp } from "../../test/helpers";

const query = (r: Request) => Object.fromEntries(new URL(r.url).searchParams);

function event(id: number, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    occurred_at: daysFromNow(-2, "09:30"),
    actor_user_id: BEN_ID,
    actor_name: "Ben Okafor",
    action: "client.read",
    subject_type: "client",
    subject_id: SAM_ID,
    client_id: SAM_ID,
    ip: "192.0.2.10",
    user_agent: "Firefox",
    detail: "{}",
    subject_name: "Samira Haddad",
    subject_found: true,
    client_name: "Samira Haddad",
    ...over,
  };
}

const names = {
  "GET /api/team/members": members,
  "GET /api/clients": (r: Request) =>
    json(200, { clients: new URL(r.url).searchParams.get("status") === "archived" ? [{ ...ALEX, status: "archived" }] : [SAM] }),
  "GET /api/couples": () => json(200, { couples: [COUPLE] }),
};

describe("audit log", () => {
  it("is not offered to clinicians: no navigation item, and the address explains without asking the API", async () => {
    const net = mockFetch({ "GET /api/auth/me": meAs("clinician"), ...names, "GET /api/audit": () => json(200, { events: [] }) });
    renderApp("/app/audit");

    expect(await screen.findByRole("heading", { level: 1, name: "Audit log" })).toBeInTheDocument();
    expect(screen.getByText(/open to the practice's owner and admins/)).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Audit log" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Export CSV" })).not.toBeInTheDocument();
    expect(net.to("GET /api/audit")).toHaveLength(0);
  });

  it("shows each event's time in the viewer's zone, person, action, subject and client by name, and address", async () => {
    mockFetch({
      "GET /api/auth/me": meAs("admin"),
      ...names,
      "GET /api/audit": () =>
        json(200, {
          events: [
            event(5, { action: "assignment.create", subject_type: "assignment", subject_id: "a5a5a5a5-0001-4000-8000-000000000001", subject_name: "Daily log, for Samira Haddad" }),
            event(4, { action: "member.role_change", subject_type: "member", subject_id: BEN_ID, subject_name: "Ben Okafor", client_id: undefined, client_name: undefined }),
            event(3, { action: "couple.read", subject_type: "couple", subject_id: COUPLE_ID, subject_name: "Sam and Alex" }),
            event(2, {
              action: "client.erase",
              subject_id: "99999999-0000-4000-8000-000000000000",
              subject_name: "Client 99999999",
              subject_found: false,
              client_id: "99999999-0000-4000-8000-000000000000",
              client_name: undefined,
            }),
            event(1, { action: "audit.export", subject_type: "audit", subject_id: "", subject_name: "The audit log", subject_found: false, client_id: undefined, client_name: undefined, actor_name: "Ana Lindqvist" }),
          ],
        }),
    });
    renderApp("/app/audit");

    const table = await screen.findByRole("table");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Time (UTC)",
      "Person",
      "Action",
      "Subject",
      "Client",
      "Address",
    ]);
    const [, assigned, role, coupleRead, erased, exported] = within(table).getAllByRole("row");
    // Names come with each event: one link to the subject's page while it exists.
    expect(within(assigned).getByRole("link", { name: "Daily log, for Samira Haddad" })).toHaveAttribute(
      "href",
      `/app/clients/${SAM_ID}/homework`,
    );
    expect(within(role).getByRole("link", { name: "Ben Okafor" })).toHaveAttribute("href", "/app/team");
    expect(coupleRead).toHaveTextContent("Ben Okafor");
    expect(coupleRead).toHaveTextContent("couple.read");
    expect(within(coupleRead).getByRole("link", { name: "Sam and Alex" })).toHaveAttribute("href", `/app/couples/${COUPLE_ID}`);
    expect(within(coupleRead).getByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM_ID}`);
    expect(coupleRead).toHaveTextContent("192.0.2.10");
    const time = within(coupleRead).getByRole("cell", { name: /2026/ }).querySelector("time");
    expect(time).toHaveAttribute("datetime", daysFromNow(-2, "09:30"));
    expect(time).toHaveTextContent("9:30");
    // An erased client keeps its type and a short id, unlinked.
    expect(erased).toHaveTextContent("Client 99999999");
    expect(erased).toHaveTextContent("Client 99999999 (erased)");
    expect(within(erased).queryByRole("link")).not.toBeInTheDocument();
    expect(exported).toHaveTextContent("Ana Lindqvist");
    expect(exported).toHaveTextContent("The audit log");
    expect(screen.getByText("That is the oldest matching event.")).toBeInTheDocument();
  });

  describe("in the viewer's own time zone", () => {
    let zone: ReturnType<typeof vi.spyOn>;
    beforeEach(() => {
      // A viewer in Auckland: at the tests' fixed now (24 Nov 12:00 UTC) it is already 25 Nov, 01:00 there.
      const real = Intl.DateTimeFormat.prototype.resolvedOptions;
      zone = vi
        .spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions")
        .mockImplementation(function (this: Intl.DateTimeFormat) {
          return { ...real.call(this), timeZone: "Pacific/Auckland" };
        });
    });
    afterEach(() => zone.mockRestore());

    it("names the zone, shows times in it, and counts Today and the last 7 days by its calendar", async () => {
      const net = mockFetch({ "GET /api/auth/me": () => json(200, ME), ...names, "GET /api/audit": () => json(200, { events: [event(7)] }) });
      renderApp("/app/audit");
      const user = userEvent.setup();

      const table = await screen.findByRole("table");
      expect(within(table).getAllByRole("columnheader")[0]).toHaveTextContent("Time (Pacific/Auckland)");
      // 22 Nov 09:30 UTC is 22:30 in Auckland (UTC+13 in summer).
      expect(within(table).getAllByRole("row")[1].querySelector("time")?.textContent).toMatch(/22:30|10:30\sPM/);
      expect(screen.getByText("Days in your time zone, Pacific/Auckland.")).toBeInTheDocument();

      await user.click(screen.getByRole("button", { name: "Today" }));
      await waitFor(() => expect(net.to("GET /api/audit")).toHaveLength(2));
      expect(query(net.to("GET /api/audit")[1])).toEqual({
        from: daysFromNow(1),
        to: daysFromNow(1),
        tz: "Pacific/Auckland",
        limit: "50",
      });
      expect(screen.getByLabelText("From")).toHaveValue(daysFromNow(1));

      await user.click(screen.getByRole("button", { name: "Last 7 days" }));
      await waitFor(() => expect(net.to("GET /api/audit")).toHaveLength(3));
      expect(query(net.to("GET /api/audit")[2])).toMatchObject({ from: daysFromNow(-5), to: daysFromNow(1), tz: "Pacific/Auckland" });
      const href = new URL(screen.getByRole("link", { name: "Export CSV" }).getAttribute("href")!, location.origin);
      expect(Object.fromEntries(href.searchParams)).toEqual({ from: daysFromNow(-5), to: daysFromNow(1), tz: "Pacific/Auckland" });
    });
  });

  it("sends the filters as query parameters, keeps them in the address, and the export link carries them", async () => {
    const net = mockFetch({ "GET /api/auth/me": () => json(200, ME), ...names, "GET /api/audit": () => json(200, { events: [event(7)] }) });
    renderApp("/app/audit");
    const user = userEvent.setup();

    await screen.findByRole("table");
    expect(query(net.to("GET /api/audit")[0])).toEqual({ limit: "50" });
    expect(screen.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", "/api/audit/export");

    await user.selectOptions(screen.getByLabelText("Person"), "Ben Okafor");
    await user.selectOptions(screen.getByLabelText("Client"), await screen.findByRole("option", { name: "Samira Haddad" }));
    await user.type(screen.getByLabelText("Action"), "client.read");
    fireEvent.change(screen.getByLabelText("From"), { target: { value: daysFromNow(-23) } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: daysFromNow(6) } });
    expect(net.to("GET /api/audit")).toHaveLength(1); // nothing sent until the filters are applied
    await user.click(screen.getByRole("button", { name: "Apply filters" }));

    // With dates set, the browser's zone goes along, so the days are the viewer's (UTC here).
    const filters = { actor_user_id: BEN_ID, client_id: SAM_ID, action: "client.read", from: daysFromNow(-23), to: daysFromNow(6), tz: "UTC" };
    await waitFor(() => expect(net.to("GET /api/audit")).toHaveLength(2));
    expect(query(net.to("GET /api/audit")[1])).toEqual({ ...filters, limit: "50" });

    const href = screen.getByRole("link", { name: "Export CSV" }).getAttribute("href")!;
    const url = new URL(href, location.origin);
    expect(url.pathname).toBe("/api/audit/export");
    expect(Object.fromEntries(url.searchParams)).toEqual(filters);
  });

  it("opens with the filters of a bookmarked address, archived clients included in the client choice", async () => {
    const net = mockFetch({ "GET /api/auth/me": () => json(200, ME), ...names, "GET /api/audit": () => json(200, { events: [] }) });
    renderApp(`/app/audit?action=couple.read&client_id=${ALEX.id}`);

    expect(await screen.findByText(/No events match these filters/)).toBeInTheDocument();
    expect(query(net.to("GET /api/audit")[0])).toEqual({ client_id: ALEX.id, action: "couple.read", limit: "50" });
    expect(screen.getByLabelText("Action")).toHaveValue("couple.read");
    expect(await screen.findByRole("option", { name: "Alex Moreau (archived)" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText("Client")).toHaveValue(ALEX.id));
    expect(screen.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
      "href",
      `/api/audit/export?client_id=${ALEX.id}&action=couple.read`,
    );
  });

  it("loads older events with before_id set to the oldest event shown", async () => {
    const page1 = Array.from({ length: 50 }, (_, i) => event(200 - i));
    const page2 = [event(150), event(149)];
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      ...names,
      "GET /api/audit": (r) => json(200, { events: new URL(r.url).searchParams.get("before_id") ? page2 : page1 }),
    });
    renderApp("/app/audit?action=client.read");
    const user = userEvent.setup();

    expect(await screen.findByText("Showing 50 events.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Load older events" }));

    expect(await screen.findByText("Showing 52 events.")).toBeInTheDocument();
    expect(query(net.to("GET /api/audit")[1])).toEqual({ action: "client.read", limit: "50", before_id: "151" });
    expect(screen.queryByRole("button", { name: "Load older events" })).not.toBeInTheDocument();
    expect(screen.getByText("That is the oldest matching event.")).toBeInTheDocument();
  });

  it("shows the API's 422 on a filter next to that field", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      ...names,
      "GET /api/audit": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", { from: "must be a date like 2026-11-22" }),
    });
    renderApp("/app/audit?from=yesterday");

    expect(await screen.findByRole("alert")).toHaveTextContent("From: must be a date like 2026-11-22");
    expect(screen.getByLabelText("From")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("To")).not.toHaveAttribute("aria-invalid");
  });
});
