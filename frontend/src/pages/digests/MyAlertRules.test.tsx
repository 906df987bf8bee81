import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AlertRules } from "../../api/alertRules";
import { daysFromNow } from "../../test/clock";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const CLINICIAN = { ...ME, role: "clinician" as const };
const MY_RULES_URL = `/api/alert-rules/members/${ME.user.id}`;
const PRACTICE_RULES: AlertRules = {
  missed_in_row: 3,
  silent_days: 7,
  deterioration: true,
  programme_completed: true,
  email: false,
  override: false,
};

function routes(mine: AlertRules) {
  return {
    "GET /api/auth/me": () => json(200, CLINICIAN),
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/digests/settings": () =>
      json(200, { weekday: "monday", hour: 8, time_zone: "Europe/London", email: true, next_send_at: daysFromNow(6, "08:00") }),
    [`GET ${MY_RULES_URL}`]: () => json(200, mine),
  };
}

async function myRules() {
  return screen.findByRole("region", { name: "My alert rules" });
}

describe("my alert rules, on the digest settings page", () => {
  it("says when I follow the practice's rules, and saves my own with my user id", async () => {
    const net = mockFetch({
      ...routes(PRACTICE_RULES),
      [`PUT ${MY_RULES_URL}`]: async (r) => json(200, { ...(await r.json()), override: true }),
    });
    renderApp("/app/digests/settings");
    const user = userEvent.setup();

    const section = await myRules();
    expect(await within(section).findByText(/You follow the practice's alert rules\./)).toBeInTheDocument();
    const group = within(section).getByRole("group", { name: "Open a follow-up when" });
    expect(within(group).getByRole("spinbutton", { name: "How many days" })).toHaveValue(7);

    await user.click(within(group).getByRole("checkbox", { name: "Days without a task done" }));
    const missed = within(group).getByRole("spinbutton", { name: "How many missed in a row" });
    await user.clear(missed);
    await user.type(missed, "2");
    await user.click(within(section).getByRole("button", { name: "Save my alert rules" }));

    expect(await within(section).findByRole("status")).toHaveTextContent("Your alert rules are saved.");
    expect(within(section).getByText(/You use your own alert rules\./)).toBeInTheDocument();
    expect(net.to(`PUT ${MY_RULES_URL}`)).toHaveLength(1);
    expect(await net.to(`PUT ${MY_RULES_URL}`)[0].json()).toEqual({
      missed_in_row: 2,
      silent_days: null,
      deterioration: true,
      programme_completed: true,
      email: false,
    });
    // The practice's rules are not touched, and the digest settings are not sent with them.
    expect(net.to("PUT /api/alert-rules")).toHaveLength(0);
    expect(net.to("PUT /api/digests/settings")).toHaveLength(0);
  });

  it("says when the rules are my own override, and shows a 422 beside its number", async () => {
    mockFetch({
      ...routes({ ...PRACTICE_RULES, missed_in_row: 5, email: true, override: true }),
      [`PUT ${MY_RULES_URL}`]: () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          missed_in_row: "must be from 2 to 30 tasks",
        }),
    });
    renderApp("/app/digests/settings");
    const user = userEvent.setup();

    const section = await myRules();
    expect(await within(section).findByText(/You use your own alert rules\./)).toBeInTheDocument();
    expect(within(section).getByRole("spinbutton", { name: "How many missed in a row" })).toHaveValue(5);
    expect(within(section).getByRole("checkbox", { name: "Also email me (no names or details in the email)" })).toBeChecked();
    // The digest's own email choice is a different field with its own id.
    expect(screen.getByRole("checkbox", { name: "Email me when my digest is ready" })).toBeChecked();

    await user.click(within(section).getByRole("button", { name: "Save my alert rules" }));
    const alert = await within(section).findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    expect(within(section).getByRole("spinbutton", { name: "How many missed in a row" })).toHaveAccessibleDescription(
      /must be from 2 to 30 tasks/,
    );
  });

  it("clears my own rules so the practice's apply again, and shows them in the form", async () => {
    const net = mockFetch({
      ...routes({ ...PRACTICE_RULES, missed_in_row: 5, silent_days: null, override: true }),
      [`DELETE ${MY_RULES_URL}`]: () => json(200, PRACTICE_RULES),
    });
    renderApp("/app/digests/settings");
    const user = userEvent.setup();

    const section = await myRules();
    expect(await within(section).findByText(/You use your own alert rules\./)).toBeInTheDocument();
    expect(within(section).getByRole("spinbutton", { name: "How many missed in a row" })).toHaveValue(5);
    await user.click(within(section).getByRole("button", { name: "Use the practice's rules instead" }));

    expect(await within(section).findByText("You follow the practice's alert rules again.")).toBeInTheDocument();
    expect(within(section).getByText(/You follow the practice's alert rules\. Saving here/)).toBeInTheDocument();
    expect(within(section).getByRole("spinbutton", { name: "How many missed in a row" })).toHaveValue(3);
    expect(within(section).getByRole("spinbutton", { name: "How many days" })).toHaveValue(7);
    expect(within(section).queryByRole("button", { name: "Use the practice's rules instead" })).not.toBeInTheDocument();
    expect(net.to(`DELETE ${MY_RULES_URL}`)).toHaveLength(1);
  });
});
