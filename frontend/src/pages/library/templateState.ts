import { ApiError } from "../../api/client";
import { hasOptions, type FieldType } from "../../api/exercises";
import type { Draft, FieldDraft, OptionDraft, StepDraft } from "./templateDraft";

/**
 * The template editor's state: the draft (templateDraft.ts), the element to focus once a change
 * is drawn, and what was last said to screen readers. The reducer is pure: anything new (a field,
 * a day, a choice) comes made in the action, with its key.
 */
export type TemplateState = {
  draft: Draft;
  /** An element to focus after the next render (a new field, a moved field's button). */
  focusId: string | null;
  /** The last structural change in words, for the status region. */
  announcement: string;
};

/** The draft's own inputs typed or chosen directly: everything but the lists and the slug. */
export type HeadChange = Partial<Omit<Draft, "fields" | "steps" | "slug">>;

/** The draft's two lists: a programme's days, or anything else's fields. */
export type ListName = "fields" | "steps";

/** How each list names its items, which input a new one focuses, and its add button's id. */
const LISTS: Record<ListName, { noun: string; first: string; addButton: string }> = {
  fields: { noun: "Field", first: "type", addButton: "add-field" },
  steps: { noun: "Day", first: "title", addButton: "add-step" },
};

export type TemplateAction =
  | { type: "head"; change: HeadChange }
  | { type: "field"; index: number; change: Partial<Omit<FieldDraft, "key" | "type" | "options">> }
  /** spares: new choices, enough to give a type with choices its first two. */
  | { type: "fieldType"; index: number; fieldType: FieldType; spares: OptionDraft[] }
  | { type: "option"; index: number; option: number; label: string }
  | { type: "addOption"; index: number; option: OptionDraft }
  | { type: "removeOption"; index: number; option: number }
  | { type: "step"; index: number; change: Partial<Omit<StepDraft, "key">> }
  | { type: "add"; list: "fields"; item: FieldDraft }
  | { type: "add"; list: "steps"; item: StepDraft }
  | { type: "move"; list: ListName; index: number; by: -1 | 1 }
  | { type: "remove"; list: ListName; index: number }
  /** The element to focus has been focused. */
  | { type: "focused" };

/**
 * The changes that add, move or remove a field or a day: the API's last refusal names fields by
 * position, so it no longer fits after one of these.
 */
export function isStructural(action: TemplateAction): boolean {
  return action.type === "add" || action.type === "move" || action.type === "remove";
}

export function initialTemplate(draft: Draft): TemplateState {
  return { draft, focusId: null, announcement: "" };
}

