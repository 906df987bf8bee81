import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { daysFromNow } from "../../test/clock";
import { COUPLE_ID, members, meAs, SAM } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const samUrl = `/api/clients/${SAM.id}`;

describe("client page", () => {
  it("shows the header, details, clinicians and couples, under the Details tab", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), [`GET ${samUrl}`]: () => json(200, SAM) });
    renderApp(`/app/clients/${SAM.id}`);

    expect(await screen.findByRole("heading", { level: 1, name: "Samira Haddad" })).toBeInTheDocument();
    expect(screen.getByText("Goes by Sam · she/her")).toBeInTheDocument();
    expect(screen.getByText("Active")).toHaveClass("badge");

    const tablist = screen.getByRole("tablist");
    expect(within(tablist).getAllByRole("tab").map((t) => t.textContent)).toEqual(["Details", "Homework", "Journal", "Progress"]);
    expect(within(tablist).getByRole("tab", { name: "Details" })).toHaveAttribute("aria-selected", "true");
    const panel = screen.getByRole("tabpanel", { name: "Details" });

    const details = within(panel).getByRole("region", { name: "Details" });
    const pairs = within(details)
      .getAllByRole("term")
      .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        ["Email", "sam@example.com"],
        ["Mobile", "+447700900123"],
        ["Time zone", "Europe/London"],
        ["Consents to email", "Yes"],
        ["Consents to text messages", "No"],
      ]),
    );
    expect(within(panel).getByRole("region", { name: "Clinicians" })).toHaveTextContent("Ben Okafor");
    const couples = within(panel).getByRole("region", { name: "Couples" });
    expect(within(couples).getByRole("link", { name: "Sam and Alex" })).toHaveAttribute("href", `/app/couples/${COUPLE_ID}`);
    expect(couples).toHaveTextContent("The partner who was hurt");
    expect(screen.getByRole("link", { name: "Edit" })).toHaveAttribute("href", `/app/clients/${SAM.id}/edit`);
  });

  it("offers the report, the record and a couple in the header, on every tab, coming back to that tab", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      [`GET ${samUrl}`]: () => json(200, SAM),
      [`GET ${samUrl}/progress`]: () => json(200, { measures: [], adherence: [], calendar: [] }),
    });
    renderApp(`/app/clients/${SAM.id}/progress`);
    expect(await screen.findByRole("heading", { level: 1, name: "Samira Haddad" })).toBeInTheDocument();

    const report = screen.getByRole("link", { name: "Progress report (PDF)" });
    expect(report).toHaveAttribute("href", `/api/clients/${SAM.id}/report`);
    expect(report).toHaveAttribute("download");
    const record = screen.getByRole("link", { name: "Export record (CSV)" });
    expect(record).toHaveAttribute("href", `/api/clients/${SAM.id}/export`);
    expect(record).toHaveAttribute("download");
    const couple = new URL(screen.getByRole("link", { name: "Add to a couple" }).getAttribute("href")!, location.origin);
    expect(couple.pathname).toBe("/app/couples/new");
    expect(Object.fromEntries(couple.searchParams)).toEqual({ client: SAM.id, from: `/app/clients/${SAM.id}/progress` });
  });

  it("offers no couple for an archived client: they are restored first", async () => {
    const archived = { ...SAM, status: "archived" as const, couples: [] };
    mockFetch({ "GET /api/auth/me": () => json(200, ME), [`GET ${samUrl}`]: () => json(200, archived) });
    renderApp(`/app/clients/${SAM.id}`);
    expect(await screen.findByRole("button", { name: "Restore client" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /to a couple/ })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Progress report (PDF)" })).toBeInTheDocument();
  });

  it("hides Erase from admins and clinicians", async () => {
    for (const role of ["admin", "clinician"] as const) {
      mockFetch({ "GET /api/auth/me": meAs(role), [`GET ${samUrl}`]: () => json(200, SAM) });
      const view = renderApp(`/app/clients/${SAM.id}`);
      expect(await screen.findByRole("heading", { level: 1, name: "Samira Haddad" })).toBeInTheDocument();
      expect(screen.getByRole("button", { name: "Archive client" })).toBeInTheDocument();
      expect(screen.queryByRole("button", { name: /Erase/ }), role).not.toBeInTheDocument();
      expect(screen.queryByRole("heading", { name: /Erase/ }), role).not.toBeInTheDocument();
      view.unmount();
    }
  });

  it("lets the owner erase a client only after a confirmation that says it cannot be undone", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": members,
      [`GET ${samUrl}`]: () => json(200, SAM),
      [`DELETE ${samUrl}`]: () => new Response(null, { status: 204 }),
      "GET /api/clients": () => json(200, { clients: [] }),
    });
    renderApp(`/app/clients/${SAM.id}`);
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Erase client…" }));
    const confirm = screen.getByRole("group", { name: /Erase Samira Haddad and all their data for good\? This cannot be undone\./ });
    expect(confirm).toContainElement(document.activeElement as HTMLElement);
    expect(net.to(`DELETE ${samUrl}`)).toHaveLength(0);

    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("group", { name: /Erase Samira Haddad/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Erase client…" })).toHaveFocus();
    expect(net.to(`DELETE ${samUrl}`)).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Erase client…" }));
    await user.click(screen.getByRole("button", { name: "Erase Samira Haddad for good" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Clients" })).toBeInTheDocument();
    expect(screen.getByText("Samira Haddad was erased for good.")).toHaveAttribute("role", "status");
    expect(net.to(`DELETE ${samUrl}`)).toHaveLength(1);
    expect(net.to(`DELETE ${samUrl}`)[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("archives and restores, saying what archiving means", async () => {
    const archived = { ...SAM, status: "archived" as const, archived_at: daysFromNow(-237, "10:00") };
    const net = mockFetch({
      "GET /api/auth/me": meAs("clinician"),
      "GET /api/auth/csrf": csrfTokens(),
      [`GET ${samUrl}`]: () => json(200, SAM),
      [`POST ${samUrl}/archive`]: () => json(200, archived),
      [`POST ${samUrl}/restore`]: () => json(200, SAM),
    });
    renderApp(`/app/clients/${SAM.id}`);
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Archive client" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Samira Haddad is archived. Nothing will be sent to them");
    expect(screen.getByText("Archived", { selector: ".badge" })).toBeInTheDocument();
    expect(net.to(`POST ${samUrl}/archive`)).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Restore client" }));
    expect(await screen.findByText(/Samira Haddad is restored/)).toBeInTheDocument();
    expect(screen.getByText("Active", { selector: ".badge" })).toBeInTheDocument();
    expect(net.to(`POST ${samUrl}/restore`)).toHaveLength(1);
  });

  it("shows a calm not-found page when the client does not exist or is not yours", async () => {
    mockFetch({
      "GET /api/auth/me": meAs("clinician"),
      [`GET ${samUrl}`]: () => apiError(404, "not_found", "There is no such record, or it is not yours to see."),
    });
    renderApp(`/app/clients/${SAM.id}`);

    expect(await screen.findByRole("heading", { level: 1, name: "This client is not available" })).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveTextContent("or they are not assigned to you");
    expect(screen.getByRole("link", { name: "Back to clients" })).toHaveAttribute("href", "/app/clients");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Archive|Erase/ })).not.toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
  });

  it("shows the same not-found page on the edit address", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/team/members": members,
      [`GET ${samUrl}`]: () => apiError(404, "not_found", "There is no such record, or it is not yours to see."),
    });
    renderApp(`/app/clients/${SAM.id}/edit`);
    expect(await screen.findByRole("heading", { level: 1, name: "This client is not available" })).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
  });
});
