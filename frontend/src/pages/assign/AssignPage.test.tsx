import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { daysFromNow, TODAY } from "../../test/clock";
import {
  ALEX,
  ALEX_ASSIGNMENT,
  ALEX_ID,
  COUPLE,
  COUPLE_ID,
  exercise,
  library,
  LIBRARY,
  SAM,
  SAM_ASSIGNMENT,
  SAM_ID,
  SCREEN_PROCEED,
  TEMPLATE_ID,
  templates,
} from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const base = {
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  "GET /api/exercises/library": library,
  "GET /api/exercises/templates": templates,
  [`GET /api/clients/${SAM_ID}`]: () => json(200, SAM),
  [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE),
  [`GET /api/couples/${COUPLE_ID}/safety-screens`]: () => json(200, { screens: [SCREEN_PROCEED] }),
  // Where the form goes after assigning.
  [`GET /api/clients/${SAM_ID}/assignments`]: () => json(200, { assignments: [SAM_ASSIGNMENT] }),
  [`GET /api/clients/${SAM_ID}/homework-link`]: () => json(200, { status: "none" }),
  [`GET /api/couples/${COUPLE_ID}/assignments`]: () =>
    json(200, {
      partners: [
        { client_id: ALEX_ID, name: "Alex Moreau", trust_role: "caused_harm", assignments: [ALEX_ASSIGNMENT] },
        { client_id: SAM_ID, name: "Samira Haddad", trust_role: "hurt", assignments: [SAM_ASSIGNMENT] },
      ],
    }),
};

const created = () => json(201, { assignments: [SAM_ASSIGNMENT] });

async function setTime(user: UserEvent, value: string) {
  const time = screen.getByLabelText("Time of day");
  await user.clear(time);
  await user.type(time, value);
}

