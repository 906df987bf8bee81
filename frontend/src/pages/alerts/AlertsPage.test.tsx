import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { alertKeys, type Alert } from "../../api/alerts";
import { daysFromNow } from "../../test/clock";
import {
  ALERT_ACK_SAM,
  ALERT_OPEN_ALEX,
  ALERT_OPEN_SAM,
  ALERT_RESOLVED_ALEX,
  alertList,
  SAM,
  SAM_ID,
} from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const ackUrl = (a: Alert) => `/api/alerts/${a.id}/acknowledge`;
const resolveUrl = (a: Alert) => `/api/alerts/${a.id}/resolve`;

/** A backend in miniature: GET answers the current alerts, and the actions change them. */
function alertsBackend(initial: Alert[]) {
  let alerts = [...initial];
  const move = (id: string, change: Partial<Alert>) => {
    alerts = alerts.map((a) => (a.id === id ? { ...a, ...change } : a));
    return alerts.find((a) => a.id === id)!;
  };
  return {
    get: () => json(200, { alerts }),
    acknowledge: (id: string) => async (req: Request) => {
      const { note } = (await req.json()) as { note?: string };
      return json(200, move(id, { status: "acknowledged", acknowledged_at: daysFromNow(0, "09:00"), note: note ?? "" }));
    },
    resolve: (id: string) => async (req: Request) => {
      const { note } = (await req.json()) as { note?: string };
      return json(200, move(id, { status: "resolved", resolved_at: daysFromNow(0, "09:05"), note: note ?? "" }));
    },
  };
}

const ALL = [ALERT_RESOLVED_ALEX, ALERT_OPEN_SAM, ALERT_ACK_SAM, ALERT_OPEN_ALEX];

function article(name: RegExp | string) {
  return screen.getAllByRole("article").find((a) => within(a).queryByRole("heading", { name }))!;
}

