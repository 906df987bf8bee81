import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { HomeworkSession, Week } from "./api";
import { dayOf } from "./format";
import { daysFromNow, TODAY } from "../test/clock";
import { apiError, json, LINK, mockFetch, reload, renderHomework, SESSION, sessionRoutes } from "./testing";

beforeEach(() => localStorage.clear());

const pin = (p: Partial<HomeworkSession["pin"]>): HomeworkSession => ({ ...SESSION, pin: { ...SESSION.pin, ...p } });
const VERIFIED = pin({ verified: true });

const LINE = "You kept going on most days this week. Each one counts, including the small ones.";

// The client's last seven days by the fixed clock: Wednesday 18 to Tuesday 24 November 2026.
const WEEK: Week = {
  from: daysFromNow(-6),
  to: TODAY,
  due: 3,
  done: 2,
  completed: [
    { title: "Evening check-in", date: daysFromNow(-2) },
    { title: "Repair programme: Name the hurt", date: daysFromNow(-1) },
  ],
  trends: [
    {
      title: "Mood check-in",
      change: "better",
      points: [
        { date: daysFromNow(-42), total: 14 },
        { date: daysFromNow(-28), total: 11 },
        { date: daysFromNow(-14), total: 9 },
        { date: daysFromNow(-1), total: 6 },
      ],
    },
    {
      title: "Worry check-in",
      change: "worse",
      points: [
        { date: daysFromNow(-35), total: 5 },
        { date: daysFromNow(-7), total: 12 },
      ],
    },
    {
      title: "Closeness check-in",
      change: "steady",
      points: [
        { date: daysFromNow(-21), total: 30 },
        { date: daysFromNow(-3), total: 31 },
      ],
    },
    { title: "Sleep check-in", change: "", points: [{ date: daysFromNow(-2), total: 4 }] },
  ],
  line: LINE,
};

const EMPTY: Week = {
  from: daysFromNow(-6),
  to: TODAY,
  due: 0,
  done: 0,
  completed: [],
  trends: [],
  line: "A quiet week for tasks. Your link is here whenever you want it.",
};

const CHANGES = [
  "Better than when you started",
  "Harder lately — worth talking about with your clinician",
  "About the same",
];

