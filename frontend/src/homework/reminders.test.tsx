import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { daysFromNow, TODAY } from "../test/clock";
import type { ReminderChoices } from "./api";
import { apiError, json, mockFetch, renderHomework, sessionRoutes, type Handler } from "./testing";

// Today is the tests' fixed clock's (src/test/clock.ts), in the session's zone (Europe/London).
beforeEach(() => localStorage.clear());

const PLAIN: ReminderChoices = { preferred_at: null, paused_until: null, off: false, email_unsubscribed: false };

/** The session's routes with GET and PUT /api/homework/reminders. */
function routes(current: ReminderChoices, put?: Handler | Handler[]) {
  return sessionRoutes([], {
    "GET /api/homework/reminders": () => json(200, current),
    "PUT /api/homework/reminders":
      put ?? (async (request: Request) => json(200, (await request.json()) as ReminderChoices)),
  });
}

async function openReminders(user: UserEvent) {
  await user.click(await screen.findByRole("button", { name: "Change my reminders" }));
  const h1 = await screen.findByRole("heading", { level: 1, name: "Reminders" });
  await screen.findByRole("button", { name: "Save my choices" });
  return h1;
}

const group = (name: string) => screen.getByRole("group", { name });

describe("reminders", () => {
  it("shows the client's current choices, reached from Today", async () => {
    const net = mockFetch(routes({ preferred_at: "07:30", paused_until: daysFromNow(10), off: false, email_unsubscribed: false }));
    renderHomework();
    const user = userEvent.setup();
    const h1 = await openReminders(user);

    await waitFor(() => expect(h1).toHaveFocus()); // an effect's work, maybe after the render
    expect(document.title).toBe("Reminders · Steady");
    expect(within(group("Reminders")).getByLabelText("Remind me about my homework")).toBeChecked();
    const when = group("When should we remind you?");
    expect(within(when).getByLabelText("At a time I choose, for all of them")).toBeChecked();
    expect(screen.getByLabelText("Your time")).toHaveValue("07:30");
    const pause = group("Take a break");
    expect(within(pause).getByLabelText("Pause reminders until a day I choose")).toBeChecked();
    const until = screen.getByLabelText("No reminders until");
    expect(until).toHaveValue(daysFromNow(10));
    expect(until).toHaveAttribute("min", daysFromNow(1));
    expect(until).toHaveAttribute("max", daysFromNow(90));
    expect(until).toHaveAccessibleDescription(/up to 90 days/);
    // Email reminders were never stopped: nothing to turn back on.
    expect(screen.queryByRole("group", { name: "Reminder emails" })).not.toBeInTheDocument();
    expect(net.writes()).toHaveLength(0);
  });

  it("shows each exercise's time, no break, and reminders off as such; an ended break is no break", async () => {
    mockFetch(routes({ preferred_at: null, paused_until: TODAY, off: true, email_unsubscribed: false }));
    renderHomework();
    const user = userEvent.setup();
    await openReminders(user);

    const onOff = group("Reminders");
    expect(within(onOff).getByLabelText("Turn all reminders off")).toBeChecked();
    expect(onOff).toHaveAccessibleDescription(/You won't get any reminders/);
    // Off: the time and the break are put away until reminders are on again.
    expect(screen.queryByRole("group", { name: "When should we remind you?" })).not.toBeInTheDocument();

    await user.click(within(onOff).getByLabelText("Remind me about my homework"));
    expect(within(group("When should we remind you?")).getByLabelText("At each exercise's own time")).toBeChecked();
    expect(screen.queryByLabelText("Your time")).not.toBeInTheDocument();
    expect(within(group("Take a break")).getByLabelText("Don't pause")).toBeChecked();
    expect(screen.queryByLabelText("No reminders until")).not.toBeInTheDocument();
  });

  it("saves all four choices in one PUT with the CSRF header, and says so", async () => {
    const net = mockFetch(routes(PLAIN));
    renderHomework();
    const user = userEvent.setup();
    await openReminders(user);

    await user.click(screen.getByLabelText("At a time I choose, for all of them"));
    await user.type(screen.getByLabelText("Your time"), "18:45");
    await user.click(screen.getByLabelText("Pause reminders until a day I choose"));
    await user.type(screen.getByLabelText("No reminders until"), daysFromNow(14));
    const save = screen.getByRole("button", { name: "Save my choices" });
    await user.click(save);

    expect(await screen.findByRole("status")).toHaveTextContent("Your choices are saved.");
    const puts = net.to("PUT /api/homework/reminders");
    expect(puts).toHaveLength(1);
    expect(puts[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(puts[0].headers.get("Content-Type")).toMatch(/application\/json/);
    expect(await puts[0].json()).toEqual({
      preferred_at: "18:45",
      paused_until: daysFromNow(14),
      off: false,
      email_unsubscribed: false,
    });
    expect(save).toHaveFocus();

    // Turning everything off is one more save; any change clears "saved".
    await user.click(screen.getByLabelText("Turn all reminders off"));
    expect(screen.getByRole("status")).toBeEmptyDOMElement();
    await user.click(save);
    await waitFor(() => expect(net.to("PUT /api/homework/reminders")).toHaveLength(2));
    expect(await net.to("PUT /api/homework/reminders")[1].json()).toEqual({
      preferred_at: "18:45",
      paused_until: daysFromNow(14),
      off: true,
      email_unsubscribed: false,
    });
    expect(await screen.findByRole("status")).toHaveTextContent("Your choices are saved.");
  });

  it("shows a quiet-hours refusal next to the time, keeping what was chosen", async () => {
    const quiet = "23:30 is inside your practice's quiet hours (21:00 to 08:00): choose another time";
    const net = mockFetch(
      routes(PLAIN, () => apiError(422, "validation_failed", "Some fields need attention.", { preferred_at: quiet })),
    );
    renderHomework();
    const user = userEvent.setup();
    await openReminders(user);

    await user.click(screen.getByLabelText("At a time I choose, for all of them"));
    await user.type(screen.getByLabelText("Your time"), "23:30");
    await user.click(screen.getByRole("button", { name: "Save my choices" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please check your choices");
    expect(alert).toHaveTextContent(`Your time: ${quiet}.`);
    await waitFor(() => expect(alert).toHaveFocus());

    const time = screen.getByLabelText("Your time");
    expect(time).toHaveValue("23:30");
    expect(time).toBeInvalid();
    expect(time).toHaveAccessibleDescription(expect.stringContaining(`${quiet}.`));
    expect(time.closest(".hw-field")).toHaveTextContent(`Error: ${quiet}.`); // next to the time itself
    expect(screen.getByLabelText("At a time I choose, for all of them")).toBeChecked();
    expect(screen.getByLabelText("Don't pause")).toBeChecked();
    expect(screen.getByRole("status")).not.toHaveTextContent("saved");
    expect(await net.to("PUT /api/homework/reminders")[0].json()).toMatchObject({ preferred_at: "23:30" });

    // The summary's link takes the keyboard to the time.
    await user.click(within(alert).getByRole("link"));
    expect(time).toHaveFocus();
  });

  it("asks for a time or a day before sending anything", async () => {
    const net = mockFetch(routes(PLAIN));
    renderHomework();
    const user = userEvent.setup();
    await openReminders(user);

    await user.click(screen.getByLabelText("At a time I choose, for all of them"));
    await user.click(screen.getByLabelText("Pause reminders until a day I choose"));
    await user.click(screen.getByRole("button", { name: "Save my choices" }));

    const alert = await screen.findByRole("alert");
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.getByLabelText("Your time")).toHaveAccessibleDescription(/Choose a time/);
    expect(screen.getByLabelText("No reminders until")).toHaveAccessibleDescription(/Choose the day your reminders/);
    expect(net.writes()).toHaveLength(0);
  });

  it("says email reminders are off after an unsubscribe, and turns them back on", async () => {
    const net = mockFetch(routes({ ...PLAIN, email_unsubscribed: true }));
    renderHomework();
    const user = userEvent.setup();
    await openReminders(user);

    const email = group("Reminder emails");
    expect(email).toHaveAccessibleDescription(/Reminder emails are off because you unsubscribed/);
    const back = within(email).getByLabelText("Send me reminder emails again");
    expect(back).not.toBeChecked();
    await user.click(back);
    await user.click(screen.getByRole("button", { name: "Save my choices" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Your choices are saved. Reminder emails are back on.");
    expect(await net.to("PUT /api/homework/reminders")[0].json()).toEqual({ ...PLAIN, email_unsubscribed: false });
    expect(screen.queryByRole("group", { name: "Reminder emails" })).not.toBeInTheDocument();
  });

  it("keeps email reminders off when the box is left unticked", async () => {
    const net = mockFetch(routes({ ...PLAIN, email_unsubscribed: true }));
    renderHomework();
    const user = userEvent.setup();
    await openReminders(user);

    await user.click(screen.getByLabelText("Turn all reminders off"));
    await user.click(screen.getByRole("button", { name: "Save my choices" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Your choices are saved.");
    expect(await net.to("PUT /api/homework/reminders")[0].json()).toEqual({ ...PLAIN, off: true, email_unsubscribed: true });
    expect(group("Reminder emails")).toBeInTheDocument();
  });

  it("keeps the choices on screen when the connection drops while saving", async () => {
    const net = mockFetch(
      routes(PLAIN, () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await openReminders(user);

    await user.click(screen.getByLabelText("At a time I choose, for all of them"));
    await user.type(screen.getByLabelText("Your time"), "09:15");
    await user.click(screen.getByRole("button", { name: "Save my choices" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(/No connection, so your choices aren't saved yet/);
    expect(screen.getByLabelText("Your time")).toHaveValue("09:15");
    expect(net.to("PUT /api/homework/reminders")).toHaveLength(1);
  });

  it("offers to try again when the choices can't be loaded", async () => {
    const net = mockFetch(
      sessionRoutes([], {
        "GET /api/homework/reminders": [() => apiError(500, "internal", "Something went wrong."), () => json(200, PLAIN)],
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Change my reminders" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong.");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByLabelText("At each exercise's own time")).toBeChecked();
    expect(net.to("GET /api/homework/reminders")).toHaveLength(2);
  });

  it("goes back to the welcome screen when the session has ended", async () => {
    mockFetch(
      sessionRoutes([], {
        "GET /api/homework/reminders": () => apiError(401, "client_unauthenticated", "Open your link."),
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Change my reminders" }));

    expect(await screen.findByRole("button", { name: "Open my homework" })).toBeInTheDocument();
    expect(screen.getByText(/your session ended/)).toBeInTheDocument();
  });
});
