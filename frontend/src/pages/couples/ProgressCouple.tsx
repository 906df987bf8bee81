import { useId } from "react";
import { Link } from "react-router";
import { asApiError } from "../../api/client";
import { TRUST_ROLE_LABELS, type Couple } from "../../api/clients";
import {
  CHECK_IN_ITEMS,
  CHECK_IN_MAX,
  measureName,
  useCoupleProgress,
  type MeasurePoint,
  type MeasureSeries,
  type PartnerProgress,
} from "../../api/progress";
import { AdherenceBars } from "../../components/charts/AdherenceBars";
import { LineChart, SeriesSwatch } from "../../components/charts/LineChart";
import { changeSentence, directionSentence } from "../../components/charts/words";
import { formatDay } from "../../components/dates";
import { LoadError, Loading } from "../../components/LoadState";
import { ScoresTable } from "../../components/ProgressMeasure";

/**
 * The couple page's Progress section: every measure either partner has answered, a row each with
 * both partners side by side (the weekly check-in's totals also on one chart, answer by answer),
 * then homework done week by week, side by side.
 */
export function ProgressCouple({ couple }: { couple: Couple }) {
  const progress = useCoupleProgress(couple.id);
  const headingId = useId();
  let body;
  if (progress.isPending) body = <Loading what="the couple's progress" />;
  else if (progress.isError) {
    const error = asApiError(progress.error);
    body =
      error.status === 404 ? (
        <p className="muted">Progress is not available for this couple.</p>
      ) : (
        <LoadError error={error} onRetry={() => void progress.refetch()} />
      );
  } else body = <CoupleProgress partners={progress.data} />;
  return (
    <section className="panel couple-progress" aria-labelledby={headingId}>
      <h2 id={headingId}>Progress</h2>
      {body}
    </section>
  );
}

const CHECK_IN = "trust-safety-check-in";

/** The order measures are shown in: the couple's own check-in first, then the library's order. */
const MEASURE_ORDER = [CHECK_IN, "phq-9", "gad-7", "pcl-5"];

/** The measures either partner has answered, each once, in MEASURE_ORDER (any other after). */
export function coupleMeasures(partners: PartnerProgress[]): MeasureSeries[] {
  const byKey = new Map<string, MeasureSeries>();
  for (const p of partners) for (const m of p.measures) if (!byKey.has(m.instrument)) byKey.set(m.instrument, m);
  const rank = (key: string) => (MEASURE_ORDER.includes(key) ? MEASURE_ORDER.indexOf(key) : MEASURE_ORDER.length);
  return [...byKey.values()].sort((a, b) => rank(a.instrument) - rank(b.instrument));
}

function CoupleProgress({ partners }: { partners: PartnerProgress[] }) {
  const adherenceId = useId();
  const checkInId = useId();
  const measures = coupleMeasures(partners);
  const anyCheckIns = partners.some((p) => p.checkins.length > 0);
  return (
    <>
      {measures.length === 0 && !anyCheckIns && (
        <p className="muted">
          Neither partner has answered a measure yet. The weekly check-in, PHQ-9, GAD-7 and PCL-5 can be assigned like
          any exercise.
        </p>
      )}
      {measures.map((m) => (
        <MeasureRow key={m.instrument} measure={m} partners={partners} />
      ))}
      {anyCheckIns && !measures.some((m) => m.instrument === CHECK_IN) && (
        <section className="progress-measure couple-measure" aria-labelledby={checkInId}>
          <h3 id={checkInId} className="progress-measure-title">
            Weekly trust and safety check-in
          </h3>
          <CheckInChart partners={partners} />
        </section>
      )}
      <section aria-labelledby={adherenceId}>
        <h3 id={adherenceId} className="progress-measure-title">
          Homework done, week by week
        </h3>
        <div className="progress-columns">
          {partners.map((p) => (
            // Named apart from the partner's homework region above, so landmarks stay unique.
            <section key={p.client_id} aria-label={`${p.name}: homework done`}>
              <h4 id={`adherence-${p.client_id}`} className="progress-partner">
                <Link to={`/app/clients/${p.client_id}/progress`}>{p.name}</Link>
              </h4>
              <p className="muted partner-role">{TRUST_ROLE_LABELS[p.trust_role]}</p>
              <AdherenceBars
                weeks={p.adherence}
                caption={`${p.name}: homework done each week`}
                empty={`Nothing was due for ${p.name} in the last twelve weeks.`}
              />
            </section>
          ))}
        </div>
      </section>
    </>
  );
}

/**
 * One measure, both partners side by side: each one's latest score and band, the change from
 * their first score, and a small chart. The weekly check-in draws both partners on one chart
 * instead, with every answer in a table.
 */
function MeasureRow({ measure, partners }: { measure: MeasureSeries; partners: PartnerProgress[] }) {
  const headingId = useId();
  const checkIn = measure.instrument === CHECK_IN;
  return (
    <section className="progress-measure couple-measure" aria-labelledby={headingId}>
      <h3 id={headingId} className="progress-measure-title">
        {measure.title}
      </h3>
      {!checkIn && <p className="progress-direction muted">{directionSentence(measure.higher_is_better)}</p>}
      <div className="progress-columns">
        {partners.map((p) => (
          <PartnerMeasure
            key={p.client_id}
            partner={p}
            measure={measure}
            series={p.measures.find((m) => m.instrument === measure.instrument)}
            chart={!checkIn}
          />
        ))}
      </div>
      {checkIn && <CheckInChart partners={partners} />}
    </section>
  );
}

type PartnerMeasureProps = {
  partner: PartnerProgress;
  /** The measure as either partner has it: its title, scale and bands. */
  measure: MeasureSeries;
  /** This partner's scores, if they have any. */
  series: MeasureSeries | undefined;
  chart: boolean;
};

