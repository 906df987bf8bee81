import { useId } from "react";
import type { MeasureSeries } from "../api/progress";
import { bandTints, LineChart } from "./charts/LineChart";
import { changeSentence, directionSentence } from "./charts/words";
import { DataTable } from "./DataTable";
import { formatDay } from "./dates";

type Level = 3 | 4;

/**
 * One measure over time: what changed in words (first against latest, by the reliable change),
 * which way is better, the chart with its bands, and the same numbers as a table.
 */
export function ProgressMeasure({ measure: m, level = 3 }: { measure: MeasureSeries; level?: Level }) {
  const Heading = `h${level}` as const;
  const headingId = useId();
  const points = [...m.points].sort((a, b) => a.date.localeCompare(b.date));
  const bands = [...m.bands].sort((a, b) => a.min - b.min);
  const change = changeSentence(m);
  const direction = directionSentence(m.higher_is_better);
  const tints = bandTints(bands.length, m.higher_is_better);

  const chartTitle = `${m.title}: totals over time, on a scale of 0 to ${m.max}`;
  const description = [
    points.length === 1
      ? `One score, on ${formatDay(points[0].date)}.`
      : `${points.length} scores, from ${formatDay(points[0]?.date ?? "")} to ${formatDay(points[points.length - 1]?.date ?? "")}.`,
    change,
    direction,
    bands.length > 0 ? `Bands: ${bands.map((b) => `${b.min} to ${b.max} ${b.label}`).join("; ")}.` : "",
    "The table below has every score.",
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <article className="progress-measure" aria-labelledby={headingId}>
      <Heading id={headingId} className="progress-measure-title">
        {m.title}
      </Heading>
      <p className={`progress-change${m.change ? ` progress-change-${m.change.status.replace(/ /g, "-")}` : ""}`}>
        {change}
      </p>
      {points.length > 0 && (
        <>
          <p className={m.higher_is_better ? "progress-direction progress-direction-up" : "progress-direction muted"}>
            {direction}
          </p>
          <figure className="chart-figure">
            <LineChart
              title={chartTitle}
              description={description}
              max={m.max}
              bands={bands}
              higherIsBetter={m.higher_is_better}
              series={[
                {
                  key: m.instrument,
                  name: m.title,
                  points: points.map((p) => ({
                    date: p.date,
                    value: p.total,
                    label: `${formatDay(p.date)}: ${p.total}${p.band ? `, ${p.band}` : ""}`,
                  })),
                },
              ]}
            />
            {bands.length > 0 && (
              <figcaption>
                <ul className="band-key" aria-label={`${m.title}: bands`}>
                  {bands.map((b, i) => (
                    <li key={`${b.min}-${b.label}`}>
                      <span className="band-swatch" style={{ background: tints[i] }} aria-hidden="true" />
                      {b.min}–{b.max} {b.label}
                    </li>
                  ))}
                </ul>
              </figcaption>
            )}
          </figure>
          <ScoresTable caption={`${m.title}: every score (0 to ${m.max})`} points={points} showBand={bands.length > 0} />
        </>
      )}
    </article>
  );
}

type ScorePoint = { date: string; total: number; band?: string };

/** A measure's scores as a table, folded under its chart: the chart's words for screen readers and print. */
export function ScoresTable({ caption, points, showBand }: { caption: string; points: ScorePoint[]; showBand: boolean }) {
  return (
    <details className="chart-data">
      <summary>Scores as a table</summary>
      <DataTable caption={caption} columns={showBand ? ["Date", "Total", "Band"] : ["Date", "Total"]}>
        {points.map((p, i) => (
          <tr key={`${p.date}-${i}`}>
            <th scope="row">{formatDay(p.date)}</th>
            <td>{p.total}</td>
            {showBand && <td>{p.band}</td>}
          </tr>
        ))}
      </DataTable>
    </details>
  );
}
