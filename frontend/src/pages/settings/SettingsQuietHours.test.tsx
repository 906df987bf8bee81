import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PracticeSettings } from "../../api/team";
import { PRACTICE_SETTINGS } from "../../test/fixtures";
import { csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

/** A new practice's settings: quiet from 22:00 until 07:00. */
const NEW_PRACTICE: PracticeSettings = {
  ...PRACTICE_SETTINGS,
  reminder_window_start: "07:00",
  reminder_window_end: "22:00",
  quiet_hours_start: "22:00",
  quiet_hours_end: "07:00",
};

function routes() {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/practice": () => json(200, NEW_PRACTICE),
    "PATCH /api/practice": async (r: Request) => json(200, await r.json()),
  };
}

describe("settings: quiet hours and the practice's time zone", () => {
  it("says quiet hours are read on each client's own clock, and that the end time itself is allowed", async () => {
    mockFetch(routes());
    renderApp("/app/settings");

    const quiet = await screen.findByRole("group", { name: "Quiet hours (in each client's own time zone)" });
    expect(quiet).toHaveTextContent("No reminders from 22:00 until 07:00; a reminder at 07:00 is sent.");
    expect(within(quiet).getByLabelText("Quiet hours from")).toHaveValue("22:00");
    expect(within(quiet).getByLabelText("Quiet hours until")).toHaveValue("07:00");

    // The words follow the times as they are changed.
    fireEvent.change(within(quiet).getByLabelText("Quiet hours until"), { target: { value: "06:30" } });
    expect(quiet).toHaveTextContent("No reminders from 22:00 until 06:30; a reminder at 06:30 is sent.");
    fireEvent.change(within(quiet).getByLabelText("Quiet hours from"), { target: { value: "06:30" } });
    expect(quiet).toHaveTextContent("No quiet hours: reminders may go out at any time of day.");
  });

  it("finds the practice's new zone by typing its city, and saves it", async () => {
    const net = mockFetch(routes());
    renderApp("/app/settings");
    const user = userEvent.setup();

    const zone = await screen.findByLabelText("Time zone");
    expect(zone).toHaveValue("Europe/London");
    expect(zone).toHaveAccessibleDescription(/Reminders follow each client's own time zone/);
    await user.type(screen.getByRole("searchbox", { name: "Search by city or region" }), "new york");
    expect(zone).toHaveValue("America/New_York");
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    expect(await net.to("PATCH /api/practice")[0].json()).toMatchObject({
      time_zone: "America/New_York",
      quiet_hours_start: "22:00",
      quiet_hours_end: "07:00",
    });
  });
});
