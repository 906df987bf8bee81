import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import type { Exercise } from "../../api/exercises";
import { daysFromNow, TODAY } from "../../test/clock";
import { COUPLE, exercise, RITUAL, SAM, THIRTY_DAYS } from "../../test/fixtures";
import {
  assignLabels,
  assignProblems,
  assignReducer,
  assignRequest,
  assignView,
  initialAssign,
  placeErrors,
  type AssignAction,
  type AssignState,
  type Entry,
} from "./assignState";

const lib = (e: Exercise): Entry => ({ value: `library:${e.slug}`, title: e.title, source: "library", exercise: e });
const PHQ9 = lib(exercise("phq-9", { title: "PHQ-9", measure: "phq-9", cadence: "weekly" }));
const GAD7 = lib(exercise("gad-7", { title: "GAD-7", measure: "gad-7", cadence: "weekly" }));
const RITUAL_ENTRY = lib(RITUAL);
const PROGRAMME = lib(THIRTY_DAYS);
const REPAIR = lib(exercise("consistency-log", { title: "Daily consistency log", phase: "atone" }));
const ENTRIES = [PHQ9, GAD7, RITUAL_ENTRY, PROGRAMME, REPAIR];

const run = (actions: AssignAction[], from: AssignState = initialAssign()) => actions.reduce(assignReducer, from);

describe("assign form state", () => {
  it("starts daily from today at 19:00, or with the exercise it was opened for and its cadence", () => {
    expect(initialAssign()).toMatchObject({ mode: "same", exercise: "", kind: "daily", start: TODAY, at: "19:00", days: "30" });
    expect(initialAssign(PROGRAMME)).toMatchObject({ exercise: "library:thirty-days", kind: "programme", days: "3" });
  });

  it("suggests the chosen exercise's cadence until one is chosen by hand", () => {
    const suggested = run([{ type: "exercise", value: RITUAL_ENTRY.value, definition: RITUAL }]);
    expect(suggested).toMatchObject({ exercise: "library:ritual-of-connection", kind: "weekly", kindChosen: false });

    const chosen = run([{ type: "kind", kind: "once" }, { type: "exercise", value: PROGRAMME.value, definition: THIRTY_DAYS }]);
    expect(chosen).toMatchObject({ exercise: "library:thirty-days", kind: "once", kindChosen: true, days: "30" });

    const partner = run([{ type: "partnerExercise", index: 1, value: PROGRAMME.value, definition: THIRTY_DAYS }]);
    expect(partner).toMatchObject({ partnerExercises: ["", "library:thirty-days"], kind: "programme", days: "3" });
  });

  it("gives each partner the exercise suggested for their role, else the shared one, keeping any already chosen", () => {
    const state = run([
      { type: "exercise", value: RITUAL_ENTRY.value },
      { type: "partnerExercise", index: 0, value: PHQ9.value },
      { type: "mode", mode: "same", suggested: [] },
      { type: "mode", mode: "different", suggested: ["library:consistency-log", "library:follow-through-log"] },
    ]);
    expect(state.partnerExercises).toEqual(["library:phq-9", "library:follow-through-log"]);
    expect(run([{ type: "exercise", value: RITUAL_ENTRY.value }, { type: "mode", mode: "different", suggested: [undefined, undefined] }]).partnerExercises).toEqual([
      RITUAL_ENTRY.value,
      RITUAL_ENTRY.value,
    ]);
  });

  it("shows a weekly cadence on the start date's weekday until days are ticked", () => {
    const weekly = run([{ type: "kind", kind: "weekly" }]);
    expect(assignView(weekly, ENTRIES, false).weekdays).toEqual(["tue"]); // today, Tuesday 24 November
    const moved = run([{ type: "text", input: "start", value: daysFromNow(1) }], weekly);
    expect(assignView(moved, ENTRIES, false).weekdays).toEqual(["wed"]);
    const ticked = run([{ type: "weekdays", weekdays: [] }], moved);
    expect(assignView(ticked, ENTRIES, false).weekdays).toEqual([]);
    expect(assignProblems(ticked, assignView(ticked, ENTRIES, false), 0)).toMatchObject({ "cadence.weekdays": "Choose at least one day." });
  });

  it("offers other measures only beside a measure, and only when one exercise is for everyone", () => {
    const state = run([
      { type: "exercise", value: PHQ9.value },
      { type: "extraMeasures", values: [GAD7.value] },
    ]);
    expect(assignView(state, ENTRIES, false)).toMatchObject({ otherMeasures: [GAD7], extras: [GAD7], chosen: [PHQ9] });
    expect(assignView(run([{ type: "mode", mode: "different", suggested: [undefined, undefined] }], state), ENTRIES, true).extras).toEqual([]);
    expect(assignView(run([{ type: "exercise", value: RITUAL_ENTRY.value }], state), ENTRIES, false).otherMeasures).toEqual([]);
  });

  it("checks the exercise, the dates, the days and the time before sending", () => {
    const state = run([
      { type: "kind", kind: "programme" },
      { type: "text", input: "days", value: "0" },
      { type: "text", input: "at", value: "7pm" },
      { type: "text", input: "start", value: "" },
    ]);
    expect(assignProblems(state, assignView(state, ENTRIES, false), 0)).toEqual({
      exercise: "Choose an exercise.",
      "cadence.start": "Enter the start date.",
      "cadence.days": "Enter a whole number of days, 1 or more.",
      "cadence.at": "Enter a time like 19:00.",
    });
    const couple = run([
      { type: "mode", mode: "different", suggested: [REPAIR.value, undefined] },
      { type: "kind", kind: "once" },
      { type: "text", input: "end", value: daysFromNow(-1) },
    ]);
    expect(assignProblems(couple, assignView(couple, ENTRIES, true), 2)).toEqual({
      "partners.1.exercise": "Choose an exercise for this partner.",
      "cadence.end": "The due date can't be before the start date.",
    });
  });

  it("remembers what the check refused, and clears it with the titles sent", () => {
    const refused = run([{ type: "refused", problems: { exercise: "Choose an exercise." } }]);
    expect(refused.problems).toEqual({ exercise: "Choose an exercise." });
    expect(run([{ type: "sending", titles: ["PHQ-9"] }], refused)).toMatchObject({ problems: null, sent: ["PHQ-9"] });
  });
});

