import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { emptyDraft, newField, newOption, newStep, type Draft } from "./templateDraft";
import {
  focusAfterMove,
  initialTemplate,
  isStructural,
  placeErrors,
  summaryLabels,
  templateReducer,
  type TemplateAction,
  type TemplateState,
} from "./templateState";

const run = (actions: TemplateAction[], from: TemplateState = initialTemplate(emptyDraft())) => actions.reduce(templateReducer, from);

/** A draft with fields labelled as given. */
function withFields(...labels: string[]): TemplateState {
  return initialTemplate({ ...emptyDraft(), fields: labels.map((label) => ({ ...newField(), label })) });
}

const labels = (s: TemplateState) => s.draft.fields.map((f) => f.label);

describe("template editor state", () => {
  it("changes what the exercise is, and one field's wording, leaving the rest", () => {
    const start = withFields("First", "Second");
    const s = run(
      [
        { type: "head", change: { title: "Our check-in", cadence: "weekly" } },
        { type: "field", index: 1, change: { help: "Be honest.", required: true } },
      ],
      start,
    );
    expect(s.draft).toMatchObject({ title: "Our check-in", cadence: "weekly", summary: "" });
    expect(s.draft.fields[0]).toBe(start.draft.fields[0]);
    expect(s.draft.fields[1]).toMatchObject({ label: "Second", help: "Be honest.", required: true });
    expect(s.focusId).toBeNull();
  });

  it("gives a type with choices its first two, keeping any it had", () => {
    const spares = [newOption(), newOption()];
    const s = run([{ type: "fieldType", index: 0, fieldType: "checklist", spares }], withFields("Kept"));
    expect(s.draft.fields[0].type).toBe("checklist");
    expect(s.draft.fields[0].options).toEqual(spares);

    const back = run(
      [
        { type: "fieldType", index: 0, fieldType: "short_text", spares: [] },
        { type: "fieldType", index: 0, fieldType: "single_choice", spares: [newOption(), newOption()] },
      ],
      s,
    );
    expect(back.draft.fields[0].options).toEqual(spares);
  });

  it("adds a field or a day, focusing its first input and saying so", () => {
    const field = newField();
    const s = run([{ type: "add", list: "fields", item: field }], withFields("First"));
    expect(s.draft.fields[1]).toBe(field);
    expect(s).toMatchObject({ focusId: "fields.1.type", announcement: "Field 2 added." });

    const day = run([{ type: "add", list: "steps", item: newStep() }]);
    expect(day).toMatchObject({ focusId: "steps.0.title", announcement: "Day 1 added." });
    expect(day.draft.steps).toHaveLength(1);
  });

  it("moves an item, keeping focus on the button pressed, or its twin at either end", () => {
    const start = withFields("First", "Second", "Third");
    const [, second, third] = start.draft.fields;
    const up = run([{ type: "move", list: "fields", index: 2, by: -1 }], start);
    expect(labels(up)).toEqual(["First", "Third", "Second"]);
    expect(up).toMatchObject({ focusId: `move-up-${third.key}`, announcement: "Field moved to position 2 of 3." });

    const top = run([{ type: "move", list: "fields", index: 1, by: -1 }], up);
    expect(labels(top)).toEqual(["Third", "First", "Second"]);
    expect(top.focusId).toBe(`move-down-${third.key}`);

    const bottom = run([{ type: "move", list: "fields", index: 1, by: 1 }], start);
    expect(bottom.focusId).toBe(`move-up-${second.key}`);
    expect(focusAfterMove("k", 1, 1, 2)).toBe("move-down-k");
  });

  it("removes a field or a day, focusing the add button", () => {
    const s = run([{ type: "remove", list: "fields", index: 0 }], withFields("First", "Second"));
    expect(labels(s)).toEqual(["Second"]);
    expect(s).toMatchObject({ focusId: "add-field", announcement: "Field 1 removed." });

    const days = run([
      { type: "add", list: "steps", item: newStep() },
      { type: "add", list: "steps", item: newStep() },
      { type: "step", index: 1, change: { title: "Second day" } },
      { type: "remove", list: "steps", index: 0 },
    ]);
    expect(days.draft.steps.map((d) => d.title)).toEqual(["Second day"]);
    expect(days).toMatchObject({ focusId: "add-step", announcement: "Day 1 removed." });
  });

  it("edits a field's choices, focusing Add a choice after one is removed", () => {
    const start = run([{ type: "fieldType", index: 0, fieldType: "multi_choice", spares: [newOption(), newOption()] }], withFields("Which?"));
    const extra = newOption();
    const s = run(
      [
        { type: "option", index: 0, option: 1, label: "Tea" },
        { type: "addOption", index: 0, option: extra },
      ],
      start,
    );
    expect(s.draft.fields[0].options.map((o) => o.label)).toEqual(["", "Tea", ""]);
    expect(s.focusId).toBeNull();
    const removed = run([{ type: "removeOption", index: 0, option: 0 }], s);
    expect(removed.draft.fields[0].options.map((o) => o.label)).toEqual(["Tea", ""]);
    expect(removed.focusId).toBe(`add-option-${s.draft.fields[0].key}`);
    expect(removed.announcement).toBe("");
    expect(run([{ type: "focused" }], removed).focusId).toBeNull();
  });

  it("counts adding, moving and removing fields or days as structural, not typing", () => {
    expect(isStructural({ type: "add", list: "steps", item: newStep() })).toBe(true);
    expect(isStructural({ type: "move", list: "fields", index: 0, by: 1 })).toBe(true);
    expect(isStructural({ type: "remove", list: "fields", index: 0 })).toBe(true);
    expect(isStructural({ type: "removeOption", index: 0, option: 0 })).toBe(false);
    expect(isStructural({ type: "head", change: { title: "x" } })).toBe(false);
  });
});

describe("template editor errors", () => {
  it("puts the slug's error on the title and a choice id's on its wording", () => {
    const error = new ApiError(422, "validation_failed", "Please correct the highlighted fields.", {
      slug: "is taken",
      "fields.0.options.1.id": "must start with a lowercase letter",
      why: "is required",
    });
    expect(placeErrors(error)?.fields).toEqual({
      title: "Its short name (made from the title) is taken",
      "fields.0.options.1.label": "Its id must start with a lowercase letter",
      why: "is required",
    });
    expect(placeErrors(null)).toBeNull();
  });

  it("labels the summary's links in the form's order, a programme by its days", () => {
    const draft: Draft = { ...withFields("A").draft, cadence: "programme", steps: [newStep()] };
    expect(Object.entries(summaryLabels(draft, { "steps.0.title": "x", odd: "y" })).slice(-5)).toEqual([
      ["steps", "Days"],
      ["steps.0.title", "Day 1 title"],
      ["steps.0.principle", "Day 1 principle"],
      ["steps.0.question", "Day 1 question"],
      ["odd", "odd"],
    ]);
    const fields = summaryLabels({ ...draft, cadence: "daily" }, {});
    expect(fields["fields.0.label"]).toBe("Field 1 label");
    expect(fields["steps.0.title"]).toBeUndefined();
  });
});
