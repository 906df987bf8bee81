import type { MeasureSeries } from "../../api/progress";
import { percent } from "./days";

/**
 * The smallest whole-point change that counts as reliable. Totals are whole numbers and the
 * server counts a change as real when it is at least reliable_change, so 5.998 means 6 points.
 */
export function reliablePoints(reliableChange: number): number {
  return Math.max(1, Math.ceil(reliableChange - 1e-9));
}

const points = (n: number) => `${n} ${n === 1 ? "point" : "points"}`;

/**
 * First against latest score in one sentence, as the server judged it:
 * "From 18 to 11: improved by a reliable change (≥ 6 points)."
 */
export function changeSentence(m: Pick<MeasureSeries, "change" | "points" | "reliable_change">): string {
  const needed = reliablePoints(m.reliable_change);
  const c = m.change;
  if (!c) {
    if (m.points.length === 0) return "No scores yet.";
    const only = m.points[m.points.length - 1];
    return `One score so far (${only.total}). Change can be judged from the second score.`;
  }
  const from = `From ${c.first} to ${c.latest}`;
  switch (c.status) {
    case "improved":
      return `${from}: improved by a reliable change (≥ ${points(needed)}).`;
    case "worsened":
      return `${from}: worsened by a reliable change (≥ ${points(needed)}).`;
    default:
      return `${from}: no reliable change (that takes a change of ${points(needed)} or more).`;
  }
}

/** Which way is better, in words. */
export function directionSentence(higherIsBetter: boolean): string {
  return higherIsBetter
    ? "Higher totals are better here: an improvement goes up the chart."
    : "Lower totals are better here: an improvement goes down the chart.";
}

/** "4 of 5 (80%)", or "Nothing due". */
export function doneOfDue(done: number, due: number): string {
  const p = percent(done, due);
  return p === null ? "Nothing due" : `${done} of ${due} (${p}%)`;
}
