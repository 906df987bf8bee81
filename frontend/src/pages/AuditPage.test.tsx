import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { daysFromNow } from "../test/clock";
import type { AuditEvent } from "../api/audit";
import { ALEX, BEN_ID, COUPLE, COUPLE_ID, members, meAs, SAM, SAM_ID } from "../test/fixtures";
import { apiError, json, ME, mockFetch, renderApp } from "../test/helpers";

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

  it("shows each event's time, person, action, subject, client and address, with names for ids", async () => {
    mockFetch({
      "GET /api/auth/me": meAs("admin"),
      ...names,
      "GET /api/audit": () =>
        json(200, {
          events: [
            event(3, { action: "couple.read", subject_type: "couple", subject_id: COUPLE_ID }),
            event(2, { action: "client.erase", subject_id: "99999999-0000-4000-8000-000000000000", client_id: "99999999-0000-4000-8000-000000000000" }),
            event(1, { action: "audit.export", subject_type: "audit", subject_id: "", client_id: undefined, actor_name: "Ana Lindqvist" }),
          ],
        }),
    });
    renderApp("/app/audit");

    const table = await screen.findByRole("table");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Time",
      "Person",
      "Action",
      "Subject",
      "Client",
      "Address",
    ]);
    const [, coupleRead, erased, exported] = within(table).getAllByRole("row");
    expect(coupleRead).toHaveTextContent("Ben Okafor");
    expect(coupleRead).toHaveTextContent("couple.read");
    expect(within(coupleRead).getByRole("link", { name: "Sam and Alex" })).toHaveAttribute("href", `/app/couples/${COUPLE_ID}`);
    // Names arrive with the client lists.
    expect(await within(coupleRead).findByRole("link", { name: "Samira Haddad" })).toHaveAttribute(
      "href",
      `/app/clients/${SAM_ID}`,
    );
    expect(coupleRead).toHaveTextContent("192.0.2.10");
    expect(within(coupleRead).getByRole("cell", { name: /2026/ }).querySelector("time")).toHaveAttribute(
      "datetime",
      daysFromNow(-2, "09:30"),
    );
    expect(erased).toHaveTextContent("Client 99999999 (erased or not listed)");
    expect(exported).toHaveTextContent("Ana Lindqvist");
    expect(exported).toHaveTextContent("audit.export");
    expect(screen.getByText("That is the oldest matching event.")).toBeInTheDocument();
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

    const filters = { actor_user_id: BEN_ID, client_id: SAM_ID, action: "client.read", from: daysFromNow(-23), to: daysFromNow(6) };
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