async function openWeek(user: UserEvent) {
  const nav = await screen.findByRole("navigation", { name: "Homework" });
  const link = within(nav).getByRole("link", { name: "Your week" });
  expect(link).toHaveAttribute("href", `${LINK}/week`);
  await user.click(link);
  const h1 = await screen.findByRole("heading", { level: 1, name: "Your week" });
  await waitFor(() => expect(h1).toHaveFocus());
  expect(within(screen.getByRole("navigation", { name: "Homework" })).getByRole("link", { name: "Your week" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  expect(window.location.pathname).toBe(`${LINK}/week`);
  expect(document.title).toBe("Your week · Steady");
  return h1;
}

function trend(title: string) {
  return screen.getByRole("article", { name: title });
}

describe("your week", () => {
  it("shows the dates, the line, the tasks done and each check-in with its change in words", async () => {
    const net = mockFetch(sessionRoutes([], { "GET /api/homework/week": () => json(200, WEEK) }, VERIFIED));
    renderHomework();
    await openWeek(userEvent.setup());

    // The dates in words: Wednesday 18 November to Tuesday 24 November (the locale decides the order).
    const dates = await screen.findByText((_, el) => el?.tagName === "P" && / to /.test(el.textContent ?? ""));
    expect(dates).toHaveTextContent(/^Wednesday,? (November 18|18 November) to Tuesday,? (November 24|24 November)$/);
    expect(dates).toHaveTextContent(`${dayOf(daysFromNow(-6))} to ${dayOf(TODAY)}`);
    expect(screen.getByText(LINE)).toBeInTheDocument();

    const tasks = screen.getByRole("region", { name: "Your tasks" });
    expect(tasks).toHaveTextContent("Done this week: 2 of 3");
    const done = within(tasks).getByRole("list", { name: "Done this week" });
    expect(within(done).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      `Evening check-in — ${dayOf(daysFromNow(-2))}`,
      `Repair programme: Name the hurt — ${dayOf(daysFromNow(-1))}`,
    ]);

    const checkIns = screen.getByRole("region", { name: "Your check-ins" });
    expect(within(checkIns).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual([
      "Mood check-in",
      "Worry check-in",
      "Closeness check-in",
      "Sleep check-in",
    ]);

    // Each change in words, and only its own.
    expect(trend("Mood check-in")).toHaveTextContent(CHANGES[0]);
    expect(trend("Worry check-in")).toHaveTextContent(CHANGES[1]);
    expect(trend("Closeness check-in")).toHaveTextContent(CHANGES[2]);
    for (const [title, own] of [
      ["Mood check-in", 0],
      ["Worry check-in", 1],
      ["Closeness check-in", 2],
      ["Sleep check-in", -1],
    ] as const) {
      for (const [i, words] of CHANGES.entries()) {
        if (i !== own) expect(trend(title)).not.toHaveTextContent(words);
      }
    }

    // The points as a table: a date and a total on each row.
    const table = within(trend("Mood check-in")).getByRole("table", { name: "Mood check-in: your totals" });
    const rows = within(table).getAllByRole("row");
    expect(within(rows[0]).getAllByRole("columnheader").map((c) => c.textContent)).toEqual(["Date", "Total"]);
    const cells = (row: HTMLElement) => [within(row).getByRole("rowheader").textContent, within(row).getByRole("cell").textContent];
    expect(rows.slice(1).map(cells)).toEqual([
      [dayOf(daysFromNow(-42)), "14"],
      [dayOf(daysFromNow(-28)), "11"],
      [dayOf(daysFromNow(-14)), "9"],
      [dayOf(daysFromNow(-1)), "6"],
    ]);
    const sleep = within(trend("Sleep check-in")).getByRole("table", { name: "Sleep check-in: your totals" });
    expect(within(sleep).getAllByRole("row")).toHaveLength(2);

    // The small line has its words; with one point there is no line.
    expect(within(trend("Mood check-in")).getByRole("img")).toHaveAccessibleName(
      `A line of your totals, from 14 on ${dayOf(daysFromNow(-42))} to 6 on ${dayOf(daysFromNow(-1))}`,
    );
    expect(within(trend("Sleep check-in")).queryByRole("img")).not.toBeInTheDocument();

    // No colour judgement: every check-in looks alike, whichever way it went.
    const look = (title: string) =>
      [...trend(title).querySelectorAll("[class]")]
        .map((el) => el.getAttribute("class"))
        .filter((c) => c !== "hw-week-change" && c !== "hw-sparkline")
        .join(" ");
    expect(new Set(["Mood check-in", "Worry check-in", "Closeness check-in", "Sleep check-in"].map(look)).size).toBe(1);
    const changes = [...document.querySelectorAll(".hw-week-change")];
    expect(new Set(changes.map((el) => `${el.getAttribute("class")} ${el.getAttribute("style")}`)).size).toBe(1);
    expect(document.querySelector('[class*="better"], [class*="worse"], [class*="red"], [class*="green"]')).toBeNull();

    expect(net.to("GET /api/homework/week")).toHaveLength(1);
    expect(net.writes()).toHaveLength(0);
  });

  it("an empty week says nothing was due yet, and that there are no check-ins to show", async () => {
    mockFetch(sessionRoutes([], { "GET /api/homework/week": () => json(200, EMPTY) }, VERIFIED));
    renderHomework({ at: `${LINK}/week` });

    expect(await screen.findByText(EMPTY.line)).toBeInTheDocument();
    const tasks = screen.getByRole("region", { name: "Your tasks" });
    expect(tasks).toHaveTextContent("Nothing was due yet this week.");
    expect(tasks).not.toHaveTextContent(/Done this week/);
    expect(within(tasks).queryByRole("list")).not.toBeInTheDocument();
    const checkIns = screen.getByRole("region", { name: "Your check-ins" });
    expect(checkIns).toHaveTextContent("No check-ins in the last eight weeks.");
    expect(within(checkIns).queryByRole("table")).not.toBeInTheDocument();
    expect(within(checkIns).queryByRole("img")).not.toBeInTheDocument();
    for (const words of CHANGES) expect(document.body).not.toHaveTextContent(words);
  });

  it("none done of those due is said plainly", async () => {
    mockFetch(
      sessionRoutes(
        [],
        { "GET /api/homework/week": () => json(200, { ...EMPTY, due: 2, done: 0, line: "One small task today." }) },
        VERIFIED,
      ),
    );
    renderHomework({ at: `${LINK}/week` });
    expect(await screen.findByRole("region", { name: "Your tasks" })).toHaveTextContent("Done this week: 0 of 2");
  });

  it("keeps its address through a reload", async () => {
    const net = mockFetch(sessionRoutes([], { "GET /api/homework/week": () => json(200, WEEK) }, VERIFIED));
    const first = renderHomework();
    await openWeek(userEvent.setup());
    await screen.findByText(LINE);
    first.unmount();

    reload();
    const h1 = await screen.findByRole("heading", { level: 1, name: "Your week" });
    await waitFor(() => expect(h1).toHaveFocus());
    expect(await screen.findByText(LINE)).toBeInTheDocument();
    expect(window.location.pathname).toBe(`${LINK}/week`);
    expect(net.to("GET /api/homework/week")).toHaveLength(2);
  });

  it("shows only what the endpoint returns: nothing else it sends, nothing fetched elsewhere", async () => {
    // Whatever else an answer might carry (it never should), the page shows only the fields it knows.
    const extra = {
      ...WEEK,
      completed: [{ title: "Evening check-in", date: daysFromNow(-2), partner: "Alex" }],
      trends: [{ ...WEEK.trends[1], band: "Moderately severe", alert: "Risk alert: item 9" }],
      partner: { name: "Alex", done: 5, due: 5 },
      alerts: [{ severity: "high", message: "Risk alert raised" }],
      band: "severe",
    };
    const net = mockFetch(sessionRoutes([], { "GET /api/homework/week": () => json(200, extra) }, VERIFIED));
    renderHomework({ at: `${LINK}/week` });

    const tasks = await screen.findByRole("region", { name: "Your tasks" });
    expect(within(tasks).getAllByRole("listitem")).toHaveLength(1);
    expect(within(screen.getByRole("region", { name: "Your check-ins" })).getAllByRole("article")).toHaveLength(1);
    const main = screen.getByRole("main");
    expect(main).toHaveTextContent("Done this week: 2 of 3");
    expect(main).toHaveTextContent(CHANGES[1]);
    for (const word of [/Alex/, /severe/i, /alert/i, /risk/i, /band/i, /partner/i]) expect(main).not.toHaveTextContent(word);

    // Only the session and the week: no history, nothing of the staff app.
    expect(net.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "GET /api/homework/me",
      "GET /api/homework/week",
    ]);
  });
});

describe("your week behind the PIN", () => {
  it("asks for the PIN when the server says pin_required, as past entries does, then shows the week", async () => {
    const net = mockFetch(
      sessionRoutes(
        [],
        {
          "GET /api/homework/week": [() => apiError(403, "pin_required", "Enter your PIN first."), () => json(200, WEEK)],
          "POST /api/homework/pin/verify": () => json(200, VERIFIED),
        },
        VERIFIED,
      ),
    );
    renderHomework();
    const user = userEvent.setup();
    await openWeek(user);

    const input = await screen.findByLabelText("PIN");
    expect(input).toHaveAttribute("inputmode", "numeric");
    expect(screen.getByRole("heading", { level: 2, name: "Enter your PIN" })).toBeInTheDocument();
    expect(screen.queryByText(LINE)).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Your tasks" })).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    await user.type(input, "2468");
    await user.click(screen.getByRole("button", { name: "Show my week" }));
    expect(await screen.findByText(LINE)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("heading", { level: 1, name: "Your week" })).toHaveFocus());
    expect(await net.to("POST /api/homework/pin/verify")[0].json()).toEqual({ pin: "2468" });
    expect(net.to("GET /api/homework/week")).toHaveLength(2);
  });

  it("fetches nothing until the PIN is entered in this session", async () => {
    const net = mockFetch(sessionRoutes([], { "GET /api/homework/week": () => json(200, WEEK) }, pin({ verified: false })));
    renderHomework({ at: `${LINK}/week` });

    expect(await screen.findByLabelText("PIN")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Show my week" })).toBeInTheDocument();
    expect(net.to("GET /api/homework/week")).toHaveLength(0);
  });

  it("is shown at once when the practice does not ask for a PIN", async () => {
    const net = mockFetch(
      sessionRoutes([], { "GET /api/homework/week": () => json(200, WEEK) }, pin({ required: false, set: false, verified: true })),
    );
    renderHomework({ at: `${LINK}/week` });
    expect(await screen.findByText(LINE)).toBeInTheDocument();
    expect(screen.queryByLabelText("PIN")).not.toBeInTheDocument();
    expect(net.writes()).toHaveLength(0);
  });
});
