import type { AssignmentRequest, Cadence, ExerciseRef, Weekday } from "../../api/assignments";
import { ApiError } from "../../api/client";
import { TRUST_ROLE_LABELS, type Client, type Couple, type TrustRole } from "../../api/clients";
import type { Exercise } from "../../api/exercises";
import { sortWeekdays, weekdayOf } from "../../components/cadence";
import { todayISO } from "../../components/dates";

/**
 * The assign form's state, the reducer that changes it, and what follows from it (checks, the
 * request, the error labels): pure functions, so they are tested without rendering.
 */

/** One exercise the picker offers: from the library ("library:slug") or the practice ("template:id"). */
export type Entry = { value: string; title: string; source: "library" | "template"; exercise: Exercise };

export type Recipient = { kind: "client"; client: Client } | { kind: "couple"; couple: Couple };

/** The same exercise for both partners of a couple, or one for each. */
export type Mode = "same" | "different";

/** Library exercises suggested to each partner of a couple when each gets their own. */
export const SUGGESTED: Partial<Record<TrustRole, string>> = {
  caused_harm: "consistency-log",
  hurt: "follow-through-log",
};

/** What the person has chosen and typed; everything else the form shows follows from it. */
export type AssignState = {
  mode: Mode;
  /** The exercise for a client, or for both partners alike (an Entry's value). */
  exercise: string;
  /** Each partner's own exercise, by the partner's index, in the "different" mode. */
  partnerExercises: string[];
  /** Other measures to assign beside a measure, on the same cadence (Entry values). */
  extraMeasures: string[];
  kind: Cadence["kind"];
  /** Once the cadence is chosen by hand, choosing an exercise no longer suggests one. */
  kindChosen: boolean;
  start: string;
  end: string;
  weekdays: Weekday[];
  /** Until days are ticked by hand, a weekly cadence falls on the start date's weekday. */
  weekdaysChosen: boolean;
  every: string;
  days: string;
  at: string;
  /** What the form's own check found wrong, by field; null when it passed (or has not run). */
  problems: Record<string, string> | null;
  /** The titles of the exercises last sent, in order: the API names them by index ("exercises.1"). */
  sent: string[];
};

/** The inputs typed as text, each kept as typed. */
type TextInput = "start" | "end" | "every" | "days" | "at";

export type AssignAction =
  /** suggested: for each partner, the library exercise written for their role, if any. */
  | { type: "mode"; mode: Mode; suggested: (string | undefined)[] }
  /** definition: the chosen exercise's, whose cadence is suggested until one is chosen by hand. */
  | { type: "exercise"; value: string; definition?: Exercise }
  | { type: "partnerExercise"; index: number; value: string; definition?: Exercise }
  | { type: "extraMeasures"; values: string[] }
  | { type: "kind"; kind: Cadence["kind"] }
  | { type: "weekdays"; weekdays: Weekday[] }
  | { type: "text"; input: TextInput; value: string }
  | { type: "refused"; problems: Record<string, string> }
  | { type: "sending"; titles: string[] };

/** A new form, with the exercise it was opened for (an Entry's value, "" for none) chosen. */
export function initialAssign(initial?: Entry): AssignState {
  const steps = initial?.exercise.steps?.length;
  return {
    mode: "same",
    exercise: initial ? initial.value : "",
    partnerExercises: ["", ""],
    extraMeasures: [],
    kind: initial?.exercise.cadence ?? "daily",
    kindChosen: false,
    start: todayISO(),
    end: "",
    weekdays: [],
    weekdaysChosen: false,
    every: "1",
    days: steps ? String(steps) : "30",
    at: "19:00",
    problems: null,
    sent: [],
  };
}

/** Choosing an exercise suggests its cadence (and a programme's length), until a cadence is chosen by hand. */
function suggestFrom(state: AssignState, definition: Exercise | undefined): AssignState {
  if (!definition || state.kindChosen) return state;
  const steps = definition.steps?.length;
  return { ...state, kind: definition.cadence, days: steps ? String(steps) : state.days };
}

