import { useId } from "react";
import { Link } from "react-router";
import { asApiError } from "../api/client";
import { TRUST_ROLE_LABELS, type Couple } from "../api/clients";
import { CHECK_IN_ITEMS, CHECK_IN_MAX, useCoupleProgress, type PartnerProgress } from "../api/progress";
import { AdherenceBars } from "./charts/AdherenceBars";
import { LineChart, SeriesSwatch } from "./charts/LineChart";
import { directionSentence } from "./charts/words";
import { formatDay } from "./dates";
import { LoadError, Loading } from "./LoadState";

/** The couple page's Progress section: both partners' weekly check-ins on one chart, and adherence side by side. */
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

function CoupleProgress({ partners }: { partners: PartnerProgress[] }) {
  const checkInId = useId();
  const adherenceId = useId();
  const anyCheckIns = partners.some((p) => p.checkins.length > 0);
  return (
    <>
      <section className="progress-measure" aria-labelledby={checkInId}>
        <h3 id={checkInId} className="progress-measure-title">
          Weekly trust and safety check-in
        </h3>
        {anyCheckIns ? (
          <CheckInChart partners={partners} />
        ) : (
          <p className="muted">Neither partner has answered the weekly check-in yet.</p>
        )}
      </section>
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
