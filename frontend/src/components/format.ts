/** "22 November 2026" in the reader's locale. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });
}

/** Date and time to the minute in the reader's locale and zone. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A calendar date ("2026-11-23") as UTC midnight, so formatting in UTC gives that very day. */
function calendarDay(date: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/**
 * Two calendar dates (the API's format: date) as one span in the reader's locale: "23–29
 * November 2026". Read as days, not instants, so they are the same days in every zone.
 */
export function formatDateRange(start: string, end: string): string {
  const from = calendarDay(start);
  const to = calendarDay(end);
  if (!from || !to) return `${start} – ${end}`;
  const format = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return from.getTime() <= to.getTime() ? format.formatRange(from, to) : format.formatRange(to, from);
}

/** An instant with its weekday, to the minute, in the reader's locale and zone: "Monday, 30 November 2026 at 08:00". */
export function formatDayAndTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" });
}
