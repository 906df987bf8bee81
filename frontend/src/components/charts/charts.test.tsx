import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { daysFromNow, TODAY } from "../../test/clock";
import { PHQ9_SERIES } from "../../test/fixtures";
import { ConsistencyCalendar } from "./ConsistencyCalendar";
import { dateOfDay, dayNumber, percent, weekdayIndex } from "./days";
import { LineChart } from "./LineChart";
import { changeSentence, doneOfDue, reliablePoints } from "./words";

// Dates are shown without the year in the current year: the tests' fixed clock (src/test/clock.ts)
// makes today Tuesday 24 November 2026.

describe("reliable change in words", () => {
  const m = PHQ9_SERIES;
  it("reads the server's judgement, with the threshold in whole points", () => {
    expect(changeSentence(m)).toBe("From 18 to 11: improved by a reliable change (≥ 6 points).");
    expect(changeSentence({ ...m, change: { first: 11, latest: 18, difference: 7, status: "worsened" } })).toBe(
      "From 11 to 18: worsened by a reliable change (≥ 6 points).",
    );
    expect(changeSentence({ ...m, change: { first: 14, latest: 10, difference: -4, status: "no reliable change" } })).toBe(
      "From 14 to 10: no reliable change (that takes a change of 6 points or more).",
    );
    expect(changeSentence({ ...m, points: [], change: undefined })).toBe("No scores yet.");
    expect(changeSentence({ ...m, points: [m.points[0]], change: undefined })).toBe(
      "One score so far (18). Change can be judged from the second score.",
    );
  });

  it("rounds the Jacobson–Truax threshold up to whole points", () => {
    expect(reliablePoints(5.998)).toBe(6);
    expect(reliablePoints(6)).toBe(6);
    expect(reliablePoints(9.917)).toBe(10);
    expect(reliablePoints(0.2)).toBe(1);
  });

  it("gives a share done with the fraction", () => {
    expect(doneOfDue(4, 5)).toBe("4 of 5 (80%)");
    expect(doneOfDue(0, 0)).toBe("Nothing due");
    expect(percent(2, 3)).toBe(67);
  });
});

describe("days", () => {
  it("counts calendar dates as whole days, whatever the zone", () => {
    expect(dateOfDay(dayNumber(TODAY))).toBe(TODAY);
    expect(dayNumber(daysFromNow(1)) - dayNumber(TODAY)).toBe(1);
    expect(weekdayIndex(dayNumber(daysFromNow(-1)))).toBe(0); // Monday
    expect(weekdayIndex(dayNumber(daysFromNow(5)))).toBe(6); // Sunday
    expect(Number.isNaN(dayNumber("24/11/2026"))).toBe(true);
  });
});

describe("LineChart", () => {
  it("spaces points by time, and labels only bands tall enough to hold a label", () => {
    render(
      <LineChart
        title="Test chart"
        description="A test."
        max={20}
        bands={[
          { min: 0, max: 9, label: "low" },
          { min: 10, max: 10, label: "edge" },
          { min: 11, max: 20, label: "high" },
        ]}
        series={[
          {
            key: "a",
            name: "A",
            points: [
              { date: daysFromNow(-23), value: 0, label: "1 Nov: 0" },
              { date: daysFromNow(-22), value: 10, label: "2 Nov: 10" },
              { date: daysFromNow(-13), value: 20, label: "11 Nov: 20" },
            ],
          },
        ]}
      />,
    );
    const chart = screen.getByRole("img", { name: "Test chart" });
    expect(chart).toHaveAccessibleDescription("A test.");
    const bands = Array.from(chart.querySelectorAll(".chart-band"));
    expect(bands).toHaveLength(3);
    expect(bands.map((b) => b.querySelector("text")?.textContent ?? null)).toEqual(["low", null, "high"]);

    const [a, b, c] = Array.from(chart.querySelectorAll("circle.chart-point"), (p) => Number(p.getAttribute("cx")));
    // One day apart, then nine: the gaps keep that ratio.
    expect((c - b) / (b - a)).toBeCloseTo(9, 5);
    const ys = Array.from(chart.querySelectorAll("circle.chart-point"), (p) => Number(p.getAttribute("cy")));
    expect(ys[0]).toBeGreaterThan(ys[1]);
    expect(ys[1]).toBeGreaterThan(ys[2]);
    // y ticks: 0, band starts, the top.
    // y ticks: 0, the band starts, the top; 11 is too close to 10 to label both.
    const yLabels = Array.from(chart.querySelectorAll(".chart-axis-y text"), (t) => t.textContent);
    expect(yLabels).toEqual(["0", "10", "20"]);
    expect(Array.from(chart.querySelectorAll(".chart-axis-x text"), (t) => t.textContent)).toEqual(["1 Nov", "11 Nov"]);
  });
});

describe("ConsistencyCalendar", () => {
  it("shows at most the last 60 days, up to today, Monday first", () => {
    const days = Array.from({ length: 90 }, (_, i) => ({ date: dateOfDay(dayNumber(daysFromNow(-89)) + i), status: "done" as const }));
    render(<ConsistencyCalendar calendar={{ assignment_id: "x", title: "Log", kind: "daily", days }} today={TODAY} />);
    const grid = screen.getByRole("table", { name: /Log: each day/ });
    expect(grid.querySelectorAll(".cal-done")).toHaveLength(60);
    // 26 Sep is the 60th day back from 24 Nov; the grid starts on its Monday, blank before it.
    expect(within(grid).getByRole("cell", { name: "Sat 26 Sep: done" })).toBeInTheDocument();
    expect(within(grid).queryByRole("cell", { name: /25 Sep/ })).not.toBeInTheDocument();
    expect(grid.querySelectorAll(".cal-out")).toHaveLength(5 + 5);
    expect(within(grid).getByRole("cell", { name: "Tue 24 Nov (today): done" })).toBeInTheDocument();
    expect(screen.getByText("60 done.")).toBeInTheDocument();
  });

  it("names each day of a programme with its step and the step's title", () => {
    const steps = ["Start from today", "Tell it as it is", "Ownership with no “but”", "Name it specifically"];
    const statuses = ["done", "missed", "late", "due"] as const;
    // Four steps up to today, then a day paused (nothing asked), so step 4 falls on today.
    const days = [-4, -3, -2, 0].map((n, i) => ({ date: daysFromNow(n), status: statuses[i], step: i + 1, label: steps[i] }));
    render(<ConsistencyCalendar calendar={{ assignment_id: "p", title: "Thirty days", kind: "programme", days }} today={TODAY} />);
    const grid = screen.getByRole("table", { name: /Thirty days: each day/ });
    const first = within(grid).getByRole("cell", { name: "Fri 20 Nov: done, day 1, Start from today" });
    expect(first).toHaveAttribute("title", "Day 1, Start from today");
    expect(within(grid).getByRole("cell", { name: "Sun 22 Nov: late, day 3, Ownership with no “but”" })).toBeInTheDocument();
    expect(within(grid).getByRole("cell", { name: "Mon 23 Nov: nothing asked" })).not.toHaveAttribute("title");
    expect(within(grid).getByRole("cell", { name: "Tue 24 Nov (today): due, day 4, Name it specifically" })).toBeInTheDocument();
    expect(screen.getByText("1 done, 1 late, 1 missed, 1 due. Programme days 1 to 4.")).toBeInTheDocument();
  });
});