describe("assign form", () => {
  it("(a) assigns one client a daily exercise, with today and 19:00 by default, then opens their homework", async () => {
    const net = mockFetch({ ...base, "POST /api/assignments": created });
    renderApp(`/app/assign?client=${SAM_ID}`);
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "Assign homework" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM_ID}`);
    expect(screen.queryByRole("group", { name: "Exercise for each partner" })).not.toBeInTheDocument();

    const picker = screen.getByLabelText("Exercise");
    expect(within(picker).getAllByRole("group").map((g) => g.getAttribute("label"))).toEqual(["Atone", "Attune", "Attach", "Any time"]);
    expect(within(picker).getByRole("option", { name: "Our Sunday check-in (your practice)" })).toHaveValue(`template:${TEMPLATE_ID}`);
    await user.selectOptions(picker, "Daily consistency log");
    expect(screen.getByText("A short daily record of doing what you said you would.")).toBeInTheDocument();

    expect(screen.getByLabelText("Daily")).toBeChecked();
    expect(screen.getByLabelText("Start date")).toHaveValue(TODAY);
    expect(screen.getByLabelText("Time of day")).toHaveValue("19:00");
    expect(screen.getByLabelText("Time of day")).toHaveAccessibleDescription(
      "Times are in each client's own time zone. Samira Haddad's is Europe/London.",
    );
    await user.type(screen.getByLabelText("End date"), daysFromNow(30));
    await user.click(screen.getByRole("button", { name: "Assign" }));

    expect(await screen.findByText("Assigned “Every kind of question” to Samira Haddad.")).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Homework" })).toHaveAttribute("aria-selected", "true");
    const [post] = net.to("POST /api/assignments");
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(await post.json()).toEqual({
      client_id: SAM_ID,
      exercise: { library: "consistency-log" },
      cadence: { kind: "daily", start: TODAY, end: daysFromNow(30), at: "19:00" },
    });
  });

  it("(b) assigns a couple the same weekly exercise on Monday and Wednesday", async () => {
    const net = mockFetch({ ...base, "POST /api/assignments": created });
    renderApp(`/app/assign?couple=${COUPLE_ID}`);
    const user = userEvent.setup();

    const mode = await screen.findByRole("group", { name: "Exercise for each partner" });
    expect(within(mode).getByLabelText("Same exercise for both partners")).toBeChecked();
    await user.selectOptions(screen.getByLabelText("Exercise"), "Listening without defending");
    // The exercise suggests its cadence.
    expect(screen.getByLabelText("Weekly on chosen days")).toBeChecked();
    const days = screen.getByRole("group", { name: "On these days" });
    expect(within(days).getAllByRole("checkbox").map((c) => [c.getAttribute("value"), c.nextElementSibling?.textContent])).toEqual([
      ["mon", "Monday"],
      ["tue", "Tuesday"],
      ["wed", "Wednesday"],
      ["thu", "Thursday"],
      ["fri", "Friday"],
      ["sat", "Saturday"],
      ["sun", "Sunday"],
    ]);
    // Today, the start date, is a Tuesday: it is ticked until days are chosen by hand.
    expect(within(days).getByLabelText("Tuesday")).toBeChecked();
    await user.click(within(days).getByLabelText("Tuesday"));
    await user.click(within(days).getByLabelText("Wednesday"));
    await user.click(within(days).getByLabelText("Monday"));
    await setTime(user, "08:00");
    await user.click(screen.getByRole("button", { name: "Assign" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Sam and Alex" })).toBeInTheDocument();
    expect(screen.getByText("Assigned “Every kind of question” to Sam and Alex.")).toBeInTheDocument();
    expect(await net.to("POST /api/assignments")[0].json()).toEqual({
      couple_id: COUPLE_ID,
      exercise: { library: "listening-practice" },
      cadence: { kind: "weekly", start: TODAY, weekdays: ["mon", "wed"], at: "08:00" },
    });
  });

  it("(c) assigns each partner their own exercise, suggesting the logs for each role", async () => {
    const net = mockFetch({ ...base, "POST /api/assignments": created });
    renderApp(`/app/assign?couple=${COUPLE_ID}`);
    const user = userEvent.setup();

    await user.click(await screen.findByLabelText("A different exercise for each partner"));
    expect(screen.queryByLabelText("Exercise")).not.toBeInTheDocument();
    const alex = screen.getByLabelText("Exercise for Alex Moreau (the partner who caused the harm)");
    const sam = screen.getByLabelText("Exercise for Samira Haddad (the partner who was hurt)");
    expect(alex).toHaveValue("library:consistency-log");
    expect(alex).toHaveAccessibleDescription("Suggested for the partner who caused the harm: Daily consistency log.");
    expect(sam).toHaveValue("library:follow-through-log");
    expect(sam).toHaveAccessibleDescription("Suggested for the partner who was hurt: Follow-through log.");

    // The search narrows the list of one picker.
    await user.type(screen.getByLabelText("Search exercises for Samira Haddad"), "sunday");
    expect(screen.getByText("1 exercise matches.")).toBeInTheDocument();
    expect(within(sam).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Choose an exercise",
      "Follow-through log", // the current choice stays
      "Our Sunday check-in (your practice)",
    ]);
    await user.selectOptions(sam, "Our Sunday check-in (your practice)");

    await user.click(screen.getByLabelText("Once"));
    expect(screen.queryByLabelText("End date")).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("Due date"), daysFromNow(6));
    await user.click(screen.getByRole("button", { name: "Assign" }));

    await screen.findByRole("heading", { level: 1, name: "Sam and Alex" });
    expect(await net.to("POST /api/assignments")[0].json()).toEqual({
      couple_id: COUPLE_ID,
      partners: [
        { client_id: ALEX_ID, exercise: { library: "consistency-log" } },
        { client_id: SAM_ID, exercise: { template_id: TEMPLATE_ID } },
      ],
      cadence: { kind: "once", start: TODAY, end: daysFromNow(6), at: "19:00" },
    });
  });

  it("sends a programme with its number of days", async () => {
    const net = mockFetch({ ...base, "POST /api/assignments": created });
    renderApp(`/app/assign?client=${SAM_ID}&library=thirty-days`);
    const user = userEvent.setup();
    expect(await screen.findByLabelText("Exercise")).toHaveValue("library:thirty-days");
    expect(screen.getByLabelText(/A programme of N days/)).toBeChecked();
    expect(screen.getByLabelText("Number of days")).toHaveValue(3);
    await user.clear(screen.getByLabelText("Number of days"));
    await user.type(screen.getByLabelText("Number of days"), "2");
    await user.click(screen.getByRole("button", { name: "Assign" }));
    await screen.findByText(/^Assigned/);
    expect((await net.to("POST /api/assignments")[0].json()).cadence).toEqual({ kind: "programme", start: TODAY, days: 2, at: "19:00" });
  });

  it("sends a fortnightly weekly cadence", async () => {
    const net = mockFetch({ ...base, "POST /api/assignments": created });
    renderApp(`/app/assign?client=${SAM_ID}&library=thirty-days`);
    const user = userEvent.setup();
    await screen.findByLabelText("Exercise");
    await user.click(screen.getByLabelText("Weekly on chosen days"));
    await user.selectOptions(screen.getByLabelText("Repeat"), "Every two weeks");
    await user.click(within(screen.getByRole("group", { name: "On these days" })).getByLabelText("Sunday"));
    await user.click(screen.getByRole("button", { name: "Assign" }));
    await screen.findByText(/^Assigned/);
    expect((await net.to("POST /api/assignments")[0].json()).cadence).toEqual({
      kind: "weekly", start: TODAY, weekdays: ["tue", "sun"], every: 2, at: "19:00",
    });
  });

  it("says clearly when the couple needs a safety screen (409 safety_screen_required), with a way to record it", async () => {
    const net = mockFetch({
      ...base,
      [`GET /api/couples/${COUPLE_ID}/safety-screens`]: () => json(200, { screens: [] }),
      "POST /api/assignments": () =>
        apiError(409, "safety_screen_required", "Trust-repair exercises need a safety screen for this couple first."),
    });
    renderApp(`/app/assign?couple=${COUPLE_ID}&library=naming-the-harm`);
    const user = userEvent.setup();

    expect(await screen.findByLabelText("Exercise")).toHaveValue("library:naming-the-harm");
    // Said before sending, too, since the couple has no screen yet.
    expect(await screen.findByText(/Sam and Alex have no safety screen yet/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Assign" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Sam and Alex need a safety screen before trust-repair exercises can be assigned to them.");
    const link = within(alert).getByRole("link", { name: "Record the safety screen for Sam and Alex" });
    expect(link).toHaveAttribute("href", `/app/couples/${COUPLE_ID}#safety-screen`);
    expect(net.to("POST /api/assignments")).toHaveLength(1);

    await user.click(link);
    const heading = await screen.findByRole("heading", { level: 2, name: "Safety screen" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByRole("region", { name: "Safety screen" })).toHaveTextContent(
      "No safety screen yet — trust-repair exercises can't be assigned until one is recorded",
    );
  });

  it("explains a hold (409 safety_screen_hold)", async () => {
    mockFetch({
      ...base,
      [`GET /api/couples/${COUPLE_ID}/safety-screens`]: () =>
        json(200, { screens: [{ ...SCREEN_PROCEED, decision: "hold" }] }),
      "POST /api/assignments": () => apiError(409, "safety_screen_hold", "The newest safety screen says hold."),
    });
    renderApp(`/app/assign?couple=${COUPLE_ID}&library=naming-the-harm`);
    const user = userEvent.setup();
    await screen.findByLabelText("Exercise");
    await user.click(screen.getByRole("button", { name: "Assign" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The newest safety screen for Sam and Alex says to hold trust-repair homework");
    expect(within(alert).getByRole("link", { name: "See the safety screen for Sam and Alex" })).toHaveAttribute(
      "href",
      `/app/couples/${COUPLE_ID}#safety-screen`,
    );
  });

  it("checks the form before sending, and shows the API's 422 next to the right input", async () => {
    const net = mockFetch({
      ...base,
      "POST /api/assignments": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          "cadence.start": "must not be more than a year ahead",
          "exercise.library": "is not in the library",
        }),
    });
    renderApp(`/app/assign?client=${SAM_ID}`);
    const user = userEvent.setup();

    await user.click(await screen.findByLabelText("Weekly on chosen days"));
    await user.click(screen.getByLabelText("Tuesday")); // untick the start date's weekday
    await user.click(screen.getByRole("button", { name: "Assign" }));
    let alert = await screen.findByRole("alert");
    expect(within(alert).getAllByRole("link").map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Exercise: Choose an exercise.", "#exercise"],
      ["On these days: Choose at least one day.", "#cadence.weekdays"],
    ]);
    expect(screen.getByLabelText("Exercise")).toHaveAttribute("aria-invalid", "true");
    expect(net.to("POST /api/assignments")).toHaveLength(0);

    await user.selectOptions(screen.getByLabelText("Exercise"), "A ritual of connection");
    await user.click(screen.getByLabelText("Friday"));
    await user.click(screen.getByRole("button", { name: "Assign" }));
    await waitFor(() => expect(net.to("POST /api/assignments")).toHaveLength(1));
    alert = await screen.findByRole("alert");
    expect(within(alert).getAllByRole("link").map((a) => a.textContent)).toEqual([
      "Exercise: is not in the library",
      "Start date: must not be more than a year ahead",
    ]);
    expect(screen.getByLabelText("Start date")).toHaveAccessibleDescription(/must not be more than a year ahead/);
  });

  it("asks who it is for when opened from an exercise", async () => {
    mockFetch({
      ...base,
      "GET /api/clients": () => json(200, { clients: [ALEX, SAM] }),
      "GET /api/couples": () => json(200, { couples: [COUPLE] }),
    });
    renderApp("/app/assign?library=naming-the-harm");
    const user = userEvent.setup();

    const who = await screen.findByLabelText("Who is it for?");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(who).toHaveAccessibleDescription(/Choose a client or a couple\./);
    await user.selectOptions(who, "Sam and Alex");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByLabelText("Exercise")).toHaveValue("library:naming-the-harm");
    expect(screen.getByRole("group", { name: "Exercise for each partner" })).toBeInTheDocument();
  });
});

