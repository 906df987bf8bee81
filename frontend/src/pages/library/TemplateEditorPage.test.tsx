import { screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { library, TEMPLATE, TEMPLATE_ID, templates } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";
import { options } from "../../test/options";

const base = {
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  "GET /api/exercises/library": library,
  "GET /api/exercises/templates": templates,
  [`GET /api/exercises/templates/${TEMPLATE_ID}`]: () => json(200, TEMPLATE),
};

/** Types by pasting: one change instead of one per key, which keeps a big form's test quick. */
async function fill(user: UserEvent, input: HTMLElement, text: string) {
  await user.click(input);
  await user.paste(text);
}

/** The fieldsets of the fields, in order (found by their legends: role queries are slow on a form this big). */
function fieldGroups(): HTMLElement[] {
  return screen.getAllByText(/^Field \d+$/, { selector: "legend" }).map((legend) => legend.parentElement!);
}

/** Adds a field, checks focus went to its type, and picks the type. */
async function addField(user: UserEvent, type: string): Promise<HTMLElement> {
  await user.click(screen.getByRole("button", { name: "Add a field" }));
  const groups = fieldGroups();
  const group = groups[groups.length - 1];
  expect(within(group).getByLabelText("Type")).toHaveFocus();
  await user.selectOptions(within(group).getByLabelText("Type"), type);
  return group;
}

async function fillHead(user: UserEvent) {
  await fill(user, await screen.findByLabelText("Title"), "Evening check-in");
  await fill(user, screen.getByLabelText("Summary"), "Five minutes on how today went.");
  await user.selectOptions(screen.getByLabelText("Approach"), "EFT-informed");
  await user.selectOptions(screen.getByLabelText("Who it is for"), "Both partners");
  await user.selectOptions(screen.getByLabelText("Phase"), "Attune");
  await user.clear(screen.getByLabelText("Minutes it takes"));
  await fill(user, screen.getByLabelText("Minutes it takes"), "15");
  await user.selectOptions(screen.getByLabelText("Suggested cadence"), "Weekly");
  await fill(user, screen.getByLabelText("Why it helps"), "Small honest check-ins build trust.");
  await fill(user, screen.getByLabelText("Watch out for"), "Relitigating the past.");
}

describe("template editor", () => {
  it("offers all eight field types, builds each one, and posts the definition with ids made from the labels", async () => {
    const net = mockFetch({ ...base, "POST /api/exercises/templates": () => json(201, TEMPLATE) });
    renderApp("/app/exercises/templates/new");
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "New exercise" })).toBeInTheDocument();
    expect(screen.getByText("Saving makes a new version; assignments already given keep the version they were given.")).toBeInTheDocument();
    await fillHead(user);
    await fill(user, screen.getByLabelText("Introduction (optional)"), "Find a quiet moment.");

    let g = await addField(user, "Short text");
    expect(within(g).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Short text",
      "Long text",
      "0–10 scale",
      "Yes/no",
      "Checklist",
      "Single choice",
      "Multiple choice",
      "Script to practise",
    ]);
    await fill(user, within(g).getByLabelText(/^Label/), "One word for today");
    await fill(user, within(g).getByLabelText("Help (optional)"), "Just one word.");
    await fill(user, within(g).getByLabelText("Most characters (optional)"), "40");
    expect(within(g).getByLabelText("ID (optional)")).toHaveAccessibleDescription(/Leave empty to use “one_word_for_today”/);

    g = await addField(user, "Long text");
    await fill(user, within(g).getByLabelText(/^Label/), "What happened?");
    await user.click(within(g).getByLabelText("Required"));

    g = await addField(user, "0–10 scale");
    expect(within(g).queryByLabelText("Most characters (optional)")).not.toBeInTheDocument();
    await fill(user, within(g).getByLabelText(/^Label/), "How safe did you feel?");
    await fill(user, within(g).getByLabelText("What 0 means"), "Not at all");
    await fill(user, within(g).getByLabelText("What 10 means"), "Completely");

    g = await addField(user, "Yes/no");
    await fill(user, within(g).getByLabelText(/^Label/), "Did actions match words?");

    g = await addField(user, "Checklist");
    await fill(user, within(g).getByLabelText(/^Label/), "Today I…");
    const choices = within(g).getByRole("group", { name: "Choices" });
    expect(within(choices).getAllByRole("textbox")).toHaveLength(2);
    await fill(user, within(choices).getByLabelText("Choice 1"), "Was on time");
    await fill(user, within(choices).getByLabelText("Choice 2"), "Told you about changes");
    await user.click(within(choices).getByRole("button", { name: "Add a choice" }));
    await fill(user, within(choices).getByLabelText("Choice 3"), "Left early");
    await user.click(within(choices).getByRole("button", { name: "Add a choice" }));
    await fill(user, within(choices).getByLabelText("Choice 4"), "Did the dishes");
    await user.click(within(choices).getByRole("button", { name: "Remove choice 3" }));
    expect(within(choices).getAllByRole("textbox").map((i) => (i as HTMLInputElement).value)).toEqual([
      "Was on time",
      "Told you about changes",
      "Did the dishes",
    ]);

    g = await addField(user, "Single choice");
    await fill(user, within(g).getByLabelText(/^Label/), "Mood tonight");
    await fill(user, within(g).getByLabelText("Choice 1"), "Calm");
    await fill(user, within(g).getByLabelText("Choice 2"), "Tense");

    g = await addField(user, "Multiple choice");
    await fill(user, within(g).getByLabelText(/^Label/), "What would help?");
    await fill(user, within(g).getByLabelText("Choice 1"), "Time together");
    await fill(user, within(g).getByLabelText("Choice 2"), "Some space");

    g = await addField(user, "Script to practise");
    await fill(user, within(g).getByLabelText(/^Label/), "Ask for comfort");
    await fill(user, within(g).getByLabelText("Script to practise"), "Could you hold me for a minute?");
    await fill(user, within(g).getByLabelText("ID (optional)"), "comfort_ask");

    // The same label twice gets a unique id.
    g = await addField(user, "Short text");
    await fill(user, within(g).getByLabelText(/^Label/), "What happened?");

    await user.click(screen.getByRole("button", { name: "Save exercise" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Our Sunday check-in" })).toBeInTheDocument();
    const [post] = net.to("POST /api/exercises/templates");
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(await post.json()).toEqual({
      definition: {
        slug: "evening-check-in",
        title: "Evening check-in",
        summary: "Five minutes on how today went.",
        modality: "eft",
        audience: "both",
        phase: "attune",
        minutes: 15,
        cadence: "weekly",
        why: "Small honest check-ins build trust.",
        watch_out: "Relitigating the past.",
        intro: "Find a quiet moment.",
        fields: [
          { id: "one_word_for_today", type: "short_text", label: "One word for today", help: "Just one word.", max_length: 40 },
          { id: "what_happened", type: "long_text", label: "What happened?", required: true },
          { id: "how_safe_did_you_feel", type: "scale", label: "How safe did you feel?", min_label: "Not at all", max_label: "Completely" },
          { id: "did_actions_match_words", type: "yes_no", label: "Did actions match words?" },
          {
            id: "today_i",
            type: "checklist",
            label: "Today I…",
            options: options({
              was_on_time: "Was on time",
              told_you_about_changes: "Told you about changes",
              did_the_dishes: "Did the dishes",
            }),
          },
          {
            id: "mood_tonight",
            type: "single_choice",
            label: "Mood tonight",
            options: options({ calm: "Calm", tense: "Tense" }),
          },
          {
            id: "what_would_help",
            type: "multi_choice",
            label: "What would help?",
            options: options({ time_together: "Time together", some_space: "Some space" }),
          },
          { id: "comfort_ask", type: "script", label: "Ask for comfort", text: "Could you hold me for a minute?" },
          { id: "what_happened_2", type: "short_text", label: "What happened?" },
        ],
      },
    });
    expect(screen.getByRole("status")).toHaveTextContent("“Our Sunday check-in” is saved as version 2.");
  });

  it("moves and removes fields, keeping focus on the control used", async () => {
    const net = mockFetch({ ...base, "POST /api/exercises/templates": () => json(201, TEMPLATE) });
    renderApp("/app/exercises/templates/new");
    const user = userEvent.setup();
    await fillHead(user);
    for (const label of ["First", "Second", "Third"]) {
      const g = await addField(user, "Short text");
      await user.type(within(g).getByLabelText(/^Label/), label);
    }
    const labels = () => fieldGroups().map((g) => (within(g).getByLabelText(/^Label/) as HTMLInputElement).value);

    await user.click(screen.getByRole("button", { name: "Move up field 3" }));
    expect(labels()).toEqual(["First", "Third", "Second"]);
    expect(screen.getByRole("button", { name: "Move up field 2" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Move up field 2" }));
    expect(labels()).toEqual(["Third", "First", "Second"]);
    // At the top, Move up is disabled: focus goes to Move down of the same field.
    expect(screen.getByRole("button", { name: "Move up field 1" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Move down field 1" })).toHaveFocus();
    expect(screen.getByText("Field moved to position 1 of 3.")).toHaveAttribute("role", "status");

    await user.click(screen.getByRole("button", { name: "Remove field field 2" }));
    expect(labels()).toEqual(["Third", "Second"]);
    expect(screen.getByRole("button", { name: "Add a field" })).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "Save exercise" }));
    await screen.findByRole("heading", { level: 1, name: "Our Sunday check-in" });
    const body = await net.to("POST /api/exercises/templates")[0].json();
    expect(body.definition.fields.map((f: { id: string }) => f.id)).toEqual(["third", "second"]);
  });

  it("shows the API's 422 messages next to the right field and choice, and in the summary", async () => {
    mockFetch({
      ...base,
      "POST /api/exercises/templates": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          "fields.2.label": "is required",
          "fields.0.options.1.label": "is required",
          "fields.0.options.1.id": "must start with a lowercase letter",
          why: "must be at most 600 characters",
        }),
    });
    renderApp("/app/exercises/templates/new");
    const user = userEvent.setup();
    await fillHead(user);
    const first = await addField(user, "Checklist");
    await fill(user, within(first).getByLabelText(/^Label/), "Kept");
    await fill(user, within(first).getByLabelText("Choice 1"), "On time");
    const second = await addField(user, "Yes/no");
    await fill(user, within(second).getByLabelText(/^Label/), "Honest?");
    await addField(user, "Long text");
    await user.click(screen.getByRole("button", { name: "Save exercise" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    expect(within(alert).getAllByRole("link").map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Why it helps: must be at most 600 characters", "#why"],
      ["Field 1 choice 2: is required", "#fields.0.options.1.label"],
      ["Field 3 label: is required", "#fields.2.label"],
    ]);
    const third = fieldGroups()[2];
    const label = within(third).getByLabelText(/^Label/);
    expect(label).toHaveAttribute("id", "fields.2.label");
    expect(label).toHaveAttribute("aria-invalid", "true");
    expect(label).toHaveAccessibleDescription("is required");
    expect(within(fieldGroups()[0]).getByLabelText("Choice 2")).toHaveAccessibleDescription("is required");
    expect(within(fieldGroups()[1]).getByLabelText(/^Label/)).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Why it helps")).toHaveAttribute("aria-invalid", "true");

    // Moving a field makes the paths stale: the messages go until the next save.
    await user.click(screen.getByRole("button", { name: "Move down field 1" }));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("builds a programme from days instead of fields", async () => {
    const net = mockFetch({ ...base, "POST /api/exercises/templates": () => json(201, TEMPLATE) });
    renderApp("/app/exercises/templates/new");
    const user = userEvent.setup();
    await fillHead(user);
    await addField(user, "Short text");
    await user.selectOptions(screen.getByLabelText("Suggested cadence"), "A programme of daily steps");
    expect(screen.queryByRole("button", { name: "Add a field" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add a day" }));
    const day = screen.getByRole("group", { name: "Day 1" });
    expect(within(day).getByLabelText("Title")).toHaveFocus();
    await fill(user, within(day).getByLabelText("Title"), "Start here");
    await fill(user, within(day).getByLabelText("Principle to read"), "Healing has no timetable.");
    await fill(user, within(day).getByLabelText("Question to answer"), "What went well?");
    await user.click(screen.getByRole("button", { name: "Save exercise" }));
    await screen.findByRole("heading", { level: 1, name: "Our Sunday check-in" });
    const { definition } = await net.to("POST /api/exercises/templates")[0].json();
    expect(definition.cadence).toBe("programme");
    expect(definition.fields).toBeUndefined();
    expect(definition.steps).toEqual([{ title: "Start here", principle: "Healing has no timetable.", question: "What went well?" }]);
  });

  it("edits a template as a new version, keeping the ids answers are stored under", async () => {
    const net = mockFetch({
      ...base,
      [`PUT /api/exercises/templates/${TEMPLATE_ID}`]: () => json(200, { ...TEMPLATE, current_version: 3 }),
    });
    renderApp(`/app/exercises/templates/${TEMPLATE_ID}/edit`);
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "Edit “Our Sunday check-in”" })).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveValue("Our Sunday check-in");
    const [g] = fieldGroups();
    expect(within(g).getByLabelText("ID (optional)")).toHaveValue("safe");
    await user.clear(within(g).getByLabelText(/^Label/));
    await fill(user, within(g).getByLabelText(/^Label/), "How safe did you feel with each other?");
    await user.click(screen.getByRole("button", { name: "Save new version" }));

    expect(await screen.findByText(/^Saved as version 3\./)).toHaveAttribute("role", "status");
    const body = await net.to(`PUT /api/exercises/templates/${TEMPLATE_ID}`)[0].json();
    expect(body.definition.slug).toBe("our-sunday-check-in");
    expect(body.definition.fields).toEqual([
      { id: "safe", type: "scale", label: "How safe did you feel with each other?", min_label: "Not at all", max_label: "Completely" },
    ]);
  });
});