/** The list with items i and j swapped. */
export function swapped<T>(list: T[], i: number, j: number): T[] {
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** After a move, focus stays on the button pressed, or on its twin once it is disabled at either end. */
export function focusAfterMove(key: string, by: -1 | 1, to: number, last: number): string {
  if (by < 0) return to === 0 ? `move-down-${key}` : `move-up-${key}`;
  return to === last ? `move-up-${key}` : `move-down-${key}`;
}

/** The draft with one list replaced, and what to focus and say about it. */
function withList(state: TemplateState, list: ListName, items: (FieldDraft | StepDraft)[], focusId: string, announcement: string) {
  return { draft: { ...state.draft, [list]: items } as Draft, focusId, announcement };
}

/** Field i changed by f. */
function editField(state: TemplateState, i: number, f: (field: FieldDraft) => FieldDraft): TemplateState {
  return { ...state, draft: { ...state.draft, fields: state.draft.fields.map((field, j) => (j === i ? f(field) : field)) } };
}

export function templateReducer(state: TemplateState, action: TemplateAction): TemplateState {
  switch (action.type) {
    case "head":
      return { ...state, draft: { ...state.draft, ...action.change } };
    case "field":
      return editField(state, action.index, (f) => ({ ...f, ...action.change }));
    case "fieldType":
      return editField(state, action.index, (f) => {
        const options = [...f.options];
        const spares = [...action.spares];
        while (hasOptions(action.fieldType) && options.length < 2 && spares.length > 0) options.push(spares.shift()!);
        return { ...f, type: action.fieldType, options };
      });
    case "option":
      return editField(state, action.index, (f) => ({
        ...f,
        options: f.options.map((o, k) => (k === action.option ? { ...o, label: action.label } : o)),
      }));
    case "addOption":
      return editField(state, action.index, (f) => ({ ...f, options: [...f.options, action.option] }));
    case "removeOption":
      return {
        ...editField(state, action.index, (f) => ({ ...f, options: f.options.filter((_, k) => k !== action.option) })),
        focusId: `add-option-${state.draft.fields[action.index].key}`,
      };
    case "step":
      return { ...state, draft: { ...state.draft, steps: state.draft.steps.map((s, j) => (j === action.index ? { ...s, ...action.change } : s)) } };

    case "add": {
      const items = state.draft[action.list];
      const { noun, first } = LISTS[action.list];
      const at = items.length;
      return withList(state, action.list, [...items, action.item], `${action.list}.${at}.${first}`, `${noun} ${at + 1} added.`);
    }
    case "move": {
      const items = state.draft[action.list];
      const to = action.index + action.by;
      return withList(
        state,
        action.list,
        swapped<FieldDraft | StepDraft>(items, action.index, to),
        focusAfterMove(items[action.index].key, action.by, to, items.length - 1),
        `${LISTS[action.list].noun} moved to position ${to + 1} of ${items.length}.`,
      );
    }
    case "remove": {
      const { noun, addButton } = LISTS[action.list];
      const items: (FieldDraft | StepDraft)[] = state.draft[action.list];
      return withList(
        state,
        action.list,
        items.filter((_, j) => j !== action.index),
        addButton,
        `${noun} ${action.index + 1} removed.`,
      );
    }
    case "focused":
      return { ...state, focusId: null };
  }
}

/**
 * The API keys errors by JSON path ("fields.2.label"). A few have no input of their own: the
 * slug is made from the title, and choices' ids from their wording, so their errors go there.
 */
export function placeErrors(error: ApiError | null): ApiError | null {
  if (!error) return null;
  const fields = { ...error.fields };
  if (fields.slug) {
    fields.title ??= `Its short name (made from the title) ${fields.slug}`;
    delete fields.slug;
  }
  for (const key of Object.keys(fields)) {
    const m = /^(fields\.\d+\.options\.\d+)\.id$/.exec(key);
    if (m) {
      fields[`${m[1]}.label`] ??= `Its id ${fields[key]}`;
      delete fields[key];
    }
  }
  return new ApiError(error.status, error.code, error.message, fields);
}

/** Labels for the error summary, in the form's order; any key it does not know goes last, as is. */
export function summaryLabels(d: Draft, errors: Record<string, string>): Record<string, string> {
  const l: Record<string, string> = {
    title: "Title",
    summary: "Summary",
    modality: "Approach",
    audience: "Who it is for",
    phase: "Phase",
    minutes: "Minutes",
    cadence: "Suggested cadence",
    intro: "Introduction",
    why: "Why it helps",
    watch_out: "Watch out for",
  };
  if (d.cadence === "programme") {
    l.steps = "Days";
    d.steps.forEach((_, i) => {
      const n = `Day ${i + 1}`;
      l[`steps.${i}.title`] = `${n} title`;
      l[`steps.${i}.principle`] = `${n} principle`;
      l[`steps.${i}.question`] = `${n} question`;
    });
  } else {
    l.fields = "Fields";
    d.fields.forEach((f, i) => {
      const n = `Field ${i + 1}`;
      l[`fields.${i}.type`] = `${n} type`;
      l[`fields.${i}.label`] = `${n} label`;
      l[`fields.${i}.help`] = `${n} help`;
      l[`fields.${i}.min_label`] = `${n}, what 0 means`;
      l[`fields.${i}.max_label`] = `${n}, what 10 means`;
      l[`fields.${i}.options`] = `${n} choices`;
      f.options.forEach((_, j) => (l[`fields.${i}.options.${j}.label`] = `${n} choice ${j + 1}`));
      l[`fields.${i}.text`] = `${n} script`;
      l[`fields.${i}.max_length`] = `${n} most characters`;
      l[`fields.${i}.required`] = `${n} required`;
      l[`fields.${i}.id`] = `${n} id`;
    });
  }
  for (const key of Object.keys(errors)) if (!(key in l)) l[key] = key;
  return l;
}
