/**
 * Calendar dates ("2026-11-03") as whole day numbers, so charts can space them by time without
 * reading them as instants (new Date("2026-11-03") is UTC midnight, the day before in the west).
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a YYYY-MM-DD date, or NaN. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/** The YYYY-MM-DD date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(day: number): number {
  // 1970-01-01 was a Thursday (3 counted from Monday).
  return (((day + 3) % 7) + 7) % 7;
}

/** The share done of due as a whole percentage, or null when nothing was due. */
export function percent(done: number, due: number): number | null {
  if (due <= 0) return null;
  return Math.round((Math.min(done, due) / due) * 100);
}
