import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Progress } from "../../api/progress";
import { CHECK_IN_SERIES, GAD7_SERIES, PHQ9_SERIES, SAM, SAM_ID, SAM_PROGRESS } from "../../test/fixtures";
import { apiError, json, ME, mockFetch, renderApp } from "../../test/helpers";

const progressUrl = `/api/clients/${SAM_ID}/progress`;

function base(progress: Progress = SAM_PROGRESS) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    [`GET /api/clients/${SAM_ID}`]: () => json(200, SAM),
    [`GET ${progressUrl}`]: () => json(200, progress),
  };
}

// The calendar runs up to today: the tests' fixed clock (src/test/clock.ts) makes today
// Tuesday 24 November 2026.

async function measure(title: string) {
  return screen.findByRole("article", { name: title });
}

describe("client progress tab", () => {
  it("is a tab next to Details, Homework and Journal, with its own address", async () => {
    const net = mockFetch({
      ...base(),
      [`GET /api/clients/${SAM_ID}/assignments`]: () => json(200, { assignments: [] }),
      [`GET /api/clients/${SAM_ID}/homework-link`]: () => json(200, { status: "none" }),
      [`GET /api/clients/${SAM_ID}/reminders`]: () => json(200, { deliveries: [] }),
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();
    const tab = await screen.findByRole("tab", { name: "Progress" });
    expect(tab).toHaveAttribute("href", `/app/clients/${SAM_ID}/progress`);
    expect(net.to(`GET ${progressUrl}`)).toHaveLength(0);

    await user.click(tab);
    expect(await screen.findByRole("heading", { level: 2, name: "Measures" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Progress" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Progress" })).toContainElement(screen.getByRole("heading", { name: "Measures" }));
    expect(net.to(`GET ${progressUrl}`)).toHaveLength(1);
  });

  it("draws each measure's bands and points, and its table holds the same numbers", async () => {
    mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}/progress`);
    const user = userEvent.setup();

    const phq = await measure(PHQ9_SERIES.title);
    const chart = within(phq).getByRole("img", { name: `${PHQ9_SERIES.title}: totals over time, on a scale of 0 to 27` });
    expect(chart.tagName.toLowerCase()).toBe("svg");
    expect(chart).toHaveAttribute("viewBox");
    expect(chart).toHaveAccessibleDescription(/4 scores, from 29 Sep to 17 Nov\. From 18 to 11: improved/);

    // Bands: one shaded region each, labelled, from the bottom of the chart (0) up.
    const bands = Array.from(chart.querySelectorAll<SVGGElement>(".chart-band"));
    expect(bands.map((b) => b.dataset.band)).toEqual(["minimal", "mild", "moderate", "moderately severe", "severe"]);
    expect(bands.map((b) => b.querySelector("text")?.textContent)).toEqual(["minimal", "mild", "moderate", "moderately severe", "severe"]);
    const bandTops = bands.map((b) => Number(b.querySelector("rect")?.getAttribute("y")));
    expect([...bandTops].sort((a, b) => b - a)).toEqual(bandTops); // higher scores drawn higher up
    // The bands are also named with their ranges beside the chart.
    const key = within(phq).getByRole("list", { name: `${PHQ9_SERIES.title}: bands` });
    expect(within(key).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "0–4 minimal",
      "5–9 mild",
      "10–14 moderate",
      "15–19 moderately severe",
      "20–27 severe",
    ]);

    // Points: one marker per score, in date order, higher totals higher up.
    const points = Array.from(chart.querySelectorAll(".chart-point"));
    expect(points.map((p) => p.querySelector("title")?.textContent)).toEqual([
      "29 Sep: 18, moderately severe",
      "13 Oct: 16, moderately severe",
      "27 Oct: 13, moderate",
      "17 Nov: 11, moderate",
    ]);
    const cy = points.map((p) => Number(p.getAttribute("cy")));
    expect(cy[0]).toBeLessThan(cy[3]);
    const cx = points.map((p) => Number(p.getAttribute("cx")));
    expect([...cx].sort((a, b) => a - b)).toEqual(cx);
    expect(chart.querySelector(".chart-line")).toBeInTheDocument();

    // The text alternative: the same dates, totals and bands.
    await user.click(within(phq).getByText("Scores as a table"));
    const table = within(phq).getByRole("table", { name: /PHQ-9: how you have been feeling: every score/ });
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((r) => Array.from(r.children, (c) => c.textContent));
    expect(rows).toEqual([
      ["29 Sep", "18", "moderately severe"],
      ["13 Oct", "16", "moderately severe"],
      ["27 Oct", "13", "moderate"],
      ["17 Nov", "11", "moderate"],
    ]);
    expect(rows.map((r) => Number(r[1]))).toEqual(PHQ9_SERIES.points.map((p) => p.total));
  });

  it("says in a sentence whether each measure changed by a reliable change, and which way is better", async () => {
    mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}/progress`);

    const phq = await measure(PHQ9_SERIES.title);
    expect(phq).toHaveTextContent("From 18 to 11: improved by a reliable change (≥ 6 points).");
    expect(phq).toHaveTextContent("Lower totals are better here");

    const gad = screen.getByRole("article", { name: GAD7_SERIES.title });
    expect(gad).toHaveTextContent("From 8 to 13: worsened by a reliable change (≥ 4 points).");

    const checkIn = screen.getByRole("article", { name: CHECK_IN_SERIES.title });
    expect(checkIn).toHaveTextContent("From 22 to 27: no reliable change (that takes a change of 10 points or more).");
    expect(checkIn).toHaveTextContent("Higher totals are better here: an improvement goes up the chart.");
    // No bands on the check-in: no shaded regions, and no band column in its table.
    const chart = within(checkIn).getByRole("img");
    expect(chart.querySelectorAll(".chart-band")).toHaveLength(0);
    expect(chart.querySelectorAll(".chart-point")).toHaveLength(4);
    const table = within(checkIn).getByRole("table");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Date", "Total"]);
    expect(within(table).getAllByRole("row").slice(1).map((r) => r.textContent)).toEqual(["1 Nov22", "8 Nov24", "15 Nov23", "22 Nov27"]);
  });

  it("says when a measure has only one score, and when there are no measures", async () => {
    const one = { ...PHQ9_SERIES, points: [PHQ9_SERIES.points[0]], change: undefined };
    mockFetch(base({ ...SAM_PROGRESS, measures: [one] }));
    const view = renderApp(`/app/clients/${SAM_ID}/progress`);
    const phq = await measure(PHQ9_SERIES.title);
    expect(phq).toHaveTextContent("One score so far (18). Change can be judged from the second score.");
    expect(within(phq).getByRole("img")).toHaveAccessibleDescription(/One score, on 29 Sep\./);
    expect(within(phq).getByRole("img").querySelectorAll(".chart-point")).toHaveLength(1);
    view.unmount();

    mockFetch(base({ measures: [], adherence: [], calendar: [] }));
    renderApp(`/app/clients/${SAM_ID}/progress`);
    expect(await screen.findByText(/No measures answered yet\./)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "assigned like any exercise" })).toHaveAttribute("href", `/app/assign?client=${SAM_ID}`);
    expect(screen.getByText("Nothing was due in the last twelve weeks.")).toBeInTheDocument();
    expect(screen.getByText("No daily exercise or programme in the last 60 days.")).toBeInTheDocument();
  });

  it("shows homework done each week as bars with the share in words", async () => {
    mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}/progress`);
    const section = await screen.findByRole("region", { name: "Homework done, week by week" });
    expect(section).toHaveTextContent("Over 12 weeks: 55 of 72 (76%) done.");
    const table = within(section).getByRole("table", { name: "Samira Haddad: homework done each week" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => r.textContent)).toEqual([
      "7 Sep7 of 7 (100%)",
      "14 Sep6 of 7 (86%)",
      "21 Sep7 of 7 (100%)",
      "28 Sep5 of 7 (71%)",
      "5 OctNothing due",
      "12 Oct4 of 7 (57%)",
      "19 Oct7 of 7 (100%)",
      "26 Oct6 of 7 (86%)",
      "2 Nov3 of 7 (43%)",
      "9 Nov5 of 7 (71%)",
      "16 Nov4 of 7 (57%)",
      "23 Nov1 of 2 (50%)",
    ]);
    // Each bar is as long as its share, and hidden from screen readers (the words say it).
    const bar = rows[1].querySelector("svg.adherence-bar");
    expect(bar?.closest("td")).toHaveAttribute("aria-hidden", "true");
    expect(bar?.querySelector(".adherence-fill")).toHaveAttribute("width", "86");
    expect(rows[4].querySelector(".adherence-fill")).toBeNull();
  });

  it("shows each daily exercise's last 60 days as a calendar whose cells are named in words", async () => {
    mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}/progress`);
    const section = await screen.findByRole("region", { name: "Daily exercises and programmes: the last 60 days" });

    const legend = within(section).getByRole("list", { name: "Key to the calendars" });
    expect(within(legend).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "✓Done",
      "◐Late",
      "✗Missed",
      "○Due, not yet answered",
      "◌Upcoming",
      "Nothing asked",
    ]);

    const every = within(section).getByRole("region", { name: "Every kind of question" });
    const grid = within(every).getByRole("table", { name: /Every kind of question: each day/ });
    expect(within(grid).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Mon",
      "Tue",
      "Wed",
      "Thu",
      "Fri",
      "Sat",
      "Sun",
    ]);
    for (const name of [
      "Fri 20 Nov: missed",
      "Sat 21 Nov: done",
      "Sun 22 Nov: late",
      "Mon 23 Nov: nothing asked",
      "Tue 24 Nov (today): due",
      "Wed 25 Nov: upcoming",
    ]) {
      expect(within(grid).getByRole("cell", { name })).toBeInTheDocument();
    }
    // Shape and symbol, not colour alone.
    const done = within(grid).getByRole("cell", { name: "Sat 21 Nov: done" });
    expect(done).toHaveClass("cal-done");
    expect(done.querySelector(".cal-symbol")).toHaveTextContent("✓");
    expect(within(grid).getByRole("cell", { name: "Fri 20 Nov: missed" }).querySelector(".cal-symbol")).toHaveTextContent("✗");
    expect(within(grid).getByRole("cell", { name: "Tue 24 Nov (today): due" })).toHaveClass("cal-today");
    // One row per week, Monday first: 16 Nov to 29 Nov.
    expect(within(grid).getAllByRole("row")).toHaveLength(3);
    expect(every).toHaveTextContent("1 done, 1 late, 1 missed, 1 due, 1 upcoming.");

    const log = within(section).getByRole("region", { name: "Daily consistency log" });
    expect(log).toHaveTextContent("38 done, 9 late, 7 missed.");
    expect(within(log).getByRole("cell", { name: "Thu 1 Oct: done" })).toBeInTheDocument();
    expect(within(log).getByRole("cell", { name: "Wed 7 Oct: missed" })).toBeInTheDocument();
    expect(within(log).getByRole("cell", { name: "Mon 5 Oct: late" })).toBeInTheDocument();
    // Nothing before the first day it was asked.
    expect(within(log).queryByRole("cell", { name: /30 Sep/ })).not.toBeInTheDocument();
  });

  it("says calmly when there is no progress to show, and offers a retry when loading fails", async () => {
    mockFetch({ ...base(), [`GET ${progressUrl}`]: () => apiError(404, "not_found", "No such record.") });
    const view = renderApp(`/app/clients/${SAM_ID}/progress`);
    expect(await screen.findByText("Progress is not available for Samira Haddad.")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    view.unmount();

    mockFetch({
      ...base(),
      [`GET ${progressUrl}`]: [() => apiError(500, "internal", "Something went wrong on our side."), () => json(200, SAM_PROGRESS)],
    });
    renderApp(`/app/clients/${SAM_ID}/progress`);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Something went wrong on our side.");
    await userEvent.setup().click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { level: 2, name: "Measures" })).toBeInTheDocument();
  });
});