describe("alerts page", () => {
  it("lists open then acknowledged alerts, then the resolved ones collapsed with their notes", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), "GET /api/alerts": alertList(...ALL) });
    renderApp("/app/alerts");

    expect(await screen.findByRole("heading", { level: 1, name: "Alerts" })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Alerts · Steady")); // an effect's work

    const active = await screen.findByRole("region", { name: /Needs attention/ });
    const cards = within(active).getAllByRole("article");
    expect(cards.map((c) => within(c).getByRole("heading", { level: 3 }).textContent)).toEqual([
      "Alex Moreau · Weekly check-in",
      "Samira Haddad · PHQ-9",
      "Samira Haddad · Weekly check-in",
    ]);
    expect(cards.map((c) => c.querySelector(".badge")?.textContent)).toEqual(["Open", "Open", "Acknowledged"]);

    const [alex, sam, samAck] = cards;
    expect(within(alex).getByRole("link", { name: "Alex Moreau" })).toHaveAttribute("href", `/app/clients/${ALERT_OPEN_ALEX.client_id}`);
    expect(sam).toHaveTextContent(ALERT_OPEN_SAM.reason);
    expect(sam.querySelector("time")).toHaveAttribute("datetime", ALERT_OPEN_SAM.created_at);
    // Raised three days and four hours before the tests' fixed clock (src/test/clock.ts).
    expect(sam).toHaveTextContent(/Raised\s*3 days ago \(/);
    expect(within(sam).getByRole("button", { name: "Acknowledge the alert for Samira Haddad, PHQ-9" })).toBeInTheDocument();
    expect(within(sam).getByRole("button", { name: "Resolve… the alert for Samira Haddad, PHQ-9" })).toBeInTheDocument();
    expect(within(sam).getByRole("textbox", { name: "Note for the team (optional)" })).toBeInTheDocument();
    expect(samAck).toHaveTextContent("Left a voicemail; calling again at five.");
    expect(within(samAck).queryByRole("button", { name: /^Acknowledge/ })).not.toBeInTheDocument();
    expect(within(samAck).getByRole("button", { name: /^Resolve…/ })).toBeInTheDocument();

    const resolved = screen.getByRole("region", { name: "Resolved" });
    const details = resolved.querySelector("details")!;
    expect(details).not.toHaveAttribute("open");
    expect(within(resolved).getByText("Show 1 resolved alert")).toBeInTheDocument();
    expect(resolved).toHaveTextContent("Called Alex the same evening; agreed a safety plan");
    expect(within(resolved).queryByRole("button")).not.toBeInTheDocument();
    // The reason is clinical: never in the title.
    expect(document.title).not.toMatch(/PHQ|safe|dead/);
  });

  it("says when nothing needs attention", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), "GET /api/alerts": alertList(ALERT_RESOLVED_ALEX) });
    renderApp("/app/alerts");
    expect(await screen.findByText("No alert needs attention.")).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Resolved" })).toBeInTheDocument();
  });

  it("acknowledges with the note, refreshes the list, confirms and keeps focus on the alert", async () => {
    const backend = alertsBackend(ALL);
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/alerts": backend.get,
      [`POST ${ackUrl(ALERT_OPEN_SAM)}`]: backend.acknowledge(ALERT_OPEN_SAM.id),
    });
    renderApp("/app/alerts");
    const user = userEvent.setup();

    await screen.findByRole("region", { name: /Needs attention/ });
    const sam = article("Samira Haddad · PHQ-9");
    await user.type(within(sam).getByRole("textbox", { name: "Note for the team (optional)" }), "Calling her this afternoon.");
    await user.click(within(sam).getByRole("button", { name: /^Acknowledge/ }));

    expect(await screen.findByText(/The alert for Samira Haddad is acknowledged/)).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("The alert for Samira Haddad is acknowledged.");
    const posts = net.to(`POST ${ackUrl(ALERT_OPEN_SAM)}`);
    expect(posts).toHaveLength(1);
    expect(await posts[0].json()).toEqual({ note: "Calling her this afternoon." });
    expect(posts[0].headers.get("X-CSRF-Token")).toBe("csrf-1");

    const after = article("Samira Haddad · PHQ-9");
    expect(after.querySelector(".badge")).toHaveTextContent("Acknowledged");
    expect(after).toHaveTextContent("Calling her this afternoon.");
    expect(within(after).queryByRole("button", { name: /^Acknowledge/ })).not.toBeInTheDocument();
    await waitFor(() => expect(within(after).getByRole("heading", { level: 3 })).toHaveFocus()); // an effect's work
    await waitFor(() => expect(net.to("GET /api/alerts").length).toBeGreaterThanOrEqual(2));
  });

  it("refuses to resolve without a note, then resolves with it and moves focus to the next alert", async () => {
    const backend = alertsBackend(ALL);
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/alerts": backend.get,
      [`POST ${resolveUrl(ALERT_OPEN_ALEX)}`]: backend.resolve(ALERT_OPEN_ALEX.id),
    });
    renderApp("/app/alerts");
    const user = userEvent.setup();

    await screen.findByRole("region", { name: /Needs attention/ });
    const alex = article("Alex Moreau · Weekly check-in");
    await user.click(within(alex).getByRole("button", { name: /^Resolve…/ }));

    const form = within(alex).getByRole("form", { name: "Resolve the alert for Alex Moreau, Weekly check-in" });
    const note = within(form).getByRole("textbox", { name: "What did you do?" });
    expect(note).toHaveFocus();
    expect(note).toHaveAccessibleDescription("Say what you did: a call, a safety plan, an extra session.");

    // Blank (or only spaces) is refused here, without asking the server.
    await user.type(note, "   ");
    await user.click(within(form).getByRole("button", { name: "Resolve alert" }));
    expect(note).toHaveAttribute("aria-invalid", "true");
    expect(note).toHaveAccessibleDescription(/Write what you did before you resolve the alert\./);
    expect(note).toHaveFocus();
    expect(net.to(`POST ${resolveUrl(ALERT_OPEN_ALEX)}`)).toHaveLength(0);

    // Cancel puts focus back on the button that opened the form.
    await user.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(within(alex).getByRole("button", { name: /^Resolve…/ })).toHaveFocus();

    await user.click(within(alex).getByRole("button", { name: /^Resolve…/ }));
    await user.type(within(alex).getByRole("textbox", { name: "What did you do?" }), "Called Alex; we made a safety plan.");
    await user.click(within(alex).getByRole("button", { name: "Resolve alert" }));

    expect(await screen.findByText(/The alert for Alex Moreau is resolved/)).toBeInTheDocument();
    const posts = net.to(`POST ${resolveUrl(ALERT_OPEN_ALEX)}`);
    expect(posts).toHaveLength(1);
    expect(await posts[0].json()).toEqual({ note: "Called Alex; we made a safety plan." });

    const active = screen.getByRole("region", { name: /Needs attention/ });
    await waitFor(() => expect(within(active).getAllByRole("article")).toHaveLength(2));
    // The next alert took its place, and has focus.
    await waitFor(() => expect(within(article("Samira Haddad · PHQ-9")).getByRole("heading", { level: 3 })).toHaveFocus());
    const resolved = screen.getByRole("region", { name: "Resolved" });
    expect(within(resolved).getByText("Show 2 resolved alerts")).toBeInTheDocument();
    expect(resolved).toHaveTextContent("Called Alex; we made a safety plan.");
  });

  it("shows a 409 at the top, with focus, and fetches the list again", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/alerts": [
        alertList(ALERT_OPEN_SAM),
        alertList({ ...ALERT_OPEN_SAM, status: "acknowledged", acknowledged_at: daysFromNow(0, "08:00"), note: "Ben is on it." }),
      ],
      [`POST ${ackUrl(ALERT_OPEN_SAM)}`]: () =>
        apiError(409, "alert_state", "This alert has already moved on: an acknowledged or resolved alert can't be acknowledged, a resolved one can't be resolved again."),
    });
    renderApp("/app/alerts");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: /^Acknowledge/ }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Samira Haddad, PHQ-9: This alert has already moved on");
    await waitFor(() => expect(alert).toHaveFocus()); // an effect's work, maybe after the render
    expect(net.to(`POST ${ackUrl(ALERT_OPEN_SAM)}`)).toHaveLength(1);
    // Where it is now: acknowledged by someone else.
    await waitFor(() => expect(article("Samira Haddad · PHQ-9").querySelector(".badge")).toHaveTextContent("Acknowledged"));
    expect(article("Samira Haddad · PHQ-9")).toHaveTextContent("Ben is on it.");
  });

  it("shows a 422 on the note field", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/alerts": alertList(ALERT_ACK_SAM),
      [`POST ${resolveUrl(ALERT_ACK_SAM)}`]: () =>
        apiError(422, "validation_failed", "Some fields need attention.", { note: "must be at most 2000 characters" }),
    });
    renderApp("/app/alerts");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: /^Resolve…/ }));
    await user.type(screen.getByRole("textbox", { name: "What did you do?" }), "A very long note");
    await user.click(screen.getByRole("button", { name: "Resolve alert" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Some fields need attention.");
    const note = screen.getByRole("textbox", { name: "What did you do?" });
    expect(note).toHaveAccessibleDescription(/must be at most 2000 characters/);
    await waitFor(() => expect(note).toHaveFocus()); // an effect's work, maybe after the render
  });
});