function PartnerMeasure({ partner, measure, series, chart }: PartnerMeasureProps) {
  const short = measureName(measure.instrument);
  const points = [...(series?.points ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const latest = points[points.length - 1];
  return (
    <article className="couple-measure-partner" aria-label={`${short}: ${partner.name}`}>
      <h4 className="progress-partner">
        <Link to={`/app/clients/${partner.client_id}/progress`}>{partner.name}</Link>
      </h4>
      {!series || !latest ? (
        <p className="muted">
          {partner.name} has not answered the {short} yet.
        </p>
      ) : (
        <>
          <p className="measure-latest">
            Latest: <strong>{latest.total}</strong> of {series.max}
            {latest.band ? `, ${latest.band}` : ""} <span className="muted">on {formatDay(latest.date)}</span>
          </p>
          <p className={`progress-change${series.change ? ` progress-change-${series.change.status.replace(/ /g, "-")}` : ""}`}>
            {changeSentence(series)}
          </p>
          {chart && <SmallChart partner={partner} series={series} points={points} />}
        </>
      )}
    </article>
  );
}

function SmallChart({ partner, series: m, points }: { partner: PartnerProgress; series: MeasureSeries; points: MeasurePoint[] }) {
  const bands = [...m.bands].sort((a, b) => a.min - b.min);
  const short = measureName(m.instrument);
  const first = points[0];
  const last = points[points.length - 1];
  const description = [
    points.length === 1
      ? `One score, on ${formatDay(first.date)}.`
      : `${points.length} scores, from ${formatDay(first.date)} to ${formatDay(last.date)}.`,
    changeSentence(m),
    "The table below has every score.",
  ].join(" ");
  return (
    <>
      <figure className="chart-figure chart-small">
        <LineChart
          title={`${partner.name}: ${short} totals over time, on a scale of 0 to ${m.max}`}
          description={description}
          max={m.max}
          bands={bands}
          higherIsBetter={m.higher_is_better}
          series={[
            {
              key: `${partner.client_id}-${m.instrument}`,
              name: partner.name,
              points: points.map((p) => ({
                date: p.date,
                value: p.total,
                label: `${formatDay(p.date)}: ${p.total}${p.band ? `, ${p.band}` : ""}`,
              })),
            },
          ]}
        />
      </figure>
      <ScoresTable caption={`${partner.name}: every ${short} score (0 to ${m.max})`} points={points} showBand={bands.length > 0} />
    </>
  );
}

/** "From 18 to 26 over 5 check-ins", or "No check-ins yet". */
function partnerSummary(p: PartnerProgress): string {
  const sorted = [...p.checkins].sort((a, b) => a.date.localeCompare(b.date));
  if (sorted.length === 0) return "No check-ins yet";
  if (sorted.length === 1) return `One check-in, total ${sorted[0].total}`;
  return `From ${sorted[0].total} to ${sorted[sorted.length - 1].total} over ${sorted.length} check-ins`;
}

function CheckInChart({ partners }: { partners: PartnerProgress[] }) {
  const captionId = useId();
  const names = partners.map((p) => p.name).join(" and ");
  const rows = partners
    .flatMap((p) => p.checkins.map((c) => ({ partner: p, c })))
    .sort((a, b) => a.c.date.localeCompare(b.c.date) || a.partner.name.localeCompare(b.partner.name));
  const summaries = partners.map((p) => `${p.name}: ${partnerSummary(p)}.`);
  return (
    <>
      <p className="progress-direction progress-direction-up">
        {directionSentence(true)} Each of the four answers runs 0 to 10, so the total runs 0 to {CHECK_IN_MAX}.
      </p>
      <figure className="chart-figure">
        <LineChart
          title={`Weekly check-in totals for ${names}, on a scale of 0 to ${CHECK_IN_MAX}`}
          description={`${summaries.join(" ")} Higher is better. The table below has every answer.`}
          max={CHECK_IN_MAX}
          higherIsBetter
          series={partners.map((p) => ({
            key: p.client_id,
            name: p.name,
            points: p.checkins.map((c) => ({
              date: c.date,
              value: c.total,
              label: `${p.name}, ${formatDay(c.date)}: ${c.total}`,
            })),
          }))}
        />
        <figcaption>
          <ul className="chart-legend" aria-label="Legend">
            {partners.map((p, i) => (
              <li key={p.client_id}>
                <SeriesSwatch index={i} />
                <span>
                  <strong>{p.name}</strong> <span className="muted">({partnerSummary(p)})</span>
                </span>
              </li>
            ))}
          </ul>
        </figcaption>
      </figure>
      <details className="chart-data">
        <summary>Check-ins as a table</summary>
        <dl className="check-in-key">
          {CHECK_IN_ITEMS.map((item) => (
            <div key={item.key}>
              <dt>{item.label}</dt>
              <dd>{item.question}</dd>
            </div>
          ))}
        </dl>
        {/* Seven columns do not fit a phone: the table scrolls in its own box, which a keyboard can
            reach. Its caption stays outside the box, so it does not scroll away. */}
        <p id={captionId} className="table-caption">
          Every weekly check-in, each answer 0 to 10
        </p>
        <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="table" aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Partner</th>
                {CHECK_IN_ITEMS.map((item) => (
                  <th key={item.key} scope="col">
                    {item.label}
                  </th>
                ))}
                <th scope="col">Total (0–{CHECK_IN_MAX})</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ partner, c }, i) => (
                <tr key={`${partner.client_id}-${c.date}-${i}`}>
                  <th scope="row">{formatDay(c.date)}</th>
                  <td>{partner.name}</td>
                  {CHECK_IN_ITEMS.map((item) => (
                    <td key={item.key}>{c[item.key]}</td>
                  ))}
                  <td>{c.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
