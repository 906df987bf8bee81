import { useId } from "react";
import { Link } from "react-router";
import { asApiError } from "../api/client";
import { measureName, useCaseload, type CaseloadEntry } from "../api/progress";
import { LoadError, Loading } from "../components/LoadState";

/** Whether anything about a client calls for a look. */
export function needsAttention(e: CaseloadEntry): boolean {
  return e.open_alerts > 0 || e.missed_streak > 0 || e.worsening.length > 0 || e.reasons.length > 0;
}

/**
 * "Who needs attention": the caller's clients in the API's order (open alerts, then missed
 * streaks, then worse scores), each with the reasons in words and the counts behind them. The
 * order is the server's and is never changed here; clients with nothing flagged follow, folded.
 */
export function CaseloadSection() {
  const caseload = useCaseload();
  const headingId = useId();
  let body;
  if (caseload.isPending) body = <Loading what="your caseload" />;
  else if (caseload.isError) {
    const error = asApiError(caseload.error);
    // /api/caseload has no record in its address: a 404 means this server has no caseload yet.
    body =
      error.status === 404 ? (
        <p className="muted">The caseload is not available yet.</p>
      ) : (
        <LoadError error={error} onRetry={() => void caseload.refetch()} />
      );
  } else body = <CaseloadList entries={caseload.data} />;
  return (
    <section className="panel caseload" aria-labelledby={headingId}>
      <h2 id={headingId}>Who needs attention</h2>
      {body}
    </section>
  );
}

function CaseloadList({ entries }: { entries: CaseloadEntry[] }) {
  const listId = useId();
  if (entries.length === 0) {
    return (
      <p className="muted">
        No clients on your caseload yet. <Link to="/app/clients/new">Add a client</Link>
      </p>
    );
  }
  const flagged = entries.filter(needsAttention);
  const rest = entries.filter((e) => !needsAttention(e));
  return (
    <>
      {flagged.length === 0 ? (
        <p className="caseload-calm">Nobody needs attention right now: no open alerts, missed streaks or worse scores.</p>
      ) : (
        <>
          <p id={listId} className="muted">
            Most urgent first: open alerts, then homework missed in a row, then scores worse by a reliable change.
          </p>
          <ol className="caseload-list" aria-label="Clients who need attention, most urgent first" aria-describedby={listId}>
            {flagged.map((e) => (
              <li key={e.client_id} className="caseload-item">
                <CaseloadItem entry={e} />
              </li>
            ))}
          </ol>
        </>
      )}
      {rest.length > 0 && (
        <details className="caseload-rest">
          <summary>
            {rest.length} {rest.length === 1 ? "client" : "clients"} with nothing flagged
          </summary>
          <ul className="plain-list">
            {rest.map((e) => (
              <li key={e.client_id}>
                <Link to={`/app/clients/${e.client_id}`}>{e.name}</Link>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function CaseloadItem({ entry: e }: { entry: CaseloadEntry }) {
  return (
    <>
      <div className="caseload-head">
        <Link to={`/app/clients/${e.client_id}`} className="row-link">
          {e.name}
        </Link>
        <Link to={`/app/clients/${e.client_id}/progress`} className="caseload-progress-link" aria-label={`Progress of ${e.name}`}>
          Progress
        </Link>
      </div>
      {e.reasons.length > 0 && (
        <ul className="caseload-reasons">
          {e.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      <dl className="caseload-counts">
        <div className={e.open_alerts > 0 ? "caseload-count caseload-count-on" : "caseload-count"}>
          <dt>Open alerts</dt>
          <dd>{e.open_alerts > 0 ? e.open_alerts : "None"}</dd>
        </div>
        <div className={e.missed_streak > 0 ? "caseload-count caseload-count-on" : "caseload-count"}>
          <dt>Missed in a row</dt>
          <dd>{e.missed_streak > 0 ? e.missed_streak : "None"}</dd>
        </div>
        <div className={e.worsening.length > 0 ? "caseload-count caseload-count-on" : "caseload-count"}>
          <dt>Worse by a reliable change</dt>
          <dd>{e.worsening.length > 0 ? e.worsening.map(measureName).join(", ") : "None"}</dd>
        </div>
      </dl>
    </>
  );
}