/** The built-in measures as the library lists them (first, with measure set). */
const MEASURES = [
  exercise("trust-safety-check-in", { title: "Weekly trust and safety check-in", measure: "trust-safety-check-in", cadence: "weekly" }),
  exercise("phq-9", { title: "PHQ-9: how you have been feeling", measure: "phq-9", cadence: "weekly", audience: "individual" }),
  exercise("gad-7", { title: "GAD-7: worry and anxiety", measure: "gad-7", cadence: "weekly", audience: "individual" }),
  exercise("pcl-5", { title: "PCL-5: reactions to a stressful experience", measure: "pcl-5", cadence: "weekly", audience: "individual" }),
];
const withMeasures = { ...base, "GET /api/exercises/library": () => json(200, { exercises: [...MEASURES, ...LIBRARY] }) };

describe("a weekly cadence's days", () => {
  it("start on the start date's weekday, and follow the start date until chosen by hand", async () => {
    const net = mockFetch({ ...base, "POST /api/assignments": created });
    renderApp(`/app/assign?client=${SAM_ID}&library=ritual-of-connection`);
    const user = userEvent.setup();
    await screen.findByLabelText("Exercise");

    await user.click(screen.getByLabelText("Weekly on chosen days"));
    const days = screen.getByRole("group", { name: "On these days" });
    const ticked = () => within(days).getAllByRole("checkbox").filter((c) => (c as HTMLInputElement).checked).map((c) => c.getAttribute("value"));
    expect(ticked()).toEqual(["tue"]); // today, Tuesday 24 November
    expect(days).toHaveAccessibleDescription("The start date's weekday, until you choose.");

    const start = screen.getByLabelText("Start date");
    await user.clear(start);
    await user.type(start, daysFromNow(2));
    expect(ticked()).toEqual(["thu"]);

    // Chosen by hand, the days stay when the start date moves.
    await user.click(within(days).getByLabelText("Saturday"));
    expect(ticked()).toEqual(["thu", "sat"]);
    await user.clear(start);
    await user.type(start, daysFromNow(3));
    expect(ticked()).toEqual(["thu", "sat"]);
    expect(days).not.toHaveAccessibleDescription();

    await user.click(screen.getByRole("button", { name: "Assign" }));
    await screen.findByText(/^Assigned/);
    expect((await net.to("POST /api/assignments")[0].json()).cadence).toEqual({
      kind: "weekly", start: daysFromNow(3), weekdays: ["thu", "sat"], at: "19:00",
    });
  });
});

