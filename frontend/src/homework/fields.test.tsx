import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { ExerciseField } from "./api";
import { FIELDS, json, mockFetch, RECEIPT, renderHomework, sessionRoutes } from "./testing";

beforeEach(() => localStorage.clear());

async function openCheckIn(user: UserEvent) {
  await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
  await screen.findByRole("heading", { level: 2, name: "Your answers" });
}

async function sentAnswers(net: ReturnType<typeof mockFetch>) {
  await waitFor(() => expect(net.to("POST /api/homework/responses")).toHaveLength(1));
  return (await net.to("POST /api/homework/responses")[0].json()).answers as Record<string, unknown>;
}

type Case = {
  type: ExerciseField["type"];
  /** Checks the control is there with its label (and what else a screen reader needs). */
  renders: () => void;
  use: (user: UserEvent) => Promise<void>;
  value: unknown;
};

const group = (role: "group" | "radiogroup", name: string | RegExp) => screen.getByRole(role, { name });

const CASES: Case[] = [
  {
    type: "short_text",
    renders: () => {
      const input = screen.getByRole("textbox", { name: "One word for today" });
      expect(input).toHaveAttribute("maxlength", "40");
      expect(input).toHaveAccessibleDescription("Just one word is enough.");
    },
    use: (user) => user.type(screen.getByLabelText("One word for today"), "Hopeful"),
    value: "Hopeful",
  },
  {
    type: "long_text",
    renders: () => {
      const area = screen.getByRole("textbox", { name: "What happened (required)" });
      expect(area.tagName).toBe("TEXTAREA");
      expect(area).toHaveAttribute("aria-required", "true");
      expect(area).toHaveAttribute("maxlength", "50");
    },
    use: (user) => user.type(screen.getByLabelText("What happened (required)"), "We talked after dinner."),
    value: "We talked after dinner.",
  },
  {
    type: "scale",
    renders: () => {
      const scale = group("radiogroup", "How safe did you feel today? (required)");
      expect(within(scale).getAllByRole("radio").map((r) => r.getAttribute("value"))).toEqual(
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
      );
      expect(scale).toHaveAccessibleDescription(/0 = Not at all.*10 = Completely/);
      expect(scale).toHaveTextContent("0 = Not at all");
      expect(scale).toHaveTextContent("10 = Completely");
    },
    use: async (user) => {
      const scale = group("radiogroup", /How safe/);
      await user.click(within(scale).getByRole("radio", { name: "3" }));
      await user.click(within(scale).getByRole("radio", { name: "7" }));
      expect(within(scale).getByRole("radio", { name: "7" })).toBeChecked();
    },
    value: 7,
  },
  {
    type: "yes_no",
    renders: () => {
      const yesNo = group("radiogroup", "Did actions match words today?");
      expect(within(yesNo).getAllByRole("radio").map((r) => r.closest("li")?.textContent)).toEqual(["Yes", "No"]);
    },
    use: (user) => user.click(within(group("radiogroup", /actions match/)).getByRole("radio", { name: "No" })),
    value: false,
  },
  {
    type: "checklist",
    renders: () => {
      const list = group("group", "What did you follow through on?");
      expect(within(list).getAllByRole("checkbox")).toHaveLength(3);
    },
    use: async (user) => {
      await user.click(screen.getByRole("checkbox", { name: "Was honest about my mood" }));
      await user.click(screen.getByRole("checkbox", { name: "Told about changed plans" }));
      await user.click(screen.getByRole("checkbox", { name: "Was on time" }));
      await user.click(screen.getByRole("checkbox", { name: "Told about changed plans" })); // untick
    },
    value: ["on_time", "honest"], // the ticked option ids, in the exercise's order
  },
  {
    type: "single_choice",
    renders: () => {
      const choice = group("radiogroup", "Which word is closest?");
      expect(within(choice).getAllByRole("radio")).toHaveLength(2);
    },
    use: async (user) => {
      await user.click(screen.getByRole("radio", { name: "Calm" }));
      await user.click(screen.getByRole("radio", { name: "Tense" }));
    },
    value: "tense",
  },
  {
    type: "multi_choice",
    renders: () => {
      const choice = group("group", "What would help this week?");
      expect(within(choice).getAllByRole("checkbox")).toHaveLength(3);
    },
    use: async (user) => {
      await user.click(screen.getByRole("checkbox", { name: "A calm talk" }));
      await user.click(screen.getByRole("checkbox", { name: "Time together" }));
    },
    value: ["time", "talk"],
  },
  {
    type: "script",
    renders: () => {
      const script = group("group", "Practise saying this");
      expect(script).toHaveTextContent("I hear that this hurt you, and I am not going to explain it away.");
      expect(within(script).getByRole("checkbox", { name: "Done — I practised this" })).not.toBeChecked();
      expect(within(script).queryByRole("textbox")).not.toBeInTheDocument(); // read-only text
    },
    use: (user) => user.click(screen.getByRole("checkbox", { name: "Done — I practised this" })),
    value: true,
  },
];

