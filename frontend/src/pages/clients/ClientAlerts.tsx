import { Link } from "react-router";
import { ALERT_STATUS_LABELS, answerInWords, answerLink, instrumentLabel, timeAgo, useAlerts } from "../../api/alerts";
import { formatDateTime } from "../../components/format";

/**
 * A client's open and acknowledged alerts, at the top of their record, with the way to the
 * alerts page where they are acknowledged and resolved. Nothing shows when there are none.
 */
export function ClientAlerts({ clientId }: { clientId: string }) {
  const alerts = useAlerts(clientId);
  if (alerts.isError) {
    return (
      <p className="warning client-alerts-failed">
        We could not check this client's alerts. <Link to="/app/alerts">Open the alerts page</Link> to see them.
      </p>
    );
  }
  const active = (alerts.data ?? []).filter((a) => a.status !== "resolved");
  if (active.length === 0) return null;
  const open = active.filter((a) => a.status === "open").length;
  return (
    <section className="panel client-alerts" aria-labelledby="client-alerts-heading">
      <h2 id="client-alerts-heading">
        {active.length === 1 ? "1 alert needs attention" : `${active.length} alerts need attention`}
      </h2>
      <p>
        {open === active.length
          ? "Not acknowledged yet."
          : open === 0
            ? "Acknowledged, not resolved yet."
            : `${open} not acknowledged yet.`}
      </p>
      <ul className="client-alerts-list">
        {active.map((a) => (
          <li key={a.id}>
            <span className={`badge badge-alert-${a.status}`}>{ALERT_STATUS_LABELS[a.status]}</span>{" "}
            <strong>{instrumentLabel(a.instrument)}</strong>, {timeAgo(a.created_at)}{" "}
            <span className="muted">
              (<time dateTime={a.created_at}>{formatDateTime(a.created_at)}</time>)
            </span>
            <p className="client-alert-reason">{a.reason}</p>
            {a.answer && (
              <p className="client-alert-answer">
                <q>{a.answer.question}</q> — {answerInWords(a.answer)}.{" "}
                <Link to={answerLink(a, a.answer)}>
                  See the answer <span className="visually-hidden">to {instrumentLabel(a.instrument)}</span>
                </Link>
              </p>
            )}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/app/alerts">Acknowledge or resolve on the alerts page</Link>
      </p>
    </section>
  );
}