describe("the assign request", () => {
  it("sends a client one exercise, or several measures in one list, with only the cadence's own parts", () => {
    const one = run([
      { type: "exercise", value: RITUAL_ENTRY.value, definition: RITUAL },
      { type: "text", input: "every", value: "2" },
      { type: "text", input: "end", value: daysFromNow(30) },
    ]);
    expect(assignRequest(one, assignView(one, ENTRIES, false), { kind: "client", client: SAM }, ENTRIES)).toEqual({
      body: {
        client_id: SAM.id,
        exercise: { library: "ritual-of-connection" },
        cadence: { kind: "weekly", start: TODAY, end: daysFromNow(30), weekdays: ["tue"], every: 2, at: "19:00" },
      },
      titles: ["A ritual of connection"],
    });

    const measures = run([
      { type: "exercise", value: PHQ9.value, definition: PHQ9.exercise },
      { type: "extraMeasures", values: [GAD7.value] },
      { type: "kind", kind: "programme" },
      { type: "text", input: "end", value: daysFromNow(30) },
    ]);
    expect(assignRequest(measures, assignView(measures, ENTRIES, false), { kind: "client", client: SAM }, ENTRIES)).toEqual({
      body: {
        client_id: SAM.id,
        exercises: [{ library: "phq-9" }, { library: "gad-7" }],
        cadence: { kind: "programme", start: TODAY, days: 30, at: "19:00" },
      },
      titles: ["PHQ-9", "GAD-7"],
    });
  });

  it("sends a couple one exercise, or each partner their own", () => {
    const same = run([{ type: "exercise", value: REPAIR.value }]);
    expect(assignRequest(same, assignView(same, ENTRIES, true), { kind: "couple", couple: COUPLE }, ENTRIES).body).toEqual({
      couple_id: COUPLE.id,
      exercise: { library: "consistency-log" },
      cadence: { kind: "daily", start: TODAY, at: "19:00" },
    });
    const different = run([{ type: "mode", mode: "different", suggested: [REPAIR.value, "template:t1"] }], same);
    expect(assignRequest(different, assignView(different, ENTRIES, true), { kind: "couple", couple: COUPLE }, ENTRIES).body).toEqual({
      couple_id: COUPLE.id,
      partners: [
        { client_id: COUPLE.partners[0].client_id, exercise: { library: "consistency-log" } },
        { client_id: COUPLE.partners[1].client_id, exercise: { template_id: "t1" } },
      ],
      cadence: { kind: "daily", start: TODAY, at: "19:00" },
    });
  });

  it("puts the API's errors on the picker and names a refused measure by its title", () => {
    const refused = new ApiError(422, "validation_failed", "Invalid.", {
      "exercises.0.library": "Unknown exercise.",
      "exercises.1": "Not a measure.",
      "partners.1.exercise.template_id": "Archived.",
      "cadence.at": "Bad time.",
    });
    expect(placeErrors(refused, ["PHQ-9", "GAD-7"]).fields).toEqual({
      exercise: "Unknown exercise.",
      measures: "GAD-7: Not a measure.",
      "partners.1.exercise": "Archived.",
      "cadence.at": "Bad time.",
    });
    expect(Object.keys(assignLabels(COUPLE.partners, "once", { surprise: "?" }))).toEqual([
      "client_id",
      "couple_id",
      "exercise",
      "measures",
      "partners.0.exercise",
      "partners.1.exercise",
      "partners",
      "cadence.kind",
      "cadence.every",
      "cadence.start",
      "cadence.end",
      "cadence.weekdays",
      "cadence.days",
      "cadence.at",
      "surprise",
    ]);
  });
});
