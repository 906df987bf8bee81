/**
 * Calendar dates ("2026-12-03", the API's format: date) read as days, not instants: new Date()
 * would read them as UTC midnight, which is the day before west of Greenwich.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function parts(date: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Today in the browser's zone, as YYYY-MM-DD. */
export function todayISO(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "3 Dec", with the year when it is not this year ("3 Dec 2027"). */
export function formatDay(date: string, now = new Date()): string {
  const p = parts(date);
  if (!p) return date;
  const [y, m, d] = p;
  return y === now.getFullYear() ? `${d} ${MONTHS[m - 1]}` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Wed 3 Dec" (with the year when it is not this year). */
export function formatWeekday(date: string, now = new Date()): string {
  const p = parts(date);
  if (!p) return date;
  const [y, m, d] = p;
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${weekday} ${formatDay(date, now)}`;
}