describe("exercise fields", () => {
  it.each(CASES)("$type renders with its label and sends its value", async ({ type, renders, use, value }) => {
    const field = FIELDS[type];
    const net = mockFetch(sessionRoutes([field], { "POST /api/homework/responses": () => json(201, RECEIPT) }));
    renderHomework();
    const user = userEvent.setup();
    await openCheckIn(user);

    renders();
    await use(user);
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await sentAnswers(net)).toEqual({ [field.id]: value });
    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();
  });

  it("sends all types together and omits the optional fields left untouched", async () => {
    const net = mockFetch(sessionRoutes(Object.values(FIELDS), { "POST /api/homework/responses": () => json(201, RECEIPT) }));
    renderHomework();
    const user = userEvent.setup();
    await openCheckIn(user);

    await user.type(screen.getByLabelText("What happened (required)"), "A hard evening.");
    await user.click(within(group("radiogroup", /How safe/)).getByRole("radio", { name: "0" }));
    await user.click(screen.getByRole("checkbox", { name: "Was on time" }));
    // Typed, then cleared: no answer.
    await user.type(screen.getByLabelText("One word for today"), "x");
    await user.clear(screen.getByLabelText("One word for today"));
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await sentAnswers(net)).toEqual({ story: "A hard evening.", trust: 0, log: ["on_time"] });
  });

  it("shows the exercise's intro, why it helps and what to watch out for", async () => {
    mockFetch(sessionRoutes([FIELDS.short_text]));
    renderHomework();
    const user = userEvent.setup();
    await openCheckIn(user);

    // Focus and title are set by effects, which may run after the page has rendered.
    await waitFor(() => expect(screen.getByRole("heading", { level: 1, name: "Evening check-in" })).toHaveFocus());
    expect(screen.getByText("Take a few quiet minutes.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: "Why this helps" })).toBeInTheDocument();
    expect(screen.getByText(/Noticing the day helps/)).toBeInTheDocument();
    const details = screen.getByText("Watch out for").closest("details")!;
    expect(details).toHaveTextContent("Don't use this to keep score.");
    expect(document.title).toBe("Exercise · Steady");
  });

  it("counts the characters left near a long answer's limit", async () => {
    mockFetch(sessionRoutes([FIELDS.long_text]));
    renderHomework();
    const user = userEvent.setup();
    await openCheckIn(user);
    const area = screen.getByLabelText("What happened (required)");

    await user.type(area, "a".repeat(30));
    expect(screen.queryByText(/characters left/)).not.toBeInTheDocument();
    await user.type(area, "a".repeat(15));
    expect(screen.getByText("5 characters left")).toBeInTheDocument();
    expect(area).toHaveAccessibleDescription("5 characters left");
  });

  it("asks for required answers before sending anything", async () => {
    const net = mockFetch(sessionRoutes([FIELDS.short_text, FIELDS.scale]));
    renderHomework();
    const user = userEvent.setup();
    await openCheckIn(user);

    await user.click(screen.getByRole("button", { name: "Send" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("How safe did you feel today?: Please answer this question.");
    expect(group("radiogroup", /How safe/)).toHaveAccessibleDescription(/Please answer this question/);
    expect(net.to("POST /api/homework/responses")).toHaveLength(0);
  });
});
