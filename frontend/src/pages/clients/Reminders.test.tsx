import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Assignment } from "../../api/assignments";
import type { ReminderDelivery } from "../../api/reminders";
import { daysFromNow } from "../../test/clock";
import { ALEX_ASSIGNMENT, ALEX_ID, COUPLE, COUPLE_ID, SAM, SAM_ASSIGNMENT, SAM_ASSIGNMENT_ID, SAM_ID, SCREEN_PROCEED } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const remindersUrl = `/api/assignments/${SAM_ASSIGNMENT_ID}/reminders`;
const logUrl = `/api/clients/${SAM_ID}/reminders`;
const QUIET_HOURS = "22:30 is inside the practice's quiet hours (no reminders from 22:00 until 07:00, in the client's own time): choose a time outside them";
const NO_SMS = "text reminders need the client's mobile number and their consent to texts";

function base(assignments: Assignment[] = [SAM_ASSIGNMENT], deliveries: ReminderDelivery[] = []) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/auth/csrf": csrfTokens(),
    [`GET /api/clients/${SAM_ID}`]: () => json(200, SAM),
    [`GET /api/clients/${SAM_ID}/assignments`]: () => json(200, { assignments }),
    [`GET /api/clients/${SAM_ID}/homework-link`]: () => json(200, { status: "none" }),
    [`GET ${logUrl}`]: () => json(200, { deliveries }),
  };
}

function delivery(over: Partial<ReminderDelivery>): ReminderDelivery {
  return {
    id: "d0d0d0d0-0000-4000-8000-000000000001",
    assignment_id: SAM_ASSIGNMENT_ID,
    assignment_title: "Every kind of question",
    occurrence_date: daysFromNow(-1),
    kind: "reminder",
    channel: "email",
    status: "sent",
    reason: "",
    created_at: daysFromNow(-1, "19:00"),
    sent_at: daysFromNow(-1, "19:00:05"),
    ...over,
  };
}

async function openForm(title = "Every kind of question") {
  const user = userEvent.setup();
  const card = await screen.findByRole("article", { name: title });
  await user.click(within(card).getByRole("button", { name: `Change reminders for ${title}` }));
  const form = within(card).getByRole("form", { name: `Change reminders for ${title}` });
  return { user, card, form };
}

