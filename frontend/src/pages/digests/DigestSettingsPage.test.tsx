import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DigestSettings } from "../../api/digests";
import { formatDayAndTime } from "../../components/format";
import { daysFromNow } from "../../test/clock";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

// The tests' clock is Tuesday 24 November 2026, 12:00 UTC: the next Monday 08:00 is six days on.
const SETTINGS: DigestSettings = {
  weekday: "monday",
  hour: 8,
  time_zone: "Europe/London",
  email: true,
  next_send_at: daysFromNow(6, "08:00"),
};

describe("digest settings", () => {
  it("shows the settings, Monday first and every hour, and when the next digest is made", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), "GET /api/digests/settings": () => json(200, SETTINGS) });
    renderApp("/app/digests/settings");

    const day = await screen.findByLabelText("Day");
    expect(screen.getByRole("heading", { level: 1, name: "Digest settings" })).toBeInTheDocument();
    expect(day).toHaveValue("monday");
    expect(within(day).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Monday",
      "Tuesday",
      "Wednesday",
      "Thursday",
      "Friday",
      "Saturday",
      "Sunday",
    ]);
    const hour = screen.getByLabelText("Time");
    expect(hour).toHaveValue("8");
    const hours = within(hour).getAllByRole("option").map((o) => o.textContent);
    expect(hours).toHaveLength(24);
    expect([hours[0], hours[8], hours[23]]).toEqual(["00:00", "08:00", "23:00"]);
    expect(screen.getByLabelText("Time zone")).toHaveValue("Europe/London");
    const email = screen.getByLabelText("Email me when my digest is ready");
    expect(email).toBeChecked();
    expect(email).toHaveAccessibleDescription(/only says how many clients need your attention.*No names or answers are in it/);
    expect(
      screen.getByText(`Your next digest will be made on ${formatDayAndTime(SETTINGS.next_send_at!)} (UTC time).`),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to your digest" })).toHaveAttribute("href", "/app/digests");
  });

  it("saves the day, hour, time zone and email choice, and says when the next digest is made", async () => {
    const next = daysFromNow(3, "22:00");
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/digests/settings": () => json(200, SETTINGS),
      "PUT /api/digests/settings": async (r) => json(200, { ...(await r.json()), next_send_at: next }),
    });
    renderApp("/app/digests/settings");
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByLabelText("Day"), "friday");
    await user.selectOptions(screen.getByLabelText("Time"), "17:00");
    await user.selectOptions(screen.getByLabelText("Time zone"), "America/New_York");
    await user.click(screen.getByLabelText("Email me when my digest is ready"));
    await user.click(screen.getByRole("button", { name: "Save digest settings" }));

    const status = await screen.findByRole("status");
    expect(status).toHaveTextContent("Digest settings saved.");
    expect(status).toHaveTextContent(`Your next digest will be made on ${formatDayAndTime(next)} (UTC time).`);
    expect(net.to("PUT /api/digests/settings")).toHaveLength(1);
    expect(await net.to("PUT /api/digests/settings")[0].json()).toEqual({
      weekday: "friday",
      hour: 17,
      time_zone: "America/New_York",
      email: false,
    });
    expect(net.to("PUT /api/digests/settings")[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("shows the API's field errors beside the day and the hour, and in the summary", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/digests/settings": () => json(200, SETTINGS),
      "PUT /api/digests/settings": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          weekday: "must be a day of the week: monday, tuesday, … sunday",
          hour: "must be a whole hour from 0 to 23",
        }),
    });
    renderApp("/app/digests/settings");
    const user = userEvent.setup();

    await screen.findByLabelText("Day");
    await user.click(screen.getByRole("button", { name: "Save digest settings" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    expect(within(alert).getByRole("link", { name: /^Day:/ })).toHaveAttribute("href", "#weekday");
    expect(within(alert).getByRole("link", { name: /^Time:/ })).toHaveAttribute("href", "#hour");
    const day = screen.getByLabelText("Day");
    expect(day).toHaveAttribute("aria-invalid", "true");
    expect(day).toHaveAccessibleDescription("must be a day of the week: monday, tuesday, … sunday");
    const hour = screen.getByLabelText("Time");
    expect(hour).toHaveAttribute("aria-invalid", "true");
    expect(hour).toHaveAccessibleDescription("must be a whole hour from 0 to 23");
    expect(screen.getByLabelText("Time zone")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByText("Digest settings saved.", { exact: false })).not.toBeInTheDocument();
  });
});
