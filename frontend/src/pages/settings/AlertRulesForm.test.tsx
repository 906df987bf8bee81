import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AlertRules } from "../../api/alertRules";
import { PRACTICE_SETTINGS } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const RULES: AlertRules = { missed_in_row: 3, silent_days: 7, deterioration: true, programme_completed: false, email: false };

function routes(rules: AlertRules = RULES) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/practice": () => json(200, PRACTICE_SETTINGS),
    "GET /api/alert-rules": () => json(200, rules),
  };
}

async function alertRules() {
  const group = await screen.findByRole("group", { name: "Alert rules" });
  return { group, form: group.closest("form")! };
}

describe("the practice's alert rules on the settings page", () => {
  it("shows the rules, and sends null for a rule unchecked, with its own Save button", async () => {
    const net = mockFetch({
      ...routes(),
      "PUT /api/alert-rules": async (r) => json(200, await r.json()),
    });
    renderApp("/app/settings");
    const user = userEvent.setup();

    const { group, form } = await alertRules();
    const missed = within(group).getByRole("checkbox", { name: "Missed tasks in a row" });
    expect(missed).toBeChecked();
    expect(within(group).getByRole("spinbutton", { name: "How many missed in a row" })).toHaveValue(3);
    expect(within(group).getByRole("spinbutton", { name: "How many days" })).toHaveValue(7);
    expect(within(group).getByRole("checkbox", { name: "A measure worse by a reliable change" })).toBeChecked();
    expect(within(group).getByRole("checkbox", { name: "A programme completed" })).not.toBeChecked();

    await user.click(missed);
    expect(within(group).getByRole("spinbutton", { name: "How many missed in a row" })).toBeDisabled();
    const days = within(group).getByRole("spinbutton", { name: "How many days" });
    await user.clear(days);
    await user.type(days, "14");
    await user.click(within(group).getByRole("checkbox", { name: "A programme completed" }));
    await user.click(within(group).getByRole("checkbox", { name: "Also email me (no names or details in the email)" }));
    await user.click(within(form).getByRole("button", { name: "Save alert rules" }));

    expect(await within(form).findByRole("status")).toHaveTextContent("Alert rules saved.");
    expect(net.to("PUT /api/alert-rules")).toHaveLength(1);
    expect(await net.to("PUT /api/alert-rules")[0].json()).toEqual({
      missed_in_row: null,
      silent_days: 14,
      deterioration: true,
      programme_completed: true,
      email: true,
    });
    // The practice's other settings were not sent with them.
    expect(net.to("PATCH /api/practice")).toHaveLength(0);
  });

  it("shows the API's 422 beside the number it names, and in the summary", async () => {
    mockFetch({
      ...routes(),
      "PUT /api/alert-rules": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          silent_days: "must be from 2 to 28 days",
        }),
    });
    renderApp("/app/settings");
    const user = userEvent.setup();

    const { group, form } = await alertRules();
    await user.click(within(form).getByRole("button", { name: "Save alert rules" }));

    const alert = await within(form).findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    const days = within(group).getByRole("spinbutton", { name: "How many days" });
    expect(within(alert).getByRole("link", { name: /Days without a task done/ })).toHaveAttribute("href", `#${days.id}`);
    expect(days).toHaveAttribute("aria-invalid", "true");
    expect(days).toHaveAccessibleDescription(/must be from 2 to 28 days/);
    expect(within(group).getByRole("spinbutton", { name: "How many missed in a row" })).not.toHaveAttribute("aria-invalid");
    expect(within(form).queryByRole("status")).not.toBeInTheDocument();
  });

  it("does not send a number out of range, and says so beside it", async () => {
    const net = mockFetch(routes({ ...RULES, missed_in_row: null }));
    renderApp("/app/settings");
    const user = userEvent.setup();

    const { group, form } = await alertRules();
    const missed = within(group).getByRole("spinbutton", { name: "How many missed in a row" });
    expect(missed).toBeDisabled();
    await user.click(within(group).getByRole("checkbox", { name: "Missed tasks in a row" }));
    await user.clear(missed);
    await user.type(missed, "40");
    await user.click(within(form).getByRole("button", { name: "Save alert rules" }));

    expect(missed).toHaveAccessibleDescription(/Enter a whole number from 2 to 30\./);
    expect(net.to("PUT /api/alert-rules")).toHaveLength(0);
  });
});