describe("an assignment's reminders", () => {
  it("says each assignment's reminders in words", async () => {
    const text = { ...SAM_ASSIGNMENT, id: "a5a5a5a5-0005-4000-8000-000000000005", title: "By text", reminders: { channel: "sms" as const, at: "08:30", nudge: false } };
    const both = { ...SAM_ASSIGNMENT, id: "a5a5a5a5-0006-4000-8000-000000000006", title: "By both", reminders: { channel: "both" as const, at: "07:15", nudge: true } };
    const none = { ...SAM_ASSIGNMENT, id: "a5a5a5a5-0007-4000-8000-000000000007", title: "Quiet", reminders: { channel: "none" as const, at: null, nudge: true } };
    const stopped = { ...SAM_ASSIGNMENT, id: "a5a5a5a5-0008-4000-8000-000000000008", title: "Over", status: "stopped" as const };
    const paused = { ...ALEX_ASSIGNMENT, client_id: SAM_ID };
    mockFetch(base([SAM_ASSIGNMENT, text, both, none, paused, stopped]));
    renderApp(`/app/clients/${SAM_ID}/homework`);

    const section = await screen.findByRole("region", { name: "Assignments" });
    const cards = await within(section).findAllByRole("article");
    expect(cards.map((c) => c.querySelector(".assignment-reminders")?.textContent ?? null)).toEqual([
      "Reminders by email at 19:00 (the exercise's time), with a nudge the next day if it's not done",
      "Reminders by text message at 08:30, without a nudge",
      "Reminders by email and text message at 07:15, with a nudge the next day if it's not done",
      "No reminders",
      "Reminders by email at 08:00 (the exercise's time), with a nudge the next day if it's not done · None are sent while it is paused",
      null,
    ]);
    expect(within(cards[5]).queryByRole("button", { name: /Change reminders/ })).not.toBeInTheDocument();
  });

  it("opens the form with the current settings, saves the new ones, and says so", async () => {
    const saved: Assignment = { ...SAM_ASSIGNMENT, reminders: { channel: "both", at: "08:30", nudge: false } };
    const net = mockFetch({
      ...base(),
      [`GET /api/clients/${SAM_ID}/assignments`]: [
        () => json(200, { assignments: [SAM_ASSIGNMENT] }),
        () => json(200, { assignments: [saved] }),
      ],
      [`PUT ${remindersUrl}`]: () => json(200, saved),
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const { user, card, form } = await openForm();

    expect(within(card).getByRole("heading", { name: "Change reminders for Every kind of question" })).toHaveFocus();
    // Pause and stop wait while the form is open.
    expect(within(card).queryByRole("button", { name: /Pause|Stop/ })).not.toBeInTheDocument();
    const channel = within(form).getByRole("group", { name: "Send reminders by" });
    expect(within(channel).getAllByRole("radio").map((r) => r.closest("li")?.textContent)).toEqual([
      "Email",
      "Text message",
      "Email and text",
      "No reminders",
    ]);
    expect(within(channel).getByRole("radio", { name: "Email" })).toBeChecked();
    const exerciseTime = within(form).getByRole("checkbox", { name: "Use the exercise's time (19:00)" });
    expect(exerciseTime).toBeChecked();
    const time = within(form).getByLabelText("Reminder time");
    expect(time).toHaveAttribute("type", "time");
    expect(time).toBeDisabled();
    expect(time).toHaveValue("19:00");
    const nudge = within(form).getByRole("checkbox", { name: "Send one nudge the next day if it's still not done" });
    expect(nudge).toBeChecked();

    await user.click(within(channel).getByRole("radio", { name: "Email and text" }));
    await user.click(exerciseTime);
    expect(time).toBeEnabled();
    await user.clear(time);
    await user.type(time, "08:30");
    await user.click(nudge);
    await user.click(within(form).getByRole("button", { name: "Save reminders" }));

    const put = await waitFor(() => {
      const [request] = net.to(`PUT ${remindersUrl}`);
      expect(request).toBeDefined();
      return request;
    });
    expect(await put.json()).toEqual({ channel: "both", at: "08:30", nudge: false });
    expect(put.headers.get("X-CSRF-Token")).toBe("csrf-1");

    const change = await within(card).findByRole("button", { name: "Change reminders for Every kind of question" });
    await waitFor(() => expect(change).toHaveFocus());
    expect(within(card).queryByRole("form")).not.toBeInTheDocument();
    expect(
      within(card).getByText("Reminders saved. Reminders by email and text message at 08:30, without a nudge."),
    ).toHaveAttribute("role", "status");
    // The list is fetched again and shows the new settings.
    await waitFor(() =>
      expect(card.querySelector(".assignment-reminders")).toHaveTextContent("Reminders by email and text message at 08:30, without a nudge"),
    );
    expect(net.to(`GET /api/clients/${SAM_ID}/assignments`)).toHaveLength(2);
  });

  it("shows a refused time next to the time field, with everything entered kept", async () => {
    const net = mockFetch({
      ...base(),
      [`PUT ${remindersUrl}`]: [
        () => apiError(422, "validation_failed", "Please correct the highlighted fields.", { at: QUIET_HOURS }),
        () => apiError(422, "validation_failed", "Please correct the highlighted fields.", { channel: NO_SMS }),
      ],
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const { user, card, form } = await openForm();

    await user.click(within(form).getByRole("radio", { name: "Email and text" }));
    await user.click(within(form).getByRole("checkbox", { name: "Use the exercise's time (19:00)" }));
    const time = within(form).getByLabelText("Reminder time");
    await user.clear(time);
    await user.type(time, "22:30");
    await user.click(within(form).getByRole("checkbox", { name: /Send one nudge/ }));
    await user.click(within(form).getByRole("button", { name: "Save reminders" }));

    const alert = await within(card).findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    expect(within(alert).getByRole("link", { name: `Reminder time: ${QUIET_HOURS}` })).toHaveAttribute("href", `#${time.id}`);
    expect(time).toHaveAttribute("aria-invalid", "true");
    expect(time).toHaveAccessibleDescription(expect.stringContaining(QUIET_HOURS));
    // Nothing entered is lost.
    expect(time).toHaveValue("22:30");
    expect(within(form).getByRole("radio", { name: "Email and text" })).toBeChecked();
    expect(within(form).getByRole("checkbox", { name: "Use the exercise's time (19:00)" })).not.toBeChecked();
    expect(within(form).getByRole("checkbox", { name: /Send one nudge/ })).not.toBeChecked();
    expect(within(form).getByRole("group", { name: "Send reminders by" })).not.toHaveAttribute("aria-invalid");

    // A channel the client has no consent for is shown on the channel choice.
    await user.clear(time);
    await user.type(time, "18:00");
    await user.click(within(form).getByRole("button", { name: "Save reminders" }));
    const channel = within(form).getByRole("group", { name: "Send reminders by" });
    await waitFor(() => expect(channel).toHaveAccessibleDescription(expect.stringContaining(NO_SMS)));
    expect(within(channel).getByRole("radio", { name: "Email and text" })).toHaveAttribute("aria-invalid", "true");
    expect(time).not.toHaveAttribute("aria-invalid");
    expect(net.to(`PUT ${remindersUrl}`)).toHaveLength(2);
    expect(await net.to(`PUT ${remindersUrl}`)[1].json()).toEqual({ channel: "both", at: "18:00", nudge: false });
  });

  it("hides the time and nudge for no reminders, and checks a typed time before sending", async () => {
    const net = mockFetch({ ...base(), [`PUT ${remindersUrl}`]: () => json(200, SAM_ASSIGNMENT) });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const { user, card, form } = await openForm();

    await user.click(within(form).getByRole("checkbox", { name: /Use the exercise's time/ }));
    await user.clear(within(form).getByLabelText("Reminder time"));
    await user.click(within(form).getByRole("button", { name: "Save reminders" }));
    expect(await within(card).findByRole("alert")).toHaveTextContent("Enter a time like 08:30.");
    expect(within(form).getByLabelText("Reminder time")).toHaveAttribute("aria-invalid", "true");
    expect(net.to(`PUT ${remindersUrl}`)).toHaveLength(0);

    await user.click(within(form).getByRole("radio", { name: "No reminders" }));
    expect(within(form).queryByLabelText("Reminder time")).not.toBeInTheDocument();
    expect(within(form).queryByRole("checkbox")).not.toBeInTheDocument();
    await user.click(within(form).getByRole("button", { name: "Save reminders" }));
    await waitFor(() => expect(net.to(`PUT ${remindersUrl}`)).toHaveLength(1));
    expect(await net.to(`PUT ${remindersUrl}`)[0].json()).toEqual({ channel: "none", at: null, nudge: true });
  });

  it("puts focus back on its button when cancelled, sending nothing", async () => {
    const net = mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const { user, card, form } = await openForm();
    await user.click(within(form).getByRole("radio", { name: "Text message" }));
    await user.click(within(form).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(within(card).getByRole("button", { name: "Change reminders for Every kind of question" })).toHaveFocus());
    expect(within(card).queryByRole("form")).not.toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Pause Every kind of question" })).toBeInTheDocument();
    expect(net.writes()).toHaveLength(0);
  });

  it("can be changed on each partner's assignment on the couple page", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE),
      [`GET /api/couples/${COUPLE_ID}/safety-screens`]: () => json(200, { screens: [SCREEN_PROCEED] }),
      [`GET /api/couples/${COUPLE_ID}/assignments`]: () =>
        json(200, {
          partners: [
            { client_id: ALEX_ID, name: "Alex Moreau", trust_role: "caused_harm", assignments: [ALEX_ASSIGNMENT] },
            { client_id: SAM_ID, name: "Samira Haddad", trust_role: "hurt", assignments: [SAM_ASSIGNMENT] },
          ],
        }),
    });
    renderApp(`/app/couples/${COUPLE_ID}`);
    const { form } = await openForm("Daily consistency log");
    expect(within(form).getByRole("checkbox", { name: "Use the exercise's time (08:00)" })).toBeChecked();
    // Each card's fields have their own ids.
    expect(screen.getByRole("button", { name: "Change reminders for Every kind of question" })).toBeInTheDocument();
    expect(within(form).getByLabelText("Reminder time").id).toContain(ALEX_ASSIGNMENT.id);
  });
});

describe("the client's reminder log", () => {
  it("lists deliveries newest first, with failed ones marked and their reasons", async () => {
    const deliveries = [
      delivery({
        id: "d0d0d0d0-0000-4000-8000-000000000003",
        occurrence_date: daysFromNow(-1),
        kind: "nudge",
        channel: "sms",
        status: "failed",
        reason: "The mobile number was refused by the carrier",
        created_at: daysFromNow(0, "19:00"),
        sent_at: null,
      }),
      delivery({ id: "d0d0d0d0-0000-4000-8000-000000000002", occurrence_date: daysFromNow(-2), status: "skipped", reason: "Already done", sent_at: null }),
      delivery({ occurrence_date: daysFromNow(-3) }),
    ];
    mockFetch(base([SAM_ASSIGNMENT], deliveries));
    renderApp(`/app/clients/${SAM_ID}/homework`);

    const section = await screen.findByRole("region", { name: "Reminders" });
    const table = await within(section).findByRole("table", { name: "Reminders and nudges to Samira Haddad, newest first" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Homework day",
      "Exercise",
      "Kind",
      "Channel",
      "Status",
      "Reason",
    ]);
    const rows = within(table).getAllByRole("row").slice(1);
    const cells = rows.map((r) => within(r).getAllByRole("cell").map((c) => c.textContent));
    expect(cells[0]).toEqual([
      expect.stringMatching(/^Mon 23 Nov/),
      "Every kind of question",
      "Nudge",
      "Text",
      "Failed",
      "The mobile number was refused by the carrier",
    ]);
    expect(cells[1]).toEqual([expect.stringMatching(/^Sun 22 Nov/), "Every kind of question", "Reminder", "Email", "Skipped", "Already done"]);
    expect(cells[2].slice(0, 4)).toEqual([expect.stringMatching(/^Sat 21 Nov/), "Every kind of question", "Reminder", "Email"]);
    expect(cells[2][4]).toMatch(/^Sent/);
    expect(cells[2][5]).toBe("None");
    expect(within(rows[2]).getByText(/^Sent$/).nextElementSibling).toHaveAttribute("datetime", daysFromNow(-1, "19:00:05"));
    // The failed row is marked beyond its colour: its own class (a bar) and the word.
    expect(rows[0]).toHaveClass("delivery-failed");
    expect(rows[1]).not.toHaveClass("delivery-failed");
  });

  it("says when nothing has been sent yet", async () => {
    mockFetch(base());
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const section = await screen.findByRole("region", { name: "Reminders" });
    expect(await within(section).findByText("No reminders yet.")).toBeInTheDocument();
    expect(within(section).queryByRole("table")).not.toBeInTheDocument();
  });

  it("says when the log could not be loaded, and tries again", async () => {
    const net = mockFetch({
      ...base(),
      [`GET ${logUrl}`]: [() => apiError(500, "internal", "Something went wrong on our side."), () => json(200, { deliveries: [delivery({})] })],
    });
    renderApp(`/app/clients/${SAM_ID}/homework`);
    const user = userEvent.setup();
    const section = await screen.findByRole("region", { name: "Reminders" });
    expect(await within(section).findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    await user.click(within(section).getByRole("button", { name: "Try again" }));
    expect(await within(section).findByRole("table")).toBeInTheDocument();
    expect(net.to(`GET ${logUrl}`)).toHaveLength(2);
  });
});
