import type { CalendarDay, DayStatus, ExerciseCalendar } from "../../api/progress";
import { formatWeekday } from "../dates";
import { dateOfDay, dayNumber, weekdayIndex } from "./days";

/** Each status has a word and a symbol, and its own border, so colour is never the only cue. */
export const DAY_STATUSES: { status: DayStatus; word: string; symbol: string; meaning: string }[] = [
  { status: "done", word: "done", symbol: "✓", meaning: "Done" },
  { status: "late", word: "late", symbol: "◐", meaning: "Late" },
  { status: "missed", word: "missed", symbol: "✗", meaning: "Missed" },
  { status: "due", word: "due", symbol: "○", meaning: "Due, not yet answered" },
  { status: "upcoming", word: "upcoming", symbol: "◌", meaning: "Upcoming" },
];

const BY_STATUS = Object.fromEntries(DAY_STATUSES.map((s) => [s.status, s])) as Record<
  DayStatus,
  (typeof DAY_STATUSES)[number]
>;

const WEEKDAYS = [
  ["Mon", "Monday"],
  ["Tue", "Tuesday"],
  ["Wed", "Wednesday"],
  ["Thu", "Thursday"],
  ["Fri", "Friday"],
  ["Sat", "Saturday"],
  ["Sun", "Sunday"],
] as const;

export const CALENDAR_DAYS = 60;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The day of the month, with the month on the first day shown and on each 1st. */
function dayLabel(date: string, first: boolean): string {
  const day = Number(date.slice(8, 10));
  return first || day === 1 ? `${day} ${MONTHS[Number(date.slice(5, 7)) - 1]}` : String(day);
}

/** The key to the calendars' cells, shown once above them. */
export function CalendarLegend() {
  return (
    <ul className="cal-legend" aria-label="Key to the calendars">
      {DAY_STATUSES.map((s) => (
        <li key={s.status}>
          <span className={`cal-swatch cal-${s.status}`} aria-hidden="true">
            {s.symbol}
          </span>
          {s.meaning}
        </li>
      ))}
      <li>
        <span className="cal-swatch cal-none" aria-hidden="true" />
        Nothing asked
      </li>
    </ul>
  );
}

type Props = {
  calendar: ExerciseCalendar;
  /** Today as YYYY-MM-DD, in the reader's zone. */
  today: string;
};

/** A programme's day as words: "day 3, Ownership with no “but”". */
function stepInWords(day: CalendarDay): string {
  if (!day.step) return "";
  return day.label ? `day ${day.step}, ${day.label}` : `day ${day.step}`;
}

/**
 * One daily exercise's or programme's last 60 days as a month-style grid, a row per week from
 * Monday. Every day cell is named in words ("Tue 3 Nov: done"); a programme's day adds its step
 * ("Tue 3 Nov: done, day 3, Ownership with no “but”"), also shown on hover; days with nothing
 * asked say so.
 */
export function ConsistencyCalendar({ calendar, today }: Props) {
  const byDay = new Map<number, DayStatus>();
  const dayOf = new Map<number, CalendarDay>();
  for (const d of calendar.days) {
    const n = dayNumber(d.date);
    if (Number.isNaN(n)) continue;
    byDay.set(n, d.status);
    dayOf.set(n, d);
  }
  if (byDay.size === 0) return <p className="muted">Nothing was asked in the last {CALENDAR_DAYS} days.</p>;

  const known = [...byDay.keys()];
  const todayN = dayNumber(today);
  const end = Math.max(Number.isNaN(todayN) ? -Infinity : todayN, ...known);
  const start = Math.max(Math.min(...known), end - (CALENDAR_DAYS - 1));
  const gridStart = start - weekdayIndex(start);
  const gridEnd = end + (6 - weekdayIndex(end));

  const weeks: number[][] = [];
  for (let d = gridStart; d <= gridEnd; d += 7) weeks.push([0, 1, 2, 3, 4, 5, 6].map((i) => d + i));

  const counts = DAY_STATUSES.map((s) => ({
    ...s,
    n: [...byDay].filter(([d, st]) => d >= start && d <= end && st === s.status).length,
  })).filter((c) => c.n > 0);
  const steps = [...dayOf]
    .filter(([d, day]) => d >= start && d <= end && day.step)
    .map(([, day]) => day.step as number);
  const stepRange =
    calendar.kind === "programme" && steps.length > 0
      ? ` Programme days ${Math.min(...steps)} to ${Math.max(...steps)}.`
      : "";

  return (
    <div className="cal">
      <p className="cal-summary">
        {counts.map((c) => `${c.n} ${c.word}`).join(", ")}
        {counts.length > 0 && "."}
        {stepRange}
      </p>
      <div className="table-wrap">
        <table className="cal-grid">
          <caption className="visually-hidden">{calendar.title}: each day, a row per week from Monday</caption>
          <thead>
            <tr>
              {WEEKDAYS.map(([short, long]) => (
                <th key={short} scope="col">
                  <abbr title={long}>{short}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0]}>
                {week.map((d) => {
                  if (d < start || d > end) return <td key={d} className="cal-cell cal-out" />;
                  const date = dateOfDay(d);
                  const status = byDay.get(d);
                  const s = status ? BY_STATUS[status] : undefined;
                  const isToday = d === todayN;
                  const step = dayOf.has(d) ? stepInWords(dayOf.get(d)!) : "";
                  const name = `${formatWeekday(date)}${isToday ? " (today)" : ""}: ${s ? s.word : "nothing asked"}${step ? `, ${step}` : ""}`;
                  return (
                    <td
                      key={d}
                      className={`cal-cell cal-${status ?? "none"}${isToday ? " cal-today" : ""}`}
                      title={step ? step.charAt(0).toUpperCase() + step.slice(1) : undefined}
                    >
                      <span className="cal-date" aria-hidden="true">
                        {dayLabel(date, d === start)}
                      </span>
                      <span className="cal-symbol" aria-hidden="true">
                        {s?.symbol}
                      </span>
                      <span className="visually-hidden">{name}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
