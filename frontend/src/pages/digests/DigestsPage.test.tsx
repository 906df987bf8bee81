import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DigestContent, DigestSettings, DigestSummary } from "../../api/digests";
import { formatDateRange, formatDayAndTime } from "../../components/format";
import { formatWeekday } from "../../components/dates";
import { daysFromNow } from "../../test/clock";
import { ANA_ID, BEN_ID, COUPLE_ID, meAs, SAM_ID } from "../../test/fixtures";
import { apiError, json, ME, mockFetch, renderApp, type Handler } from "../../test/helpers";

// The tests' clock is Tuesday 24 November 2026. A digest made on Monday the 23rd at 08:00 looks
// back on the seven days before: Monday the 16th to Sunday the 22nd.
const LATEST_ID = "d1d1d1d1-0001-4000-8000-000000000001";
const EARLIER_ID = "d1d1d1d1-0002-4000-8000-000000000002";
const JORDAN_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c03";
const RILEY_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c04";
const ALEX_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c02";

const LATEST: DigestSummary = {
  id: LATEST_ID,
  week: daysFromNow(-1),
  period_start: daysFromNow(-8),
  period_end: daysFromNow(-2),
  attention: 1,
  created_at: daysFromNow(-1, "08:00"),
};

const EARLIER: DigestSummary = {
  id: EARLIER_ID,
  week: daysFromNow(-8),
  period_start: daysFromNow(-15),
  period_end: daysFromNow(-9),
  attention: 0,
  created_at: daysFromNow(-8, "08:00"),
};

const COUPLE_LINE = {
  kind: "couple" as const,
  id: COUPLE_ID,
  name: "Sam and Alex",
  partners: [
    { id: SAM_ID, name: "Samira Haddad" },
    { id: ALEX_ID, name: "Alex Moreau" },
  ],
  due: 6,
  done: 4,
};
const JORDAN_LINE = { kind: "client" as const, id: JORDAN_ID, name: "Jordan Reyes", due: 4, done: 4 };
const RILEY_LINE = { kind: "client" as const, id: RILEY_ID, name: "Riley Park", due: 0, done: 0 };

const CONTENT: DigestContent = {
  period_start: LATEST.period_start,
  period_end: LATEST.period_end,
  caseload: {
    clients: 4,
    due: 10,
    done: 8,
    attention: [
      {
        ...COUPLE_LINE,
        reasons: ["Samira Haddad: 1 open risk alert", "Alex Moreau: missed the last 3 tasks in a row"],
      },
    ],
    wins: [{ ...JORDAN_LINE, reasons: ["did every task this week (4 of 4)"] }],
    lines: [COUPLE_LINE, JORDAN_LINE, RILEY_LINE],
    measures_due: [{ client_id: SAM_ID, name: "Samira Haddad", title: "PHQ-9", date: daysFromNow(-5) }],
    ending_soon: [{ client_id: JORDAN_ID, name: "Jordan Reyes", title: "Daily consistency log", date: daysFromNow(5) }],
  },
  practice: {
    clinicians: [
      { user_id: ANA_ID, name: "Ana Lindqvist", clients: 4, due: 10, done: 8 },
      { user_id: BEN_ID, name: "Ben Okafor", clients: 2, due: 0, done: 0 },
    ],
    due: 10,
    done: 8,
    alerts_raised: 3,
    alerts_acknowledged: 2,
    median_ack_minutes: 95,
    alerts_open: 1,
    unassigned: 2,
    seats: 3,
  },
};

const EARLIER_CONTENT: DigestContent = {
  period_start: EARLIER.period_start,
  period_end: EARLIER.period_end,
  caseload: { ...CONTENT.caseload!, attention: [], wins: [] },
  practice: null,
};

const SETTINGS: DigestSettings = {
  weekday: "monday",
  hour: 8,
  time_zone: "Europe/London",
  email: true,
  next_send_at: daysFromNow(6, "08:00"),
};

function routes(over: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/digests": () => json(200, { digests: [LATEST, EARLIER] }),
    [`GET /api/digests/${LATEST_ID}`]: () => json(200, { digest: LATEST, content: CONTENT }),
    [`GET /api/digests/${EARLIER_ID}`]: () => json(200, { digest: EARLIER, content: EARLIER_CONTENT }),
    "GET /api/digests/settings": () => json(200, SETTINGS),
    ...over,
  };
}

const latestHeading = `Your week: ${formatDateRange(LATEST.period_start, LATEST.period_end)}`;

