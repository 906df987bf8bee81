// The one clock of the frontend unit tests. src/test/setup.ts pins Date to NOW before any test
// module loads and again before every test, so the app's "today" (new Date(), Date.now()) is
// NOW's date whatever the machine's clock says. Only Date is faked: setTimeout, promises and
// requestAnimationFrame stay real, so testing-library's waitFor/findBy and user-event work as
// usual (no advanceTimers needed). The clock does not move during a test.
//
// Write every date a test needs (fixtures, typed dates, expected request bodies) relative to
// NOW with daysFromNow, never as a literal, e.g. a due date next week is daysFromNow(7).
import { vi } from "vitest";

/**
 * Tuesday 24 November 2026, 12:00 UTC: noon in London (the fixtures' client zone, GMT then).
 * The tests run in UTC (vite.config.ts sets TZ), so the browser's "today" is NOW's UTC date.
 */
export const NOW = new Date("2026-11-24T12:00:00Z");

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The calendar date n days from NOW's (negative: before), as the API writes dates: "2026-11-22".
 * With a time of day ("19:00" or "19:00:05"), that instant in UTC instead: "2026-11-22T19:00:00Z".
 */
export function daysFromNow(n: number, time?: string): string {
  const date = new Date(NOW.getTime() + n * DAY_MS).toISOString().slice(0, 10);
  if (time === undefined) return date;
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time)) throw new Error(`daysFromNow: time must be HH:MM or HH:MM:SS, not ${time}`);
  return `${date}T${time.length === 5 ? `${time}:00` : time}Z`;
}

/** NOW's calendar date: "2026-11-24". */
export const TODAY = daysFromNow(0);

/** Pins Date (only Date) to NOW. setup.ts calls it; a test that moved the clock may call it again. */
export function useFixedClock(): void {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
}