export function assignReducer(state: AssignState, action: AssignAction): AssignState {
  switch (action.type) {
    case "mode":
      if (action.mode === "same") return { ...state, mode: "same" };
      // A partner without an exercise yet gets the one suggested for their role, else the shared one.
      return {
        ...state,
        mode: "different",
        partnerExercises: action.suggested.map((s, i) => state.partnerExercises[i] || s || state.exercise),
      };
    case "exercise":
      return suggestFrom({ ...state, exercise: action.value }, action.definition);
    case "partnerExercise":
      return suggestFrom(
        { ...state, partnerExercises: state.partnerExercises.map((x, j) => (j === action.index ? action.value : x)) },
        action.definition,
      );
    case "extraMeasures":
      return { ...state, extraMeasures: action.values };
    case "kind":
      return { ...state, kind: action.kind, kindChosen: true };
    case "weekdays":
      return { ...state, weekdays: action.weekdays, weekdaysChosen: true };
    case "text":
      return { ...state, [action.input]: action.value };
    case "refused":
      return { ...state, problems: action.problems };
    case "sending":
      return { ...state, problems: null, sent: action.titles };
  }
}

/** What the form shows that follows from its state and the exercises on offer. */
export type AssignView = {
  /** One exercise for everyone: a client, or a couple in the "same" mode. */
  sameForAll: boolean;
  /** The weekly cadence's days: as ticked, or the start date's weekday until then. */
  weekdays: Weekday[];
  /** The measures that can go along with the chosen one (PHQ-9 and GAD-7 weekly); none unless a measure is chosen. */
  otherMeasures: Entry[];
  /** The other measures ticked, when one exercise is for everyone. */
  extras: Entry[];
  /** The exercises chosen, for everyone or for each partner. */
  chosen: Entry[];
};

export function assignView(state: AssignState, entries: Entry[], couple: boolean): AssignView {
  const entry = (value: string) => entries.find((e) => e.value === value);
  const sameForAll = state.mode === "same" || !couple;
  const startDay = weekdayOf(state.start);
  const otherMeasures = entry(state.exercise)?.exercise.measure
    ? entries.filter((e) => e.source === "library" && e.exercise.measure && e.value !== state.exercise)
    : [];
  return {
    sameForAll,
    weekdays: state.weekdaysChosen ? state.weekdays : startDay ? [startDay] : [],
    otherMeasures,
    extras: sameForAll ? otherMeasures.filter((m) => state.extraMeasures.includes(m.value)) : [],
    chosen: (sameForAll ? [state.exercise] : state.partnerExercises).map(entry).filter((e): e is Entry => !!e),
  };
}

/** The form's own check before sending, keyed as the API keys its errors; empty when all is well. */
export function assignProblems(state: AssignState, view: AssignView, partnerCount: number): Record<string, string> {
  const { kind, start, end, days, at } = state;
  const problems: Record<string, string> = {};
  if (view.sameForAll) {
    if (!state.exercise) problems.exercise = "Choose an exercise.";
  } else {
    for (let i = 0; i < partnerCount; i++) {
      if (!state.partnerExercises[i]) problems[`partners.${i}.exercise`] = "Choose an exercise for this partner.";
    }
  }
  if (!start) problems["cadence.start"] = "Enter the start date.";
  if (end && start && end < start && kind !== "programme") {
    problems["cadence.end"] = kind === "once" ? "The due date can't be before the start date." : "The end date can't be before the start date.";
  }
  if (kind === "weekly" && view.weekdays.length === 0) problems["cadence.weekdays"] = "Choose at least one day.";
  if (kind === "programme" && !/^[1-9]\d*$/.test(days.trim())) problems["cadence.days"] = "Enter a whole number of days, 1 or more.";
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) problems["cadence.at"] = "Enter a time like 19:00.";
  return problems;
}

