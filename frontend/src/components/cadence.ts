import type { Assignment, Cadence, Weekday } from "../api/assignments";
import { formatDay } from "./dates";

/** Weekdays in the order people read a week here (Monday first), with the API's values. */
export const WEEKDAYS: { value: Weekday; short: string; label: string }[] = [
  { value: "mon", short: "Mon", label: "Monday" },
  { value: "tue", short: "Tue", label: "Tuesday" },
  { value: "wed", short: "Wed", label: "Wednesday" },
  { value: "thu", short: "Thu", label: "Thursday" },
  { value: "fri", short: "Fri", label: "Friday" },
  { value: "sat", short: "Sat", label: "Saturday" },
  { value: "sun", short: "Sun", label: "Sunday" },
];

/** Chosen weekdays in week order, whatever order they were chosen in. */
export function sortWeekdays(days: Weekday[]): Weekday[] {
  return WEEKDAYS.map((w) => w.value).filter((v) => days.includes(v));
}

const BY_DAY_NUMBER: Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** The weekday of a calendar date ("2026-11-24" → "tue"), or null for anything else. */
export function weekdayOf(date: string): Weekday | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : BY_DAY_NUMBER[d.getUTCDay()];
}

/** The number of daily steps of a programme assignment. */
function programmeDays(assignment: Pick<Assignment, "cadence" | "definition">): number {
  return assignment.cadence.days || assignment.definition.steps?.length || 0;
}

/**
 * An assignment's cadence in words: "Daily at 19:00", "Mon, Wed, Fri at 08:00", "Once, due 3 Dec",
 * "30-day programme, day 4 of 30".
 */
export function cadenceInWords(assignment: Pick<Assignment, "cadence" | "definition" | "occurrences">): string {
  const c: Cadence = assignment.cadence;
  switch (c.kind) {
    case "once":
      return `Once, due ${formatDay(c.end || c.start)}`;
    case "daily":
      return `Daily at ${c.at}`;
    case "weekly": {
      const days = sortWeekdays(c.weekdays ?? []);
      const names = days.map((d) => WEEKDAYS.find((w) => w.value === d)!.short);
      const often = c.every && c.every > 1 ? `, every ${c.every} weeks,` : "";
      return `${names.length === 7 ? "Every day" : names.join(", ") || "Weekly"}${often} at ${c.at}`;
    }
    case "monthly":
      return `Monthly on day ${Number(c.start.slice(8, 10))} at ${c.at}`;
    case "programme": {
      const n = programmeDays(assignment);
      const reached = assignment.occurrences.filter((o) => o.status !== "upcoming").map((o) => o.step);
      const day = reached.length > 0 ? Math.max(...reached) : 0;
      return day > 0 ? `${n}-day programme, day ${day} of ${n}` : `${n}-day programme, starts ${formatDay(c.start)}`;
    }
  }
}

/** The dates around the cadence: "From 3 Dec until 10 Dec", "From 3 Dec". */
export function cadenceSpan(cadence: Cadence): string {
  if (cadence.kind === "once") return `Open from ${formatDay(cadence.start)} at ${cadence.at}`;
  return cadence.end ? `From ${formatDay(cadence.start)} until ${formatDay(cadence.end)}` : `From ${formatDay(cadence.start)}`;
}