describe("weekly digest", () => {
  it("is in the main navigation for every role", async () => {
    for (const role of ["owner", "admin", "clinician"] as const) {
      mockFetch(routes({ "GET /api/auth/me": meAs(role) }));
      const view = renderApp("/app/digests");
      const nav = await screen.findByRole("navigation", { name: "Main" });
      const link = within(nav).getByRole("link", { name: "Weekly digest" });
      expect(link, role).toHaveAttribute("href", "/app/digests");
      expect(link, role).toHaveAttribute("aria-current", "page");
      view.unmount();
    }
  });

  it("shows the latest week: its dates, that it is kept as made, and attention before wins", async () => {
    const net = mockFetch(routes());
    renderApp("/app/digests");

    const h1 = await screen.findByRole("heading", { level: 1, name: latestHeading });
    // Monday 16 to Sunday 22 November 2026, in the reader's own way of writing dates.
    expect(h1).toHaveTextContent(/16/);
    expect(h1).toHaveTextContent(/22/);
    expect(h1).toHaveTextContent(/November/);
    expect(h1).toHaveTextContent(/2026/);
    expect(screen.getByText(/A digest is kept exactly as it was made: it does not change afterwards/)).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`made on ${escape(formatDayAndTime(LATEST.created_at))}`))).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Digest settings" })).toHaveAttribute("href", "/app/digests/settings");

    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual([
      "Needs attention",
      "Wins",
      "Adherence",
      "Measures due but unanswered",
      "Ending soon",
      "The practice's week",
      "Past weeks",
    ]);
    // Only the digest on screen is fetched.
    expect(net.to(`GET /api/digests/${LATEST_ID}`)).toHaveLength(1);
    expect(net.to(`GET /api/digests/${EARLIER_ID}`)).toHaveLength(0);
  });

  it("shows a couple as one line, linked to the couple, with both partners and each reason", async () => {
    mockFetch(routes());
    renderApp("/app/digests");

    const attention = await screen.findByRole("region", { name: "Needs attention" });
    const list = within(attention).getByRole("list", { name: "Clients and couples who need attention" });
    expect(list.children).toHaveLength(1);
    const line = list.children[0] as HTMLElement;
    expect(within(line).getByRole("link", { name: "Sam and Alex" })).toHaveAttribute("href", `/app/couples/${COUPLE_ID}`);
    expect(line).toHaveTextContent("Partners: Samira Haddad and Alex Moreau");
    // The partners are named, not listed as lines of their own.
    expect(within(line).getAllByRole("link")).toHaveLength(1);
    expect(within(line).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Samira Haddad: 1 open risk alert",
      "Alex Moreau: missed the last 3 tasks in a row",
    ]);

    const wins = screen.getByRole("region", { name: "Wins" });
    expect(within(wins).getByRole("link", { name: "Jordan Reyes" })).toHaveAttribute("href", `/app/clients/${JORDAN_ID}`);
    expect(wins).toHaveTextContent("did every task this week (4 of 4)");
    // Attention comes first in the page.
    expect(attention.compareDocumentPosition(wins) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("shows adherence: the caseload's total, and every line's done, due and share, a dash when nothing was due", async () => {
    mockFetch(routes());
    renderApp("/app/digests");

    const adherence = await screen.findByRole("region", { name: "Adherence" });
    expect(adherence).toHaveTextContent("Across your 4 clients, 8 of 10 tasks that came due were done (80%).");
    const table = within(adherence).getByRole("table", { name: "Tasks done of those due, by client or couple" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Client or couple", "Done", "Due", "%"]);
    const [, couple, jordan, riley] = within(table).getAllByRole("row");
    expect(within(couple).getByRole("rowheader")).toHaveTextContent("Sam and AlexPartners: Samira Haddad and Alex Moreau");
    expect(within(couple).getAllByRole("cell").map((c) => c.textContent)).toEqual(["4", "6", "67%"]);
    expect(within(jordan).getAllByRole("cell").map((c) => c.textContent)).toEqual(["4", "4", "100%"]);
    const [, , share] = within(riley).getAllByRole("cell");
    expect(within(riley).getAllByRole("cell")[0]).toHaveTextContent("0");
    expect(share).toHaveTextContent("—");
    expect(share).toHaveTextContent("Nothing due");
    expect(share).not.toHaveTextContent("%");
    expect(within(riley).getByRole("link", { name: "Riley Park" })).toHaveAttribute("href", `/app/clients/${RILEY_ID}`);

    const measures = screen.getByRole("region", { name: "Measures due but unanswered" });
    expect(measures).toHaveTextContent(`Samira Haddad: PHQ-9, due ${formatWeekday(daysFromNow(-5))}`);
    expect(within(measures).getByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM_ID}/progress`);
    const ending = screen.getByRole("region", { name: "Ending soon" });
    expect(ending).toHaveTextContent(`Jordan Reyes: Daily consistency log ends on ${formatWeekday(daysFromNow(5))}`);
  });

  it("shows the practice's week when the digest has it", async () => {
    mockFetch(routes());
    renderApp("/app/digests");

    const practice = await screen.findByRole("region", { name: "The practice's week" });
    expect(practice).toHaveTextContent("Across the practice, 8 of 10 tasks that came due were done (80%).");
    const table = within(practice).getByRole("table", { name: "Adherence by clinician" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Clinician", "Clients", "Done", "Due", "%"]);
    const [, ana, ben] = within(table).getAllByRole("row");
    expect(within(ana).getByRole("rowheader")).toHaveTextContent("Ana Lindqvist");
    expect(within(ana).getAllByRole("cell").map((c) => c.textContent)).toEqual(["4", "8", "10", "80%"]);
    expect(within(ben).getAllByRole("cell")[3]).toHaveTextContent("—");

    const figures = Object.fromEntries(
      [...practice.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
    );
    expect(figures).toEqual({
      "Alerts raised": "3",
      "Alerts acknowledged": "2",
      "Median time to acknowledge": "1 hour 35 minutes",
      "Alerts open now": "1",
      "Clients without a clinician": "2",
      "Seats in use": "3",
    });
  });

  it("leaves the practice's week out when the digest has none, and says so when nobody needs attention", async () => {
    mockFetch(routes({ "GET /api/auth/me": meAs("clinician") }));
    renderApp(`/app/digests/${EARLIER_ID}`);

    expect(
      await screen.findByRole("heading", { level: 1, name: `Your week: ${formatDateRange(EARLIER.period_start, EARLIER.period_end)}` }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "The practice's week" })).not.toBeInTheDocument();
    expect(screen.queryByText("Adherence by clinician")).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Needs attention" })).toHaveTextContent("Nobody needs your attention this week.");
    expect(screen.getByRole("region", { name: "Wins" })).toHaveTextContent("No wins to note this week.");
  });

  it("says so plainly when the digest has no caseload (someone with no clients of their own)", async () => {
    mockFetch(
      routes({
        [`GET /api/digests/${LATEST_ID}`]: () => json(200, { digest: LATEST, content: { ...CONTENT, caseload: null } }),
      }),
    );
    renderApp("/app/digests");

    expect(await screen.findByRole("region", { name: "The practice's week" })).toBeInTheDocument();
    expect(screen.getByText("You had no clients of your own this week, so this digest has no caseload.")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Needs attention" })).not.toBeInTheDocument();
  });

  it("lists every week as a link, marks the one shown, and opens another week", async () => {
    const net = mockFetch(routes());
    renderApp("/app/digests");
    const user = userEvent.setup();

    const weeks = await screen.findByRole("region", { name: "Past weeks" });
    const links = within(weeks).getAllByRole("link");
    expect(links.map((a) => a.textContent)).toEqual([
      formatDateRange(LATEST.period_start, LATEST.period_end),
      formatDateRange(EARLIER.period_start, EARLIER.period_end),
    ]);
    expect(links.map((a) => a.getAttribute("href"))).toEqual([`/app/digests/${LATEST_ID}`, `/app/digests/${EARLIER_ID}`]);
    expect(links[0]).toHaveAttribute("aria-current", "page");
    expect(links[1]).not.toHaveAttribute("aria-current");
    const items = within(weeks).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("1 needed attention");
    expect(items[1]).toHaveTextContent("nobody needed attention");

    await user.click(links[1]);
    expect(
      await screen.findByRole("heading", { level: 1, name: `Your week: ${formatDateRange(EARLIER.period_start, EARLIER.period_end)}` }),
    ).toBeInTheDocument();
    expect(net.to(`GET /api/digests/${EARLIER_ID}`)).toHaveLength(1);
    const after = within(screen.getByRole("region", { name: "Past weeks" })).getAllByRole("link");
    expect(after[1]).toHaveAttribute("aria-current", "page");
    expect(after[0]).not.toHaveAttribute("aria-current");
  });

  it("before the first digest: says when it will be made, in the browser's zone, and links to the settings", async () => {
    const net = mockFetch(routes({ "GET /api/digests": () => json(200, { digests: [] }) }));
    renderApp("/app/digests");
    const user = userEvent.setup();

    expect(await screen.findByText("You have no digests yet.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Weekly digest" })).toBeInTheDocument();
    expect(
      await screen.findByText(`Your first digest will be made on ${formatDayAndTime(SETTINGS.next_send_at!)} (UTC time).`),
    ).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Past weeks" })).not.toBeInTheDocument();
    expect(net.requests.filter((r) => /\/api\/digests\/[0-9a-f-]{36}$/.test(new URL(r.url).pathname))).toHaveLength(0);

    await user.click(screen.getByRole("link", { name: "Choose the day and time of your digest" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Digest settings" })).toBeInTheDocument();
  });

  it("explains a digest that is not the caller's or does not exist, without saying which", async () => {
    const missing = "d1d1d1d1-0009-4000-8000-000000000009";
    mockFetch(routes({ [`GET /api/digests/${missing}`]: () => apiError(404, "not_found", "Not found.") }));
    renderApp(`/app/digests/${missing}`);

    expect(await screen.findByRole("heading", { level: 1, name: "This digest is not available" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to your latest digest" })).toHaveAttribute("href", "/app/digests");
    await waitFor(() => expect(document.title).toBe("This digest is not available · Steady"));
  });

  it("offers to try again when the digests cannot be loaded", async () => {
    mockFetch(routes({ "GET /api/digests": () => apiError(500, "internal", "Something went wrong on our side.") }));
    renderApp("/app/digests");

    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});

/** A string matched literally inside a RegExp. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
