import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RuleAlert } from "../../api/alertRules";
import { formatDateTime } from "../../components/format";
import { daysFromNow } from "../../test/clock";
import { ALEX_ID, caseloadPage, SAM_ID } from "../../test/fixtures";
import { csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const SETTLED_SAM: RuleAlert = {
  id: "f0f0f0f0-0001-4000-8000-000000000001",
  client_id: SAM_ID,
  client_name: "Sam Rivera",
  rule: "silent",
  detail: "No task done for 7 days.",
  opened_at: daysFromNow(-12, "09:00"),
  closed_at: daysFromNow(-3, "18:30"),
  seen: true,
};
const OPEN_ALEX: RuleAlert = {
  id: "f0f0f0f0-0002-4000-8000-000000000002",
  client_id: ALEX_ID,
  client_name: "Alex Morgan",
  rule: "missed_in_row",
  detail: "3 tasks missed in a row.",
  opened_at: daysFromNow(-2, "08:00"),
  closed_at: null,
  seen: false,
};
const OPEN_SAM: RuleAlert = {
  id: "f0f0f0f0-0003-4000-8000-000000000003",
  client_id: SAM_ID,
  client_name: "Sam Rivera",
  rule: "deterioration",
  detail: "PHQ-9 is worse by a reliable change.",
  opened_at: daysFromNow(-1, "10:15"),
  closed_at: null,
  seen: false,
};

function base(alerts: RuleAlert[], unseen: number) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/caseload": () => json(200, caseloadPage([])),
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/rule-alerts": () => json(200, { alerts, unseen }),
  };
}

async function followUps() {
  const section = await screen.findByRole("region", { name: "Follow-ups" });
  await within(section).findByRole("heading", { name: "Needs a look" });
  return section;
}

describe("follow-ups on the overview", () => {
  it("lists open follow-ups before the settled ones, linked to each client, with when they started", async () => {
    // The API's order is kept within each group, whatever order the open and settled come in.
    mockFetch(base([SETTLED_SAM, OPEN_ALEX, OPEN_SAM], 2));
    renderApp("/app");

    const section = await followUps();
    const headings = within(section).getAllByRole("heading");
    expect(headings.map((h) => h.tagName)).toEqual(["H2", "H3", "H3"]);
    expect(headings[1]).toHaveTextContent("Needs a look");
    expect(headings[2]).toHaveTextContent("Recently settled");

    const open = within(within(section).getByRole("list", { name: "Needs a look" })).getAllByRole("listitem");
    expect(open.map((li) => within(li).getByRole("link").textContent)).toEqual(["Alex Morgan", "Sam Rivera"]);
    expect(within(open[0]).getByRole("link", { name: "Alex Morgan" })).toHaveAttribute("href", `/app/clients/${ALEX_ID}`);
    expect(open[0]).toHaveTextContent("3 tasks missed in a row.");
    expect(open[0]).toHaveTextContent(`Since ${formatDateTime(OPEN_ALEX.opened_at)}`);
    expect(open[1]).toHaveTextContent("PHQ-9 is worse by a reliable change.");

    const settled = within(within(section).getByRole("list", { name: "Recently settled" })).getAllByRole("listitem");
    expect(settled).toHaveLength(1);
    expect(within(settled[0]).getByRole("link", { name: "Sam Rivera" })).toHaveAttribute("href", `/app/clients/${SAM_ID}`);
    expect(settled[0]).toHaveTextContent("No task done for 7 days.");
    expect(settled[0]).toHaveTextContent(
      `From ${formatDateTime(SETTLED_SAM.opened_at)} until ${formatDateTime(SETTLED_SAM.closed_at!)}`,
    );
    // Risk alerts are not mixed in: the caseload's section and the Alerts page keep those.
    expect(within(section).queryByText(/risk/i)).not.toBeInTheDocument();
  });

  it("counts the unseen in the heading and marks them all seen", async () => {
    const net = mockFetch({
      ...base([OPEN_ALEX, OPEN_SAM], 2),
      "GET /api/rule-alerts": [
        () => json(200, { alerts: [OPEN_ALEX, OPEN_SAM], unseen: 2 }),
        () => json(200, { alerts: [OPEN_ALEX, OPEN_SAM].map((a) => ({ ...a, seen: true })), unseen: 0 }),
      ],
      "POST /api/rule-alerts/seen": () => new Response(null, { status: 204 }),
    });
    renderApp("/app");
    const user = userEvent.setup();

    const section = await followUps();
    expect(within(section).getByRole("heading", { level: 2 })).toHaveAccessibleName("Follow-ups, 2 new");
    expect(within(section).getByText("2 new", { selector: ".badge" })).toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Mark all as seen" }));

    expect(await within(section).findByRole("heading", { level: 2, name: "Follow-ups" })).toBeInTheDocument();
    expect(within(section).queryByText("2 new")).not.toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: "Mark all as seen" })).not.toBeInTheDocument();
    expect(net.to("POST /api/rule-alerts/seen")).toHaveLength(1);
    expect(net.to("POST /api/rule-alerts/seen")[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    // Still listed: seen is not settled.
    expect(within(section).getByRole("link", { name: "Alex Morgan" })).toBeInTheDocument();
  });

  it("says calmly when no rule has been met", async () => {
    const net = mockFetch(base([], 0));
    renderApp("/app");

    const section = await screen.findByRole("region", { name: "Follow-ups" });
    expect(await within(section).findByText("No follow-ups: none of your alert rules has been met.")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: "Mark all as seen" })).not.toBeInTheDocument();
    expect(net.to("GET /api/rule-alerts")).toHaveLength(1);
    expect(net.writes()).toHaveLength(0);
  });
});
