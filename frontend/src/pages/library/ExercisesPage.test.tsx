import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { library, NAMING_THE_HARM, TEMPLATE, TEMPLATE_ID, templates, THIRTY_DAYS } from "../../test/fixtures";
import { csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const base = {
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  "GET /api/exercises/library": library,
  "GET /api/exercises/templates": templates,
};

/** The titles of the exercises listed under a phase heading. */
function titlesIn(phase: string): string[] {
  const region = screen.getByRole("region", { name: phase });
  return within(region)
    .getAllByRole("heading", { level: 4 })
    .map((h) => h.textContent ?? "");
}

function phases(): string[] {
  const library = screen.getByRole("region", { name: "Exercise library" });
  return within(library)
    .getAllByRole("heading", { level: 3 })
    .map((h) => h.textContent ?? "");
}

describe("exercises page", () => {
  it("is in the main navigation and groups the library by phase, in the order of the work", async () => {
    mockFetch(base);
    renderApp("/app/exercises");

    expect(await screen.findByRole("heading", { level: 1, name: "Exercises" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Exercises" })).toHaveAttribute("aria-current", "page");

    await screen.findByRole("region", { name: "Atone" });
    expect(phases()).toEqual(["Atone", "Attune", "Attach", "Any time"]);
    expect(titlesIn("Atone")).toEqual(["Daily consistency log", "Follow-through log", "Naming what I did"]);
    expect(titlesIn("Attune")).toEqual(["Listening without defending"]);
    expect(titlesIn("Attach")).toEqual(["A ritual of connection"]);
    expect(titlesIn("Any time")).toEqual(["Thirty days of steady steps", "The stress-reducing conversation"]);

    const card = screen.getByRole("link", { name: "Naming what I did" }).closest("li")!;
    expect(within(card).getByRole("link", { name: "Naming what I did" })).toHaveAttribute(
      "href",
      "/app/exercises/library/naming-the-harm",
    );
    expect(card).toHaveTextContent("Gottman-informed");
    expect(card).toHaveTextContent("The partner who caused the harm");
    expect(card).toHaveTextContent("30 min");
    expect(screen.getByRole("link", { name: "Thirty days of steady steps" }).closest("li")).toHaveTextContent(
      "A programme of 3 days",
    );
    expect(screen.getByRole("status", { name: "" })).toHaveTextContent("7 exercises.");
  });

  it("filters the library by audience and modality, keeps the filter in the address, and clears it", async () => {
    mockFetch(base);
    renderApp("/app/exercises");
    const user = userEvent.setup();

    await screen.findByRole("region", { name: "Atone" });
    await user.selectOptions(screen.getByLabelText("Who it is for"), "The partner who caused the harm");
    expect(phases()).toEqual(["Atone"]);
    expect(titlesIn("Atone")).toEqual(["Daily consistency log", "Naming what I did"]);
    expect(screen.getByText("2 of 7 exercises match.")).toHaveAttribute("role", "status");

    await user.selectOptions(screen.getByLabelText("Approach"), "Gottman-informed");
    expect(titlesIn("Atone")).toEqual(["Naming what I did"]);

    await user.selectOptions(screen.getByLabelText("Who it is for"), "Both partners");
    expect(phases()).toEqual(["Attach", "Any time"]);
    expect(titlesIn("Attach")).toEqual(["A ritual of connection"]);
    expect(titlesIn("Any time")).toEqual(["The stress-reducing conversation"]);

    await user.selectOptions(screen.getByLabelText("Approach"), "EFT-informed");
    expect(phases()).toEqual(["Attune"]);

    await user.selectOptions(screen.getByLabelText("Who it is for"), "Individual");
    expect(screen.getByText("No exercise in the library matches these filters.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show every exercise" }));
    expect(phases()).toEqual(["Atone", "Attune", "Attach", "Any time"]);
    expect(screen.getByLabelText("Who it is for")).toHaveValue("");
  });

  it("searches the library as you type, by title, summary, approach, who it is for and phase", async () => {
    mockFetch(base);
    renderApp("/app/exercises");
    const user = userEvent.setup();
    await screen.findByRole("region", { name: "Atone" });
    const search = screen.getByRole("searchbox", { name: "Search the library" });
    expect(search).toHaveAccessibleDescription("By title, summary, approach, who it is for or phase.");

    await user.type(search, "log");
    expect(phases()).toEqual(["Atone"]);
    expect(titlesIn("Atone")).toEqual(["Daily consistency log", "Follow-through log"]);
    const count = screen.getByText("2 of 7 exercises match.");
    expect(count).toHaveAttribute("role", "status");
    expect(count).toHaveAttribute("aria-live", "polite");

    await user.clear(search);
    await user.type(search, "outside the relationship"); // the summary's words
    expect(titlesIn("Any time")).toEqual(["The stress-reducing conversation"]);
    expect(screen.getByText("1 of 7 exercises match.")).toBeInTheDocument();

    await user.clear(search);
    await user.type(search, "Gottman attach"); // the approach and the phase, every word must match
    expect(phases()).toEqual(["Attach"]);
    expect(titlesIn("Attach")).toEqual(["A ritual of connection"]);

    await user.clear(search);
    await user.type(search, "caused harm"); // who it is for, in words
    expect(titlesIn("Atone")).toEqual(["Daily consistency log", "Naming what I did"]);
    await user.selectOptions(screen.getByLabelText("Approach"), "EFT-informed");
    expect(screen.getByText("No exercise in the library matches “caused harm” with these filters.")).toBeInTheDocument();
    expect(screen.getByText("0 of 7 exercises match.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Show every exercise" }));
    expect(search).toHaveValue("");
    expect(screen.getByLabelText("Approach")).toHaveValue("");
    expect(phases()).toEqual(["Atone", "Attune", "Attach", "Any time"]);
    expect(screen.getByText("7 exercises.")).toBeInTheDocument();

    await user.type(search, "nothing like this");
    expect(screen.getByText("No exercise in the library matches “nothing like this”.")).toBeInTheDocument();
  });

  it("opens with the search in the address", async () => {
    mockFetch(base);
    renderApp("/app/exercises?q=listening");
    await screen.findByRole("region", { name: "Attune" });
    expect(screen.getByRole("searchbox", { name: "Search the library" })).toHaveValue("listening");
    expect(phases()).toEqual(["Attune"]);
  });

  it("opens with the filters in the address", async () => {
    mockFetch(base);
    renderApp("/app/exercises?audience=hurt&modality=general");
    await screen.findByRole("region", { name: "Atone" });
    expect(screen.getByLabelText("Who it is for")).toHaveValue("hurt");
    expect(phases()).toEqual(["Atone"]);
    expect(titlesIn("Atone")).toEqual(["Follow-through log"]);
  });

  it("lists the practice's own exercises with their version, and links to a new one", async () => {
    mockFetch(base);
    renderApp("/app/exercises");
    const own = await screen.findByRole("region", { name: "Your practice's exercises" });
    const link = await within(own).findByRole("link", { name: "Our Sunday check-in" });
    expect(link).toHaveAttribute("href", `/app/exercises/templates/${TEMPLATE_ID}`);
    expect(link.closest("li")).toHaveTextContent("version 2");
    expect(screen.getByRole("link", { name: "New exercise" })).toHaveAttribute("href", "/app/exercises/templates/new");
  });
});

describe("library exercise page", () => {
  it("shows the guidance and a read-only preview of every field, with Assign and Copy", async () => {
    mockFetch(base);
    renderApp("/app/exercises/library/naming-the-harm");

    expect(await screen.findByRole("heading", { level: 1, name: "Naming what I did" })).toBeInTheDocument();
    const about = screen.getByRole("region", { name: "About this exercise" });
    expect(about).toHaveTextContent(NAMING_THE_HARM.summary);
    const pairs = within(about)
      .getAllByRole("term")
      .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(pairs).toEqual([
      ["Approach", "Gottman-informed"],
      ["For", "The partner who caused the harm"],
      ["Phase", "Atone"],
      ["Takes about", "30 minutes"],
      ["Suggested cadence", "Once"],
    ]);
    const guidance = screen.getByRole("region", { name: "Guidance" });
    expect(guidance).toHaveTextContent("Why it helps");
    expect(guidance).toHaveTextContent("What to watch out for.");

    const preview = screen.getByRole("region", { name: "What the client sees" });
    expect(preview).toHaveTextContent("Take your time. There is no right length.");
    const what = within(preview).getByLabelText(/What I did/);
    expect(what).toBeDisabled();
    expect(within(preview).getByText("(required)")).toBeInTheDocument();
    expect(preview).toHaveTextContent("Up to 4,000 characters.");
    expect(within(preview).getByLabelText("One word for how it felt")).toHaveAccessibleDescription("Just one.");
    expect(preview).toHaveTextContent("I did this, and it hurt you. No excuses.");
    expect(within(preview).getByLabelText("I practised this")).toBeDisabled();

    expect(screen.getByRole("link", { name: "Assign…" })).toHaveAttribute("href", "/app/assign?library=naming-the-harm");
  });

  it("previews scales, yes/no, choices and a programme's steps", async () => {
    mockFetch(base);
    const view = renderApp("/app/exercises/library/consistency-log");
    const preview = await screen.findByRole("region", { name: "What the client sees" });
    const scale = within(preview).getByRole("group", { name: "How open was I about my mood?" });
    expect(within(scale).getAllByRole("radio")).toHaveLength(11);
    expect(scale).toHaveTextContent("0 = Closed off");
    expect(scale).toHaveTextContent("10 = Fully open");
    const checklist = within(preview).getByRole("group", { name: "Today I…" });
    expect(within(checklist).getAllByRole("checkbox").map((c) => c.nextElementSibling?.textContent)).toEqual([
      "was where I said, when I said",
      "told my partner about changed plans",
      "did agreed tasks without reminders",
    ]);
    view.unmount();

    const again = renderApp("/app/exercises/library/listening-practice");
    const p2 = await screen.findByRole("region", { name: "What the client sees" });
    expect(within(within(p2).getByRole("group", { name: "Did you reflect back before answering?" })).getAllByRole("radio")).toHaveLength(2);
    expect(within(within(p2).getByRole("group", { name: "What was hardest?" })).getAllByRole("radio")).toHaveLength(2);
    expect(within(within(p2).getByRole("group", { name: "What did you feel?" })).getAllByRole("checkbox")).toHaveLength(3);
    again.unmount();

    renderApp("/app/exercises/library/thirty-days");
    const p3 = await screen.findByRole("region", { name: "What the client sees" });
    const steps = within(p3).getAllByRole("listitem");
    expect(steps).toHaveLength(THIRTY_DAYS.steps!.length);
    expect(steps[0]).toHaveTextContent("Day 1: Start where you are");
    expect(steps[0]).toHaveTextContent("Healing has no timetable.");
    expect(steps[0]).toHaveTextContent("Question: What would today look like if you were patient with yourself?");
    expect(screen.getByRole("region", { name: "About this exercise" })).toHaveTextContent("A programme of 3 days");
  });

  it("copies the exercise to the practice's templates and opens the copy", async () => {
    const copy = { ...TEMPLATE, title: "Naming what I did", based_on: "naming-the-harm", current_version: 1, definition: NAMING_THE_HARM };
    const net = mockFetch({
      ...base,
      "POST /api/exercises/templates": () => json(201, copy),
      [`GET /api/exercises/templates/${TEMPLATE_ID}`]: () => json(200, copy),
    });
    renderApp("/app/exercises/library/naming-the-harm");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Copy to practice templates" }));
    expect(await screen.findByRole("status")).toHaveTextContent("“Naming what I did” is now one of your practice's exercises.");
    expect(await net.to("POST /api/exercises/templates")[0].json()).toEqual({ from_library: "naming-the-harm" });
    expect(net.to("POST /api/exercises/templates")[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(screen.getByRole("link", { name: "Naming what I did" })).toHaveAttribute("href", "/app/exercises/library/naming-the-harm");
    expect(screen.getByRole("link", { name: "Edit" })).toHaveAttribute("href", `/app/exercises/templates/${TEMPLATE_ID}/edit`);
  });

  it("says so when there is no such exercise", async () => {
    mockFetch(base);
    renderApp("/app/exercises/library/nothing-here");
    expect(await screen.findByRole("heading", { level: 1, name: "This exercise is not available" })).toBeInTheDocument();
  });
});

describe("template page", () => {
  it("shows the current version, the versions, and Edit / Assign", async () => {
    mockFetch({ ...base, [`GET /api/exercises/templates/${TEMPLATE_ID}`]: () => json(200, TEMPLATE) });
    renderApp(`/app/exercises/templates/${TEMPLATE_ID}`);

    const h1 = await screen.findByRole("heading", { level: 1, name: "Our Sunday check-in" });
    expect(h1.nextElementSibling).toHaveTextContent(/^Version 2$/);
    const versions = screen.getByRole("region", { name: "Versions" });
    expect(versions).toHaveTextContent("assignments already given keep the version they were given");
    const items = within(versions).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector("strong")?.textContent)).toEqual(["Version 2", "Version 1"]);
    expect(items[0]).toHaveTextContent("(current)");
    expect(items[0]).toHaveTextContent("Ben Okafor");
    expect(screen.getByRole("link", { name: "Edit" })).toHaveAttribute("href", `/app/exercises/templates/${TEMPLATE_ID}/edit`);
    expect(screen.getByRole("link", { name: "Assign…" })).toHaveAttribute("href", `/app/assign?template=${TEMPLATE_ID}`);
    expect(within(screen.getByRole("region", { name: "What the client sees" })).getByRole("group", { name: "How safe did you feel this week?" })).toBeInTheDocument();
  });

  it("archives after a confirmation", async () => {
    const net = mockFetch({
      ...base,
      [`GET /api/exercises/templates/${TEMPLATE_ID}`]: () => json(200, TEMPLATE),
      [`POST /api/exercises/templates/${TEMPLATE_ID}/archive`]: () => json(200, { ...TEMPLATE, archived: true }),
    });
    renderApp(`/app/exercises/templates/${TEMPLATE_ID}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Archive…" }));
    expect(net.to(`POST /api/exercises/templates/${TEMPLATE_ID}/archive`)).toHaveLength(0);
    const confirm = screen.getByRole("group", { name: "Archive “Our Sunday check-in”?" });
    expect(confirm).toContainElement(document.activeElement as HTMLElement);
    await user.click(within(confirm).getByRole("button", { name: "Archive exercise" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Exercises" })).toBeInTheDocument();
    expect(screen.getByText("“Our Sunday check-in” is archived.")).toBeInTheDocument();
    await waitFor(() => expect(net.to(`POST /api/exercises/templates/${TEMPLATE_ID}/archive`)).toHaveLength(1));
  });
});