describe("several measures at once", () => {
  it("assigns PHQ-9 and GAD-7 weekly in one request, on one cadence", async () => {
    const both = [
      { ...SAM_ASSIGNMENT, id: "a5a5a5a5-0009-4000-8000-000000000001", title: "PHQ-9: how you have been feeling" },
      { ...SAM_ASSIGNMENT, id: "a5a5a5a5-0009-4000-8000-000000000002", title: "GAD-7: worry and anxiety" },
    ];
    const net = mockFetch({ ...withMeasures, "POST /api/assignments": () => json(201, { assignments: both }) });
    renderApp(`/app/assign?client=${SAM_ID}`);
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByLabelText("Exercise"), "PHQ-9: how you have been feeling");
    expect(screen.getByLabelText("Weekly on chosen days")).toBeChecked();
    const others = screen.getByRole("group", { name: "Other measures on the same schedule" });
    expect(within(others).getAllByRole("checkbox").map((c) => c.nextElementSibling?.textContent)).toEqual([
      "Weekly trust and safety check-in",
      "GAD-7: worry and anxiety",
      "PCL-5: reactions to a stressful experience",
    ]);
    await user.click(within(others).getByLabelText("GAD-7: worry and anxiety"));
    await user.click(screen.getByRole("button", { name: "Assign" }));

    expect(await screen.findByText("Assigned “PHQ-9: how you have been feeling” and “GAD-7: worry and anxiety” to Samira Haddad.")).toBeInTheDocument();
    const posts = net.to("POST /api/assignments");
    expect(posts).toHaveLength(1);
    expect(await posts[0].json()).toEqual({
      client_id: SAM_ID,
      exercises: [{ library: "phq-9" }, { library: "gad-7" }],
      cadence: { kind: "weekly", start: TODAY, weekdays: ["tue"], at: "19:00" },
    });
  });

  it("offers other measures only beside a measure, and sends one exercise without them", async () => {
    const net = mockFetch({ ...withMeasures, "POST /api/assignments": created });
    renderApp(`/app/assign?client=${SAM_ID}`);
    const user = userEvent.setup();
    const picker = await screen.findByLabelText("Exercise");
    await user.selectOptions(picker, "GAD-7: worry and anxiety");
    await user.click(within(screen.getByRole("group", { name: "Other measures on the same schedule" })).getByLabelText("PCL-5: reactions to a stressful experience"));
    await user.selectOptions(picker, "A ritual of connection");
    expect(screen.queryByRole("group", { name: "Other measures on the same schedule" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Assign" }));
    await screen.findByText(/^Assigned/);
    const body = await net.to("POST /api/assignments")[0].json();
    expect(body.exercise).toEqual({ library: "ritual-of-connection" });
    expect(body).not.toHaveProperty("exercises");
  });

  it("names the measure the server refused, and nothing is assigned", async () => {
    mockFetch({
      ...withMeasures,
      "POST /api/assignments": () =>
        apiError(409, "measure_already_assigned", "“GAD-7: worry and anxiety”: This measure is already assigned to the client and still running.", {
          "exercises.1": "This measure is already assigned to the client and still running.",
        }),
    });
    renderApp(`/app/assign?client=${SAM_ID}`);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Exercise"), "PHQ-9: how you have been feeling");
    const others = screen.getByRole("group", { name: "Other measures on the same schedule" });
    await user.click(within(others).getByLabelText("GAD-7: worry and anxiety"));
    await user.click(screen.getByRole("button", { name: "Assign" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("“GAD-7: worry and anxiety”: This measure is already assigned to the client and still running.");
    expect(within(alert).getByRole("link", { name: /^Other measures: GAD-7: worry and anxiety: This measure is already assigned/ })).toHaveAttribute(
      "href",
      "#measures",
    );
    expect(others).toHaveAccessibleDescription(/GAD-7: worry and anxiety: This measure is already assigned/);
    expect(screen.getByRole("heading", { level: 1, name: "Assign homework" })).toBeInTheDocument(); // still on the form
  });
});
