import { useId } from "react";
import { Link } from "react-router";
import { useMarkRuleAlertsSeen, useRuleAlerts, type RuleAlert } from "../../api/alertRules";
import { asApiError } from "../../api/client";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDateTime } from "../../components/format";
import { QueryState } from "../../components/LoadState";

/**
 * "Follow-ups": the clients for whom one of the caller's alert rules has been met (tasks missed in
 * a row, days without a task done, a worse score, a finished programme). Open ones first, then
 * the recently settled. The heading counts the unseen; "Mark all as seen" clears that count.
 * Risk alerts are not here: they stay on the Alerts page.
 */
export function FollowUpsSection() {
  const alerts = useRuleAlerts();
  const seen = useMarkRuleAlertsSeen();
  const titleId = useId();
  const unseen = alerts.data?.unseen ?? 0;
  const open = alerts.data?.alerts.filter((a) => !a.closed_at) ?? [];
  const settled = alerts.data?.alerts.filter((a) => a.closed_at) ?? [];

  return (
    <section className="panel follow-ups" aria-labelledby={titleId}>
      <div className="panel-header">
        <h2>
          <span id={titleId}>Follow-ups</span>
          {unseen > 0 && (
            // Read as "Follow-ups, 3 new"; the badge is what the eye sees.
            <>
              <span className="visually-hidden">, {unseen} new</span>{" "}
              <span className="badge badge-active" aria-hidden="true">
                {unseen} new
              </span>
            </>
          )}
        </h2>
        {unseen > 0 && (
          <button
            type="button"
            className="button-secondary"
            disabled={seen.isPending}
            onClick={() => seen.mutate()}
          >
            {seen.isPending ? "Marking as seen…" : "Mark all as seen"}
          </button>
        )}
      </div>
      <QueryState query={alerts} what="your follow-ups" />
      <ErrorSummary error={seen.error ? asApiError(seen.error) : null} />
      {alerts.data &&
        (alerts.data.alerts.length === 0 ? (
          <p className="muted">No follow-ups: none of your alert rules has been met.</p>
        ) : (
          <>
            <h3>Needs a look</h3>
            {open.length === 0 ? (
              <p className="muted">Nothing open at the moment.</p>
            ) : (
              <ul className="plain-list" aria-label="Needs a look">
                {open.map((a) => (
                  <FollowUp key={a.id} alert={a} />
                ))}
              </ul>
            )}
            {settled.length > 0 && (
              <>
                <h3>Recently settled</h3>
                <ul className="plain-list" aria-label="Recently settled">
                  {settled.map((a) => (
                    <FollowUp key={a.id} alert={a} />
                  ))}
                </ul>
              </>
            )}
          </>
        ))}
    </section>
  );
}

function FollowUp({ alert: a }: { alert: RuleAlert }) {
  return (
    <li className="follow-up">
      <Link to={`/app/clients/${a.client_id}`}>{a.client_name}</Link>
      {!a.seen && (
        <>
          {" "}
          <span className="badge badge-active">New</span>
        </>
      )}
      <p className="follow-up-detail">{a.detail}</p>
      <p className="muted">
        {a.closed_at ? (
          <>
            From <time dateTime={a.opened_at}>{formatDateTime(a.opened_at)}</time> until{" "}
            <time dateTime={a.closed_at}>{formatDateTime(a.closed_at)}</time>
          </>
        ) : (
          <>
            Since <time dateTime={a.opened_at}>{formatDateTime(a.opened_at)}</time>
          </>
        )}
      </p>
    </li>
  );
}
