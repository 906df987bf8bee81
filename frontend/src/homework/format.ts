import type { ExerciseField, Task } from "./api";

/** A calendar date (YYYY-MM-DD) moved by n days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Today's calendar date (YYYY-MM-DD) in a time zone (the device's own when it is unknown). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit" };
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-US", { ...options, timeZone }); // en-US: Latin digits
  } catch {
    f = new Intl.DateTimeFormat("en-US", options);
  }
  const parts = f.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

function formatter(options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, options); // an unknown time zone
  }
}

/** "8:00 PM" in the client's time zone. */
export function timeOf(instant: string, timeZone: string): string {
  const t = new Date(instant);
  return Number.isNaN(t.getTime()) ? "" : formatter({ hour: "numeric", minute: "2-digit" }, timeZone).format(t);
}

/** "Wednesday 10 June" for a calendar date. */
export function dayOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  return formatter({ weekday: "long", day: "numeric", month: "long" }, "UTC").format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "10 June 2026, 8:05 PM" for an instant, in the client's time zone. */
export function momentOf(instant: string, timeZone: string): string {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) return "";
  return formatter({ day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" }, timeZone).format(t);
}

/** Whether an open task's time of day has passed (it stays open to the end of the next day). */
export function pastDue(task: Task): boolean {
  return new Date(task.due_at).getTime() < Date.now();
}

/** When an open task is due, in words: "Due today at 8:00 PM", "From yesterday". */
export function dueWording(task: Task, today: string, timeZone: string): string {
  const time = timeOf(task.due_at, timeZone);
  const at = time ? ` at ${time}` : "";
  if (task.date === today) return pastDue(task) ? `Was due today${at}, still open` : `Due today${at}`;
  if (task.date === addDays(today, -1)) return "From yesterday";
  if (task.date < today) return `From ${dayOf(task.date)}`;
  if (task.date === addDays(today, 1)) return `Tomorrow${at}`;
  return `${dayOf(task.date)}${at}`;
}

export function minutesOf(minutes: number): string {
  if (!minutes || minutes < 1) return "";
  return minutes === 1 ? "About 1 minute" : `About ${minutes} minutes`;
}

/** An answer as a person reads it, for the past entries page. */
export function readableAnswer(field: ExerciseField, value: unknown): string {
  if (value === undefined || value === null || value === "") return "No answer";
  const option = (id: unknown) => field.options?.find((o) => o.id === id)?.label ?? String(id);
  switch (field.type) {
    case "scale":
      return typeof value === "number" ? `${value} out of 10` : String(value);
    case "yes_no":
      return value === true ? "Yes" : value === false ? "No" : String(value);
    case "script":
      return value === true ? "Practised" : "Not practised";
    case "single_choice":
      return option(value);
    case "checklist":
    case "multi_choice":
      if (!Array.isArray(value)) return String(value);
      return value.length === 0 ? "None ticked" : value.map(option).join("; ");
    default:
      return typeof value === "string" ? value : JSON.stringify(value);
  }
}