describe("alerts in the navigation", () => {
  it("counts the open alerts (not acknowledged ones) as a number only, and polls every minute", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), "GET /api/alerts": alertList(...ALL) });
    const { queryClient } = renderApp("/app");

    const nav = await screen.findByRole("navigation", { name: "Main" });
    const link = await within(nav).findByRole("link", { name: "Alerts, 2 open" });
    expect(link).toHaveAttribute("href", "/app/alerts");
    expect(link).toHaveTextContent(/^Alerts \(2\)$/);
    expect(link.querySelector(".nav-count")).toHaveTextContent("(2)");
    expect(link).not.toHaveTextContent(/PHQ|check-in|Samira|Alex/);

    const query = queryClient.getQueryCache().find({ queryKey: alertKeys.list() })!;
    expect(query.observers.some((o) => o.options.refetchInterval === 60_000)).toBe(true);
  });

  it("shows no number when no alert is open", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), "GET /api/alerts": alertList(ALERT_ACK_SAM, ALERT_RESOLVED_ALEX) });
    const { queryClient } = renderApp("/app");

    const nav = await screen.findByRole("navigation", { name: "Main" });
    await waitFor(() => expect(queryClient.getQueryState(alertKeys.list())?.status).toBe("success"));
    const link = within(nav).getByRole("link", { name: "Alerts" });
    expect(link).toHaveTextContent(/^Alerts$/);
    expect(link.querySelector(".nav-count")).toBeNull();
  });

  it("picks up a new alert when the list is fetched again", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/alerts": [alertList(), alertList(ALERT_OPEN_SAM)],
    });
    const { queryClient } = renderApp("/app");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    await waitFor(() => expect(queryClient.getQueryState(alertKeys.list())?.status).toBe("success"));
    expect(within(nav).getByRole("link", { name: "Alerts" })).toBeInTheDocument();

    // What the 60-second poll does.
    await queryClient.refetchQueries({ queryKey: alertKeys.list() });
    expect(await within(nav).findByRole("link", { name: "Alerts, 1 open" })).toBeInTheDocument();
  });
});

