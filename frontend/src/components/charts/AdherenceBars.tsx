import type { AdherenceWeek } from "../../api/progress";
import { formatDay } from "../dates";
import { percent } from "./days";
import { doneOfDue } from "./words";

type Props = {
  weeks: AdherenceWeek[];
  /** What the table shows, e.g. "Homework done each week". */
  caption: string;
  /** Said instead of the chart when there are no weeks. */
  empty: string;
};

/**
 * Homework done of due, week by week, as a horizontal bar chart that is also a table: each row is
 * a week, its bar drawn in SVG beside the same share in words ("4 of 5 (80%)"), so it reads at
 * any width and to a screen reader (which gets the words, not the bars).
 */
export function AdherenceBars({ weeks, caption, empty }: Props) {
  if (weeks.length === 0) return <p className="muted">{empty}</p>;
  const sorted = [...weeks].sort((a, b) => a.week_start.localeCompare(b.week_start));
  const done = sorted.reduce((n, w) => n + Math.min(w.done, w.due), 0);
  const due = sorted.reduce((n, w) => n + w.due, 0);
  return (
    <div className="adherence">
      <p className="adherence-total">
        {due === 0
          ? `Nothing was due in these ${sorted.length} weeks.`
          : `Over ${sorted.length} ${sorted.length === 1 ? "week" : "weeks"}: ${doneOfDue(done, due)} done.`}
      </p>
      <div className="table-wrap">
        <table className="table adherence-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              {/* The bars repeat the words beside them, so they are hidden from screen readers. */}
              <td aria-hidden="true" />
              <th scope="col">Done of due</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((w) => {
              const p = percent(w.done, w.due);
              return (
                <tr key={w.week_start}>
                  <th scope="row" className="adherence-week">
                    {formatDay(w.week_start)}
                  </th>
                  {/* A column of its own, so every bar has the same full length. */}
                  <td className="adherence-bar-cell" aria-hidden="true">
                    <svg className="adherence-bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                      <rect className="adherence-track" x={0} y={0} width={100} height={10} />
                      {p !== null && <rect className="adherence-fill" x={0} y={0} width={p} height={10} />}
                    </svg>
                  </td>
                  <td className={p === null ? "adherence-text muted" : "adherence-text"}>{doneOfDue(w.done, w.due)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
