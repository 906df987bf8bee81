import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { formatDay } from "../../components/dates";
import { daysFromNow } from "../../test/clock";
import { ALEX_ID, COUPLE, COUPLE_ID, COUPLE_PROGRESS, SAM_ID } from "../../test/fixtures";

/** A day as the page writes it ("15 Nov"), n days from the tests' fixed now. */
const day = (n: number) => formatDay(daysFromNow(n));
import { apiError, json, ME, mockFetch, renderApp } from "../../test/helpers";

const progressUrl = `/api/couples/${COUPLE_ID}/progress`;

const base = {
  "GET /api/auth/me": () => json(200, ME),
  [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE),
  [`GET /api/couples/${COUPLE_ID}/safety-screens`]: () => json(200, { screens: [] }),
  [`GET /api/couples/${COUPLE_ID}/assignments`]: () => json(200, { partners: [] }),
  [`GET ${progressUrl}`]: () => json(200, COUPLE_PROGRESS),
};

async function progressSection() {
  const section = await screen.findByRole("region", { name: "Progress" });
  await within(section).findAllByRole("img");
  return section;
}

describe("couple progress", () => {
  it("draws both partners' weekly check-in totals on one chart, told apart by colour, marker and dash", async () => {
    mockFetch(base);
    renderApp(`/app/couples/${COUPLE_ID}`);
    const section = await progressSection();

    const chart = within(section).getByRole("img", {
      name: "Weekly check-in totals for Alex Moreau and Samira Haddad, on a scale of 0 to 40",
    });
    expect(chart).toHaveAccessibleDescription(
      "Alex Moreau: From 25 to 30 over 3 check-ins. Samira Haddad: From 22 to 27 over 4 check-ins. Higher is better. The table below has every answer.",
    );
    const series = Array.from(chart.querySelectorAll<SVGGElement>(".chart-series"));
    expect(series.map((g) => g.dataset.series)).toEqual(["Alex Moreau", "Samira Haddad"]);
    const [alex, sam] = series;
    expect(alex).toHaveClass("chart-series-0");
    expect(sam).toHaveClass("chart-series-1");
    // Distinct markers and dash, not colour alone.
    expect(alex.querySelectorAll("circle.chart-point")).toHaveLength(3);
    expect(sam.querySelectorAll("rect.chart-point")).toHaveLength(4);
    expect(alex.querySelector(".chart-line")).not.toHaveAttribute("stroke-dasharray");
    expect(sam.querySelector(".chart-line")).toHaveAttribute("stroke-dasharray");
    expect(Array.from(alex.querySelectorAll("title"), (t) => t.textContent)).toEqual([
      "Alex Moreau, 8 Nov: 25",
      "Alex Moreau, 15 Nov: 27",
      "Alex Moreau, 22 Nov: 30",
    ]);

    // The legend names both partners beside their swatches.
    const legend = within(section).getByRole("list", { name: "Legend" });
    const entries = within(legend).getAllByRole("listitem");
    expect(entries.map((li) => li.querySelector("strong")?.textContent)).toEqual(["Alex Moreau", "Samira Haddad"]);
    expect(entries[0].querySelector("svg.chart-swatch")).toHaveClass("chart-series-0");
    expect(entries[1].querySelector("svg.chart-swatch")).toHaveClass("chart-series-1");
    expect(entries[1].querySelector("svg.chart-swatch rect.chart-point")).toBeInTheDocument();

    // The table holds every answer, both partners, by date.
    expect(section).toHaveTextContent("Higher totals are better here");
    await userEvent.setup().click(within(section).getByText("Check-ins as a table"));
    const table = within(section).getByRole("table", { name: "Every weekly check-in, each answer 0 to 10" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Date",
      "Partner",
      "Safe",
      "Matched",
      "Honest",
      "Trust",
      "Total (0–40)",
    ]);
    // The short headers are explained by the questions themselves.
    expect(within(section).getAllByRole("term").map((t) => t.textContent)).toEqual(["Safe", "Matched", "Honest", "Trust"]);
    expect(within(section).getAllByRole("definition")[1]).toHaveTextContent("How far did your partner's actions match their words?");
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((r) => Array.from(r.children, (c) => c.textContent));
    expect(rows).toEqual([
      ["1 Nov", "Samira Haddad", "6", "4", "7", "5", "22"],
      ["8 Nov", "Alex Moreau", "8", "6", "5", "6", "25"],
      ["8 Nov", "Samira Haddad", "5", "4", "6", "4", "19"],
      ["15 Nov", "Alex Moreau", "8", "7", "6", "6", "27"],
      ["15 Nov", "Samira Haddad", "7", "6", "7", "5", "25"],
      ["22 Nov", "Alex Moreau", "9", "7", "7", "7", "30"],
      ["22 Nov", "Samira Haddad", "7", "7", "7", "6", "27"],
    ]);
  });

  it("shows each partner's homework done week by week, side by side", async () => {
    mockFetch(base);
    renderApp(`/app/couples/${COUPLE_ID}`);
    const section = await progressSection();
    const adherence = within(section).getByRole("region", { name: "Homework done, week by week" });
    const alex = within(adherence).getByRole("region", { name: "Alex Moreau: homework done" });
    const sam = within(adherence).getByRole("region", { name: "Samira Haddad: homework done" });
    expect(within(alex).getByRole("link", { name: "Alex Moreau" })).toHaveAttribute("href", `/app/clients/${ALEX_ID}/progress`);
    expect(within(sam).getByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM_ID}/progress`);
    expect(alex).toHaveTextContent("Over 2 weeks: 5 of 6 (83%) done.");
    expect(within(sam).getByRole("table", { name: "Samira Haddad: homework done each week" })).toHaveTextContent(
      "9 Nov1 of 4 (25%)16 Nov4 of 4 (100%)",
    );
    expect(adherence.querySelector(".progress-columns")?.children).toHaveLength(2);
  });

  it("puts every measure either partner answered side by side: latest score, band, change and a small chart", async () => {
    mockFetch(base);
    renderApp(`/app/couples/${COUPLE_ID}`);
    const section = await progressSection();

    // The couple's own check-in first, then the library's order; the homework after.
    expect(within(section).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual([
      "Weekly trust and safety check-in",
      "PHQ-9: how you have been feeling",
      "GAD-7: worry and anxiety",
      "Homework done, week by week",
    ]);

    const phq = within(section).getByRole("region", { name: "PHQ-9: how you have been feeling" });
    expect(phq).toHaveTextContent("Lower totals are better here");
    expect(phq.querySelector(".progress-columns")?.children).toHaveLength(2);
    const [alexPhq, samPhq] = within(phq).getAllByRole("article");
    expect(alexPhq).toHaveAccessibleName("PHQ-9: Alex Moreau");
    expect(within(alexPhq).getByRole("link", { name: "Alex Moreau" })).toHaveAttribute("href", `/app/clients/${ALEX_ID}/progress`);
    expect(alexPhq).toHaveTextContent(`Latest: 6 of 27, mild on ${day(-9)}`);
    expect(alexPhq).toHaveTextContent("One score so far (6). Change can be judged from the second score.");
    expect(within(alexPhq).getByRole("img", { name: "Alex Moreau: PHQ-9 totals over time, on a scale of 0 to 27" })).toBeInTheDocument();
    expect(samPhq).toHaveAccessibleName("PHQ-9: Samira Haddad");
    expect(samPhq).toHaveTextContent(`Latest: 11 of 27, moderate on ${day(-7)}`);
    expect(samPhq).toHaveTextContent("From 18 to 11: improved by a reliable change (≥ 6 points).");
    const samChart = within(samPhq).getByRole("img", { name: "Samira Haddad: PHQ-9 totals over time, on a scale of 0 to 27" });
    expect(samChart.querySelectorAll(".chart-point")).toHaveLength(4);
    expect(Array.from(samChart.querySelectorAll(".chart-band"), (b) => (b as SVGGElement).dataset.band)).toEqual([
      "minimal",
      "mild",
      "moderate",
      "moderately severe",
      "severe",
    ]);
    expect(within(samPhq).getByRole("table", { name: "Samira Haddad: every PHQ-9 score (0 to 27)" })).toHaveTextContent(
      "11moderate",
    );

    // A measure only one partner answered still shows both, and says who has not.
    const gad = within(section).getByRole("region", { name: "GAD-7: worry and anxiety" });
    const [alexGad, samGad] = within(gad).getAllByRole("article");
    expect(alexGad).toHaveTextContent("Alex Moreau has not answered the GAD-7 yet.");
    expect(within(alexGad).queryByRole("img")).not.toBeInTheDocument();
    expect(samGad).toHaveTextContent("From 8 to 13: worsened by a reliable change (≥ 4 points).");

    // The check-in: each partner's latest and change side by side, both on the one chart below.
    const checkIn = within(section).getByRole("region", { name: "Weekly trust and safety check-in" });
    const [alexCheckIn, samCheckIn] = within(checkIn).getAllByRole("article");
    expect(alexCheckIn).toHaveTextContent(`Latest: 30 of 40 on ${day(-2)}`);
    expect(alexCheckIn).toHaveTextContent("From 25 to 30: no reliable change");
    expect(samCheckIn).toHaveTextContent(`Latest: 27 of 40 on ${day(-2)}`);
    expect(within(alexCheckIn).queryByRole("img")).not.toBeInTheDocument();
    expect(within(checkIn).getAllByRole("img")).toHaveLength(1);
  });

  it("says when neither partner has answered a measure, and stays calm without progress", async () => {
    const none = { partners: COUPLE_PROGRESS.partners.map((p) => ({ ...p, measures: [], checkins: [], adherence: [] })) };
    mockFetch({ ...base, [`GET ${progressUrl}`]: () => json(200, none) });
    const view = renderApp(`/app/couples/${COUPLE_ID}`);
    const section = await screen.findByRole("region", { name: "Progress" });
    expect(await within(section).findByText(/Neither partner has answered a measure yet\./)).toBeInTheDocument();
    expect(within(section).queryByRole("img")).not.toBeInTheDocument();
    expect(within(section).getByText("Nothing was due for Alex Moreau in the last twelve weeks.")).toBeInTheDocument();
    view.unmount();

    mockFetch({ ...base, [`GET ${progressUrl}`]: () => apiError(404, "not_found", "No such record.") });
    renderApp(`/app/couples/${COUPLE_ID}`);
    const again = await screen.findByRole("region", { name: "Progress" });
    expect(await within(again).findByText("Progress is not available for this couple.")).toBeInTheDocument();
    expect(within(again).queryByRole("alert")).not.toBeInTheDocument();
  });
});