describe("alerts on the client page", () => {
  it("shows the client's open and acknowledged alerts at the top of Details, linking to the alerts page", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      [`GET /api/clients/${SAM_ID}`]: () => json(200, SAM),
      "GET /api/alerts": (req) =>
        new URL(req.url).searchParams.get("client_id") === SAM_ID
          ? json(200, { alerts: [ALERT_ACK_SAM, ALERT_OPEN_SAM] })
          : json(200, { alerts: [] }),
    });
    renderApp(`/app/clients/${SAM_ID}`);

    const panel = await screen.findByRole("region", { name: "2 alerts need attention" });
    const details = screen.getByRole("tabpanel", { name: "Details" });
    expect(details.firstElementChild).toBe(panel);
    expect(panel).toHaveTextContent("1 not acknowledged yet.");
    expect(panel).toHaveTextContent(ALERT_OPEN_SAM.reason);
    expect(within(panel).getByText("PHQ-9")).toBeInTheDocument();
    expect(within(panel).getByText("Acknowledged")).toHaveClass("badge");
    expect(within(panel).getByRole("link", { name: /alerts page/ })).toHaveAttribute("href", "/app/alerts");
    expect(net.to("GET /api/alerts").some((r) => new URL(r.url).searchParams.get("client_id") === SAM_ID)).toBe(true);
    await waitFor(() => expect(document.title).toBe("Samira Haddad · Steady")); // an effect's work
  });

  it("shows nothing when the client's alerts are all resolved", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      [`GET /api/clients/${SAM_ID}`]: () => json(200, SAM),
      "GET /api/alerts": alertList({ ...ALERT_RESOLVED_ALEX, client_id: SAM_ID, client_name: SAM.name }),
    });
    const { queryClient } = renderApp(`/app/clients/${SAM_ID}`);
    await screen.findByRole("heading", { level: 1, name: "Samira Haddad" });
    await waitFor(() => expect(queryClient.getQueryState(alertKeys.list(SAM_ID))?.status).toBe("success"));
    expect(screen.queryByRole("region", { name: /need/ })).not.toBeInTheDocument();
  });
});
