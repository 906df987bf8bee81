// "Your week": the client's own last seven days, behind the PIN like past entries. It shows only
// what GET /api/homework/week answers (the client's own tasks and check-ins, and the server's
// line of encouragement): nothing of risk, of score bands or of anyone else. Changes are said in
// words, never by colour alone.
import { getWeek, type Trend, type Week } from "./api";
import { dayOf } from "./format";
import { useLoad } from "./load";
import { PinStep, pinRequired, usePinLock } from "./past";
import { LoadFailed, usePage } from "./shell";

/** A check-in's change since the first of its points, in the client's words ("" says nothing). */
const CHANGE_WORDS: Record<Trend["change"], string> = {
  better: "Better than when you started",
  worse: "Harder lately — worth talking about with your clinician",
  steady: "About the same",
  "": "",
};

export function WeekView() {
  const heading = usePage("Your week");
  // Like past entries: never without the PIN, and the server's 403 pin_required locks the page.
  const { locked, onPinRequired, unlocked } = usePinLock(heading);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Your week
      </h1>
      {locked ? <PinStep onSession={unlocked} action="Show my week" /> : <WeekSummary onPinRequired={onPinRequired} />}
    </>
  );
}

function WeekSummary({ onPinRequired }: { onPinRequired: () => void }) {
  const { data: week, error, retry } = useLoad(getWeek, [onPinRequired], pinRequired(onPinRequired));

  if (error) return <LoadFailed error={error} onRetry={retry} />;
  if (!week) return <p role="status">Loading your week…</p>;

  return (
    <>
      <p className="hw-lead">
        <time dateTime={week.from}>{dayOf(week.from)}</time> to <time dateTime={week.to}>{dayOf(week.to)}</time>
      </p>
      {week.line && <p className="hw-week-line">{week.line}</p>}
      <Tasks week={week} />
      <CheckIns trends={week.trends} />
    </>
  );
}

function Tasks({ week }: { week: Week }) {
  return (
    <section aria-labelledby="week-tasks">
      <h2 id="week-tasks">Your tasks</h2>
      <p>{week.due === 0 ? "Nothing was due yet this week." : `Done this week: ${week.done} of ${week.due}`}</p>
      {week.completed.length > 0 && (
        <ul className="hw-upcoming" aria-label="Done this week">
          {week.completed.map((task, i) => (
            <li key={i}>
              <strong>{task.title}</strong> — <time dateTime={task.date}>{dayOf(task.date)}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CheckIns({ trends }: { trends: Trend[] }) {
  return (
    <section aria-labelledby="week-check-ins">
      <h2 id="week-check-ins">Your check-ins</h2>
      {trends.length === 0 ? (
        <p>No check-ins in the last eight weeks.</p>
      ) : (
        <>
          <p className="hw-meta">Your totals over the last eight weeks.</p>
          <ul className="hw-entries">
            {trends.map((trend, i) => (
              <li key={i} className="hw-entry">
                <TrendCard trend={trend} id={`week-trend-${i}`} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function TrendCard({ trend, id }: { trend: Trend; id: string }) {
  const change = CHANGE_WORDS[trend.change] ?? "";
  return (
    <article aria-labelledby={id}>
      <h3 id={id}>{trend.title}</h3>
      {change && <p className="hw-week-change">{change}</p>}
      <Sparkline points={trend.points} />
      <table className="hw-points">
        <caption className="hw-sr-only">{trend.title}: your totals</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {trend.points.map((point, i) => (
            <tr key={i}>
              <th scope="row">
                <time dateTime={point.date}>{dayOf(point.date)}</time>
              </th>
              <td>{point.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

const SPARK = { width: 160, height: 40, pad: 4 };

/** A small line of the totals, with its words for screen readers (the table below has them all). */
function Sparkline({ points }: { points: Trend["points"] }) {
  if (points.length < 2) return null;
  const totals = points.map((p) => p.total);
  const min = Math.min(...totals);
  const max = Math.max(...totals);
  const { width, height, pad } = SPARK;
  const xy = totals.map((t, i) => {
    const x = pad + (i * (width - 2 * pad)) / (totals.length - 1);
    const y = max === min ? height / 2 : pad + ((max - t) * (height - 2 * pad)) / (max - min);
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10] as const;
  });
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <svg
      className="hw-sparkline"
      role="img"
      aria-label={`A line of your totals, from ${first.total} on ${dayOf(first.date)} to ${last.total} on ${dayOf(last.date)}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      focusable="false"
    >
      <polyline points={xy.map(([x, y]) => `${x},${y}`).join(" ")} fill="none" stroke="currentColor" strokeWidth="2" />
      {xy.map(([x, y], i) => (
        <circle key={i} cx={x} cy={y} r="2.5" fill="currentColor" />
      ))}
    </svg>
  );
}
