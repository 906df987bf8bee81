import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PracticeSettings } from "../../api/team";
import { PRACTICE_SETTINGS } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const SETTINGS: PracticeSettings = PRACTICE_SETTINGS;

/** Sets a type=time input the way a browser reports it: "HH:MM". */
function setTime(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("settings page", () => {
  it("loads the settings and saves them with HH:MM times, the time zone and the two-factor rule", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/practice": () => json(200, SETTINGS),
      "PATCH /api/practice": async (r) => json(200, await r.json()),
    });
    renderApp("/app/settings");
    const user = userEvent.setup();

    const name = await screen.findByLabelText("Practice name");
    expect(name).toHaveValue("Harbour Counselling");
    expect(screen.getByLabelText("Reminders may start at")).toHaveAttribute("type", "time");
    expect(screen.getByLabelText("Reminders may start at")).toHaveValue("08:00");
    const zone = screen.getByLabelText("Time zone");
    expect(zone).toHaveValue("Europe/London");
    expect(within(zone).getAllByRole("option").length).toBeGreaterThan(50);

    await user.clear(name);
    await user.type(name, "Harbour Counselling Rooms");
    await user.selectOptions(zone, "America/New_York");
    setTime("Reminders may start at", "09:30");
    setTime("Reminders stop at", "19:15");
    setTime("Quiet hours from", "22:00");
    setTime("Quiet hours until", "06:45");
    await user.click(screen.getByLabelText("Require two-factor sign-in for all members"));
    const pin = screen.getByLabelText("Ask clients for a PIN before showing their past entries");
    expect(pin).toBeChecked();
    await user.click(pin);
    // The owner has not set it up: saving would send them to enrol first, and the page says so.
    expect(screen.getByText(/You have not set up two-factor sign-in yourself/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Settings saved.");
    expect(await net.to("PATCH /api/practice")[0].json()).toEqual({
      name: "Harbour Counselling Rooms",
      time_zone: "America/New_York",
      reminder_window_start: "09:30",
      reminder_window_end: "19:15",
      quiet_hours_start: "22:00",
      quiet_hours_end: "06:45",
      require_two_factor: true,
      homework_pin_required: false,
    });
  });

  it("shows the API's field errors next to their fields and in the summary", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/practice": () => json(200, SETTINGS),
      "PATCH /api/practice": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          reminder_window_end: "must be later than the start of the reminder window",
          quiet_hours_start: "quiet hours cover the whole reminder window, so no reminder could ever be sent",
        }),
    });
    renderApp("/app/settings");
    const user = userEvent.setup();

    await screen.findByLabelText("Practice name");
    setTime("Reminders stop at", "07:00");
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    expect(within(alert).getByRole("link", { name: /Reminders stop at/ })).toHaveAttribute("href", "#reminder_window_end");
    const end = screen.getByLabelText("Reminders stop at");
    expect(end).toHaveAttribute("aria-invalid", "true");
    expect(end).toHaveAccessibleDescription("must be later than the start of the reminder window");
    expect(screen.getByLabelText("Quiet hours from")).toHaveAccessibleDescription(/quiet hours cover the whole/);
    expect(screen.getByLabelText("Reminders may start at")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("is not offered to clinicians, and does not load the settings for them", async () => {
    const net = mockFetch({ "GET /api/auth/me": () => json(200, { ...ME, role: "clinician" }) });
    renderApp("/app/settings");

    expect(await screen.findByText(/Only the owner and admins can change the practice's settings/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Practice name")).not.toBeInTheDocument();
    expect(net.to("GET /api/practice")).toHaveLength(0);
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Settings" })).not.toBeInTheDocument();
  });
});
