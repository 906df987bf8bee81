import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Assignment } from "../../api/assignments";
import { daysFromNow } from "../../test/clock";
import {
  ACTIVE_LINK,
  ALEX_ASSIGNMENT,
  HOMEWORK_URL_ONCE,
  SAM_ASSIGNMENT,
  SAM_ASSIGNMENT_ID,
  SAM_ID,
  SAM_LINK_URL,
  samPageRoutes,
  THIRTY_DAYS,
} from "../../test/fixtures";
import { json, mockFetch, renderApp } from "../../test/helpers";

const linkUrl = SAM_LINK_URL;
const URL_ONCE = HOMEWORK_URL_ONCE;
const ACTIVE = ACTIVE_LINK;

function base(assignments: Assignment[] = [SAM_ASSIGNMENT]) {
  return samPageRoutes({ assignments });
}

describe("client page tabs", () => {
  it("has Details, Homework, Journal and Progress tabs, each with its own address", async () => {
    mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}`);
    const user = userEvent.setup();
    const tablist = await screen.findByRole("tablist");
    expect(within(tablist).getAllByRole("tab").map((t) => [t.textContent, t.getAttribute("href")])).toEqual([
      ["Details", `/app/clients/${SAM_ID}`],
      ["Homework", `/app/clients/${SAM_ID}/homework`],
      ["Journal", `/app/clients/${SAM_ID}/journal`],
      ["Progress", `/app/clients/${SAM_ID}/progress`],
    ]);
    expect(screen.getByRole("tabpanel", { name: "Details" })).toHaveTextContent("Time zone");

    await user.click(screen.getByRole("tab", { name: "Journal" }));
    const journal = await screen.findByRole("region", { name: "Journal" });
    const entries = within(journal).getAllByRole("article");
    expect(entries.map((e) => e.querySelector("p")?.textContent)).toEqual(["Second entry,\non two lines.", "First entry."]);
    expect(entries[0].querySelector("p")).toHaveClass("prewrap");
    expect(entries[0].querySelector("time")).toHaveAttribute("datetime", daysFromNow(-2, "21:00"));
  });

  it("says when the journal is empty", async () => {
    mockFetch({ ...base(), [`GET /api/clients/${SAM_ID}/journal`]: () => json(200, { entries: [] }) });
    renderApp(`/app/clients/${SAM_ID}/journal`);
    expect(await screen.findByText("No journal entries yet.")).toBeInTheDocument();
  });
});

describe("homework link panel", () => {
  it("creates a link and shows its URL once, with a Copy button, never caching it", async () => {
    const net = mockFetch({
      ...base(),
      [`GET ${linkUrl}`]: [() => json(200, { status: "none" }), () => json(200, ACTIVE)],
      [`POST ${linkUrl}`]: () => json(201, { link: ACTIVE, url: URL_ONCE }),
    });
    const { queryClient } = renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();

    const panel = await screen.findByRole("region", { name: "Homework link" });
    expect(await within(panel).findByText("No link yet.")).toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: /Revoke/ })).not.toBeInTheDocument();
    await user.click(within(panel).getByRole("button", { name: "Create link" }));

    const url = await within(panel).findByLabelText("The new homework link");
    expect(url).toHaveValue(URL_ONCE);
    expect(url).toHaveAttribute("readonly");
    await waitFor(() => expect(url).toHaveFocus()); // an effect's work, maybe after the render
    expect(url).toHaveAccessibleDescription("Shown once. Send it to the client yourself or copy it now.");
    expect(net.to(`POST ${linkUrl}`)[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(within(panel).getByText("Active", { selector: ".badge" })).toBeInTheDocument();

    await user.click(within(panel).getByRole("button", { name: "Copy" }));
    expect(await within(panel).findByText("Copied.")).toHaveAttribute("role", "status");
    expect(await navigator.clipboard.readText()).toBe(URL_ONCE);
    expect(JSON.stringify(queryClient.getQueryCache().getAll().map((q) => q.state.data))).not.toContain(URL_ONCE);

    // Leave the tab and come back: the URL is gone for good.
    await user.click(screen.getByRole("tab", { name: "Journal" }));
    await screen.findByRole("region", { name: "Journal" });
    await user.click(screen.getByRole("tab", { name: "Homework" }));
    const again = await screen.findByRole("region", { name: "Homework link" });
    await within(again).findByText(/The client can open their homework/);
    expect(within(again).queryByLabelText("The new homework link")).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(URL_ONCE)).not.toBeInTheDocument();
  });

  it("shows an active link's dates, and revokes it only after a confirmation", async () => {
    const net = mockFetch({
      ...base(),
      [`GET ${linkUrl}`]: [
        () => json(200, ACTIVE),
        () => json(200, { ...ACTIVE, status: "revoked", revoked_at: daysFromNow(0, "09:00") }),
      ],
      [`DELETE ${linkUrl}`]: () => new Response(null, { status: 204 }),
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();

    const panel = await screen.findByRole("region", { name: "Homework link" });
    await within(panel).findByText(/The client can open their homework/);
    const pairs = within(panel)
      .getAllByRole("term")
      .map((dt) => dt.textContent);
    expect(pairs).toEqual(["Made", "Expires", "Last used"]);
    expect(panel).toHaveTextContent(/Expires\s*January 30, 2027/);

    await user.click(within(panel).getByRole("button", { name: "Revoke…" }));
    let confirm = within(panel).getByRole("group", { name: "Revoke Sam's homework link?" });
    expect(confirm).toContainElement(document.activeElement as HTMLElement);
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(within(panel).getByRole("button", { name: "Revoke…" })).toHaveFocus());
    expect(net.to(`DELETE ${linkUrl}`)).toHaveLength(0);

    await user.click(within(panel).getByRole("button", { name: "Revoke…" }));
    confirm = within(panel).getByRole("group", { name: "Revoke Sam's homework link?" });
    await user.click(within(confirm).getByRole("button", { name: "Revoke link" }));

    expect(await within(panel).findByText(/The link is revoked\. Sam can no longer open their homework with it\./)).toBeInTheDocument();
    expect(await within(panel).findByText("Revoked", { selector: ".badge" })).toBeInTheDocument();
    expect(net.to(`DELETE ${linkUrl}`)).toHaveLength(1);
    expect(within(panel).getByRole("button", { name: "Create link" })).toBeInTheDocument();
  });

  it("renews for 90 days, makes a new link after a confirmation, and resets the PIN after one", async () => {
    const net = mockFetch({
      ...base(),
      [`POST ${linkUrl}/renew`]: () => json(200, { ...ACTIVE, expires_at: daysFromNow(90, "10:00") }),
      [`POST ${linkUrl}`]: () => json(201, { link: ACTIVE, url: URL_ONCE }),
      [`POST /api/clients/${SAM_ID}/pin/reset`]: () => new Response(null, { status: 204 }),
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();
    const panel = await screen.findByRole("region", { name: "Homework link" });

    await user.click(await within(panel).findByRole("button", { name: "Renew for 90 days" }));
    expect(await within(panel).findByText("The link now works until February 22, 2027.")).toBeInTheDocument();
    expect(net.to(`POST ${linkUrl}/renew`)).toHaveLength(1);

    await user.click(within(panel).getByRole("button", { name: "New link…" }));
    const confirm = within(panel).getByRole("group", { name: "Make a new link for Sam?" });
    expect(confirm).toHaveTextContent("The current link stops working at once");
    expect(net.to(`POST ${linkUrl}`)).toHaveLength(0);
    await user.click(within(confirm).getByRole("button", { name: "Make a new link" }));
    expect(await within(panel).findByLabelText("The new homework link")).toHaveValue(URL_ONCE);

    await user.click(within(panel).getByRole("button", { name: "Reset PIN…" }));
    const pin = within(panel).getByRole("group", { name: "Reset Sam's PIN?" });
    await user.click(within(pin).getByRole("button", { name: "Reset PIN" }));
    expect(await within(panel).findByText(/Sam's PIN is cleared/)).toBeInTheDocument();
    expect(net.to(`POST /api/clients/${SAM_ID}/pin/reset`)).toHaveLength(1);
  });
});

describe("assignments and answers", () => {
  it("lists each assignment with its cadence in words, its status, and its days with status in text", async () => {
    const programme: Assignment = {
      ...SAM_ASSIGNMENT,
      id: "a5a5a5a5-0003-4000-8000-000000000003",
      title: "Thirty days of steady steps",
      definition: THIRTY_DAYS,
      cadence: { kind: "programme", start: daysFromNow(-2), days: 3, at: "07:30" },
      occurrences: [
        { date: daysFromNow(-2), step: 1, due_at: daysFromNow(-2, "07:30"), status: "done", response: { id: "r1", submitted_at: daysFromNow(-2, "08:00"), answers: { principle: true, reflection: "Slowly." } } },
        { date: daysFromNow(-1), step: 2, due_at: daysFromNow(-1, "07:30"), status: "missed" },
        { date: daysFromNow(0), step: 3, due_at: daysFromNow(0, "07:30"), status: "upcoming" },
      ],
    };
    const once: Assignment = {
      ...SAM_ASSIGNMENT,
      id: "a5a5a5a5-0004-4000-8000-000000000004",
      title: "Naming what I did",
      cadence: { kind: "once", start: daysFromNow(4), end: daysFromNow(9), at: "19:00" },
      status: "stopped",
      stopped_at: daysFromNow(0, "10:00"),
      occurrences: [],
    };
    const weekly: Assignment = {
      ...ALEX_ASSIGNMENT,
      client_id: SAM_ID,
      // "late" without answers: past due and still open.
      occurrences: [...ALEX_ASSIGNMENT.occurrences, { date: daysFromNow(-1), step: 2, due_at: daysFromNow(-1, "08:00"), status: "late" }],
    };
    mockFetch(base([SAM_ASSIGNMENT, weekly, programme, once]));
    renderApp(`/app/clients/${SAM_ID}/homework`);

    const section = await screen.findByRole("region", { name: "Assignments" });
    expect(within(section).getByRole("link", { name: "Assign homework" })).toHaveAttribute("href", `/app/assign?client=${SAM_ID}`);
    const cards = await within(section).findAllByRole("article");
    expect(cards.map((c) => c.querySelector("h3")?.textContent)).toEqual([
      "Every kind of question",
      "Daily consistency log",
      "Thirty days of steady steps",
      "Naming what I did",
    ]);
    expect(cards.map((c) => c.querySelector(".assignment-cadence")?.textContent)).toEqual([
      "Daily at 19:00",
      "Mon, Wed, Fri at 08:00",
      "3-day programme, day 2 of 3",
      expect.stringMatching(/^Once, due 3 Dec/),
    ]);
    expect(cards.map((c) => c.querySelector(".badge")?.textContent)).toEqual(["Active", "Paused", "Active", "Stopped"]);
    expect(within(cards[0]).getByRole("button", { name: "Pause Every kind of question" })).toBeInTheDocument();
    expect(within(cards[1]).getByRole("button", { name: "Resume Daily consistency log" })).toBeInTheDocument();
    expect(within(cards[3]).queryByRole("button")).not.toBeInTheDocument();

    const days = within(cards[0]).getAllByRole("listitem");
    expect(days.map((d) => [d.querySelector(".occurrence-date")?.textContent, d.querySelector(".badge")?.textContent])).toEqual([
      [expect.stringMatching(/^Wed 25 Nov/), "Upcoming"],
      [expect.stringMatching(/^Tue 24 Nov/), "Due"],
      [expect.stringMatching(/^Sun 22 Nov/), "Done late"],
      [expect.stringMatching(/^Sat 21 Nov/), "Done"],
      [expect.stringMatching(/^Fri 20 Nov/), "Missed"],
    ]);
    // Only answered days open.
    expect(within(days[1]).queryByRole("button")).not.toBeInTheDocument();
    expect(within(cards[0]).getByText("Done: 1 · Done late: 1 · Missed: 1 · Due: 1 · Upcoming: 1")).toBeInTheDocument();
    expect(within(cards[2]).getAllByRole("listitem")[2]).toHaveTextContent("day 1");
    const open = within(cards[1]).getAllByRole("listitem")[0];
    expect(open).toHaveTextContent(/^Mon 23 Nov.*Late, still open$/);
    expect(within(open).queryByRole("button")).not.toBeInTheDocument();
    expect(within(cards[1]).getByText("Done: 1 · Late, still open: 1")).toBeInTheDocument();
  });

  it("renders every answer type readably against the assignment's fields", async () => {
    mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();

    const card = (await screen.findAllByRole("article"))[0];
    const show = within(card).getByRole("button", { name: /Show answers for Sat 21 Nov/ });
    expect(show).toHaveAttribute("aria-expanded", "false");
    await user.click(show);
    expect(show).toHaveAttribute("aria-expanded", "true");
    const panel = document.getElementById(show.getAttribute("aria-controls")!)!;
    expect(panel).toBeVisible();

    const answers = within(panel)
      .getAllByRole("term")
      .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(answers).toEqual([
      ["One word for today", "Hopeful"],
      ["What happened", "We talked after dinner.\nIt went better than last week."],
      ["How much do you trust your partner today?", "7 of 10 (0 = Not at all; 10 = Completely)"],
      ["Did actions match words?", "Yes"],
      ["Promises kept", "2 of 3 ticked:Home on timeDid the dishes unasked"],
      ["Mood tonight", "Tense"],
      ["What would help", "2 of 3 chosen:Time togetherReassurance in words"],
      ["Ask for comfort", "Done: practised"],
    ]);
    expect(within(panel).getByText(/We talked after dinner/)).toHaveClass("answer-text");
    const kept = within(panel).getByText("Promises kept").nextElementSibling as HTMLElement;
    expect(within(kept).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Home on time", "Did the dishes unasked"]);

    const showLate = within(card).getByRole("button", { name: /Show answers for Sun 22 Nov/ });
    await user.click(showLate);
    const latePanel = document.getElementById(showLate.getAttribute("aria-controls")!)!;
    const late = within(latePanel)
      .getAllByRole("definition")
      .map((dd) => [dd.previousElementSibling?.textContent, dd.textContent]);
    expect(late).toEqual([
      ["One word for today", "No answer"],
      ["What happened", "No answer"],
      ["How much do you trust your partner today?", "4 of 10 (0 = Not at all; 10 = Completely)"],
      ["Did actions match words?", "No"],
      ["Promises kept", "Nothing ticked"],
      ["Mood tonight", "No answer"],
      ["What would help", "No answer"],
      ["Ask for comfort", "Not done"],
    ]);

    await user.click(show);
    expect(show).toHaveAttribute("aria-expanded", "false");
    expect(panel).not.toBeVisible();
  });

  it("reads a programme day's answers against that day's principle and question", async () => {
    const programme: Assignment = {
      ...SAM_ASSIGNMENT,
      definition: THIRTY_DAYS,
      cadence: { kind: "programme", start: daysFromNow(-1), days: 3, at: "07:30" },
      occurrences: [
        { date: daysFromNow(0), step: 2, due_at: daysFromNow(0, "07:30"), status: "done", response: { id: "r2", submitted_at: daysFromNow(0, "08:00"), answers: { principle: true, reflection: "I was on time." } } },
      ],
    };
    mockFetch(base([programme]));
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();
    const show = await screen.findByRole("button", { name: /Show answers/ });
    await user.click(show);
    const panel = document.getElementById(show.getAttribute("aria-controls")!)!;
    const pairs = within(panel)
      .getAllByRole("term")
      .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(pairs).toEqual([
      ["Small things count", "Done: practised"],
      ["What small promise did you keep today?", "I was on time."],
    ]);
  });

  it("pauses, resumes, and stops only after a confirmation", async () => {
    const paused = { ...SAM_ASSIGNMENT, status: "paused" as const, paused_at: daysFromNow(0, "10:00") };
    const stopped = { ...SAM_ASSIGNMENT, status: "stopped" as const, stopped_at: daysFromNow(0, "11:00") };
    const net = mockFetch({
      ...base(),
      [`GET /api/clients/${SAM_ID}/assignments`]: [
        () => json(200, { assignments: [SAM_ASSIGNMENT] }),
        () => json(200, { assignments: [paused] }),
        () => json(200, { assignments: [SAM_ASSIGNMENT] }),
        () => json(200, { assignments: [stopped] }),
      ],
      [`POST /api/assignments/${SAM_ASSIGNMENT_ID}/pause`]: () => json(200, paused),
      [`POST /api/assignments/${SAM_ASSIGNMENT_ID}/resume`]: () => json(200, SAM_ASSIGNMENT),
      [`POST /api/assignments/${SAM_ASSIGNMENT_ID}/stop`]: () => json(200, stopped),
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();

    const pause = await screen.findByRole("button", { name: "Pause Every kind of question" });
    const card = screen.getByRole("article", { name: "Every kind of question" });
    await user.click(pause);
    const resume = await screen.findByRole("button", { name: "Resume Every kind of question" });
    await waitFor(() => expect(resume).toHaveFocus()); // an effect's work, maybe after the render
    expect(within(card).getByText("Paused", { selector: ".badge" })).toBeInTheDocument();
    expect(screen.getByText("Paused. Nothing is asked while it is paused.")).toHaveAttribute("role", "status");

    await user.click(resume);
    await screen.findByRole("button", { name: "Pause Every kind of question" });
    expect(within(card).getByText("Active", { selector: ".badge" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Stop… Every kind of question" }));
    const confirm = screen.getByRole("group", { name: "Stop “Every kind of question” for good?" });
    expect(confirm).toHaveTextContent("The answers already given stay.");
    expect(net.to(`POST /api/assignments/${SAM_ASSIGNMENT_ID}/stop`)).toHaveLength(0);
    await user.click(within(confirm).getByRole("button", { name: "Stop for good" }));
    expect(await within(card).findByText("Stopped", { selector: ".badge" })).toBeInTheDocument();
    expect(within(card).queryByRole("button", { name: /Pause|Resume|Stop/ })).not.toBeInTheDocument();
    await waitFor(() => expect(within(card).getByRole("heading", { name: "Every kind of question" })).toHaveFocus());
    expect(net.to(`POST /api/assignments/${SAM_ASSIGNMENT_ID}/pause`)[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(net.to(`POST /api/assignments/${SAM_ASSIGNMENT_ID}/stop`)).toHaveLength(1);
  });
});