export function refOf(value: string): ExerciseRef {
  const at = value.indexOf(":");
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  return kind === "library" ? { library: id } : { template_id: id };
}

/** The cadence to send: only the parts its kind uses. */
export function cadenceOf(state: AssignState, view: AssignView): Cadence {
  const { kind, start, end, every, days, at } = state;
  const cadence: Cadence = { kind, start, at };
  if (end && kind !== "programme") cadence.end = end;
  if (kind === "weekly") cadence.weekdays = sortWeekdays(view.weekdays);
  if (kind === "weekly" && every !== "1") cadence.every = Number(every);
  if (kind === "programme") cadence.days = Number(days);
  return cadence;
}

/** The request to send, and the titles of the exercises in it in the order sent. */
export function assignRequest(
  state: AssignState,
  view: AssignView,
  recipient: Recipient,
  entries: Entry[],
): { body: AssignmentRequest; titles: string[] } {
  const cadence = cadenceOf(state, view);
  // Several measures go in one request as exercises, all made or none.
  const chosen = [state.exercise, ...view.extras.map((m) => m.value)];
  const what = chosen.length > 1 ? { exercises: chosen.map(refOf) } : { exercise: refOf(state.exercise) };
  const titles = chosen.map((v) => entries.find((e) => e.value === v)?.title ?? v);
  if (recipient.kind === "client") return { body: { client_id: recipient.client.id, ...what, cadence }, titles };
  const couple = recipient.couple;
  if (state.mode === "same") return { body: { couple_id: couple.id, ...what, cadence }, titles };
  const partners = couple.partners.map((p, i) => ({ client_id: p.client_id, exercise: refOf(state.partnerExercises[i]) }));
  return { body: { couple_id: couple.id, partners, cadence }, titles };
}

/**
 * The API keys an exercise's errors by its parts ("exercise.library"); they belong to the picker.
 * Several sent together are keyed by index ("exercises.1"): the first is the picker's, the rest
 * are the other measures', named by title (sent holds the titles in the order sent).
 */
export function placeErrors(error: ApiError, sent: string[]): ApiError {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fields)) {
    const item = /^exercises\.(\d+)(\..+)?$/.exec(key);
    if (item) {
      const i = Number(item[1]);
      if (i === 0) fields.exercise ??= message;
      else fields.measures ??= `${sent[i] ?? `Measure ${i + 1}`}: ${message}`;
      continue;
    }
    const m = /^(exercise|partners\.\d+\.exercise)\..+$/.exec(key);
    const to = m ? m[1] : key === "exercises" ? "measures" : key;
    fields[to] ??= message;
  }
  return new ApiError(error.status, error.code, error.message, fields);
}

/** Labels for the error summary, in the form's order; any key it does not know goes last, as is. */
export function assignLabels(partners: { name: string }[], kind: Cadence["kind"], errors: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = {
    client_id: "Client",
    couple_id: "Couple",
    exercise: "Exercise",
    measures: "Other measures",
    ...Object.fromEntries(partners.map((p, i) => [`partners.${i}.exercise`, `Exercise for ${p.name}`])),
    partners: "Partners",
    "cadence.kind": "How often",
    "cadence.every": "Repeat",
    "cadence.start": "Start date",
    "cadence.end": kind === "once" ? "Due date" : "End date",
    "cadence.weekdays": "On these days",
    "cadence.days": "Number of days",
    "cadence.at": "Time of day",
  };
  for (const key of Object.keys(errors)) if (!(key in labels)) labels[key] = key;
  return labels;
}

/** "A", "A and B", "A, B and C". */
export function inWords(items: string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "the partner who was hurt" */
export function roleInWords(role: TrustRole): string {
  const label = TRUST_ROLE_LABELS[role];
  return label.charAt(0).toLowerCase() + label.slice(1);
}
