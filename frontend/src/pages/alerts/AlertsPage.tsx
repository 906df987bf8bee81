import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import {
  ALERT_STATUS_LABELS,
  answerInWords,
  answerLink,
  instrumentLabel,
  timeAgo,
  useAlertAction,
  useAlerts,
  type Alert,
} from "../../api/alerts";
import { ApiError, asApiError } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { FormActions } from "../../components/FormActions";
import { QueryState } from "../../components/LoadState";
import { TextAreaField } from "../../components/TextAreaField";
import { useDocumentTitle } from "../../components/useDocumentTitle";

const RESOLVE_HINT = "Say what you did: a call, a safety plan, an extra session.";

/** Where focus goes once an action has gone through. */
type Focus = { id: string; kind: "acknowledged" } | { id: string; kind: "resolved"; index: number };

/**
 * /app/alerts: the risk alerts of the clients the caller may see. Open and acknowledged ones
 * first, each with what to do about it; resolved ones under a collapsed "Resolved" with their
 * notes. The reason of an alert is clinical: it never goes into the title.
 */
export function AlertsPage() {
  useDocumentTitle("Alerts");
  const alerts = useAlerts(undefined, { poll: true });
  const [notice, setNotice] = useState("");
  const [conflict, setConflict] = useState("");
  const [focus, setFocus] = useState<Focus | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const activeHeading = useRef<HTMLHeadingElement>(null);

  const all = alerts.data ?? [];
  const active = all.filter((a) => a.status !== "resolved");
  const resolved = all.filter((a) => a.status === "resolved");

  useEffect(() => {
    if (!focus) return;
    if (focus.kind === "acknowledged") {
      document.getElementById(headingId(focus.id))?.focus();
    } else {
      // The alert left the list: focus the one that took its place, or the list's heading.
      const rest = active.filter((a) => a.id !== focus.id);
      const next = rest[Math.min(focus.index, rest.length - 1)];
      const target = next ? document.getElementById(headingId(next.id)) : null;
      (target ?? activeHeading.current)?.focus();
    }
    setFocus(null);
  }, [focus, active]);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  function started() {
    setNotice("");
    setConflict("");
  }

  function done(alert: Alert) {
    if (alert.status === "resolved") {
      setNotice(`The alert for ${alert.client_name} is resolved. Your note is kept with it under Resolved.`);
      setFocus({ id: alert.id, kind: "resolved", index: Math.max(0, active.findIndex((a) => a.id === alert.id)) });
    } else {
      setNotice(`The alert for ${alert.client_name} is acknowledged. It stays here until someone resolves it.`);
      setFocus({ id: alert.id, kind: "acknowledged" });
    }
  }

  function conflicted(alert: Alert, error: ApiError) {
    setConflict(`${alert.client_name}, ${instrumentLabel(alert.instrument)}: ${error.message} The list now shows where it is.`);
  }

  return (
    <>
      <div className="page-header">
        <h1>Alerts</h1>
      </div>
      <p className="lead">
        A client's answer that needs a clinician's attention: a risk item on a measure or the weekly check-in.
        Acknowledge it to tell the team you have seen it; resolve it with a note once you have acted.
      </p>
      <div role="status" className="notice-region">
        {notice && <p className="notice">{notice}</p>}
      </div>
      {conflict && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={conflictRef}>
          <p className="error-summary-message">{conflict}</p>
        </div>
      )}
      <QueryState query={alerts} what="alerts" />
      {alerts.data && (
        <div className="stack">
          <section aria-labelledby="active-alerts-heading">
            <h2 id="active-alerts-heading" ref={activeHeading} tabIndex={-1}>
              Needs attention <span className="muted">({active.length})</span>
            </h2>
            {active.length === 0 ? (
              <p className="empty">No alert needs attention.</p>
            ) : (
              <ul className="alert-list">
                {active.map((a) => (
                  <li key={a.id}>
                    <ActiveAlert alert={a} onStart={started} onDone={done} onConflict={conflicted} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {resolved.length > 0 && (
            <section aria-labelledby="resolved-alerts-heading">
              <h2 id="resolved-alerts-heading">Resolved</h2>
              <details className="resolved-alerts">
                <summary>
                  Show {resolved.length === 1 ? "1 resolved alert" : `${resolved.length} resolved alerts`}
                </summary>
                <ul className="alert-list">
                  {resolved.map((a) => (
                    <li key={a.id}>
                      <ResolvedAlert alert={a} />
                    </li>
                  ))}
                </ul>
              </details>
            </section>
          )}
        </div>
      )}
    </>
  );
}

const headingId = (id: string) => `alert-${id}`;

/** When, as "3 hours ago" and in full. */
function When({ iso }: { iso: string }) {
  return (
    <>
      {timeAgo(iso)}{" "}
      <span className="muted">
        (<time dateTime={iso}>{formatDateTime(iso)}</time>)
      </span>
    </>
  );
}

function AlertHeader({ alert: a }: { alert: Alert }) {
  return (
    <div className="alert-head">
      <h3 id={headingId(a.id)} tabIndex={-1}>
        <Link to={`/app/clients/${a.client_id}`}>{a.client_name}</Link>{" "}
        <span className="alert-instrument">· {instrumentLabel(a.instrument)}</span>
      </h3>
      <span className={`badge badge-alert-${a.status}`}>{ALERT_STATUS_LABELS[a.status]}</span>
    </div>
  );
}

function AlertFacts({ alert: a }: { alert: Alert }) {
  return (
    <dl className="details alert-facts">
      <dt>Reason</dt>
      <dd>{a.reason}</dd>
      {a.answer && (
        <>
          <dt>Answer</dt>
          <dd className="alert-answer">
            <q>{a.answer.question}</q> — {answerInWords(a.answer)}.{" "}
            <Link to={answerLink(a, a.answer)}>
              See the answer <span className="visually-hidden">in {a.client_name}'s homework</span>
            </Link>
          </dd>
        </>
      )}
      <dt>Raised</dt>
      <dd>
        <When iso={a.created_at} />
      </dd>
      {a.acknowledged_at && (
        <>
          <dt>Acknowledged</dt>
          <dd>
            <When iso={a.acknowledged_at} />
          </dd>
        </>
      )}
      {a.resolved_at && (
        <>
          <dt>Resolved</dt>
          <dd>
            <When iso={a.resolved_at} />
          </dd>
        </>
      )}
      {a.note && (
        <>
          <dt>Note</dt>
          <dd className="alert-note">{a.note}</dd>
        </>
      )}
    </dl>
  );
}

type ActiveAlertProps = {
  alert: Alert;
  onStart: () => void;
  onDone: (alert: Alert) => void;
  onConflict: (alert: Alert, error: ApiError) => void;
};

function ActiveAlert({ alert: a, onStart, onDone, onConflict }: ActiveAlertProps) {
  const action = useAlertAction();
  const [resolving, setResolving] = useState(false);
  const [ackNote, setAckNote] = useState("");
  const [resolveNote, setResolveNote] = useState("");
  const [missingNote, setMissingNote] = useState(false);
  const resolveButton = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  const who = `${a.client_name}, ${instrumentLabel(a.instrument)}`;
  const ackId = `ack-note-${a.id}`;
  const resolveId = `resolve-note-${a.id}`;
  const focusField = (id: string) => document.getElementById(id)?.focus();

  useEffect(() => {
    // Focus follows the resolve form in and out.
    if (resolving) focusField(resolveId);
    else if (opened.current) resolveButton.current?.focus();
    opened.current = resolving;
  }, [resolving, resolveId]);

  const error = action.error ? asApiError(action.error) : null;
  // A 409 is told at the top of the page: the alert may have moved to another list.
  const shownError = error && error.code !== "alert_state" ? error : null;
  const noteError = shownError?.fields.note;

  function run(kind: "acknowledge" | "resolve", note: string, field: string) {
    onStart();
    action.mutate(
      { id: a.id, action: kind, note },
      {
        onSuccess: (updated) => {
          setAckNote("");
          setResolveNote("");
          setResolving(false);
          opened.current = false;
          onDone(updated);
        },
        onError: (e) => {
          const err = asApiError(e);
          if (err.code === "alert_state") onConflict(a, err);
          else if (err.fields.note) focusField(field);
        },
      },
    );
  }

  function acknowledge(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run("acknowledge", ackNote, ackId);
  }

  function resolve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!resolveNote.trim()) {
      setMissingNote(true);
      focusField(resolveId);
      return;
    }
    setMissingNote(false);
    run("resolve", resolveNote, resolveId);
  }

  function openResolve() {
    action.reset();
    setMissingNote(false);
    setResolving(true);
  }

  function cancelResolve() {
    action.reset();
    setMissingNote(false);
    setResolving(false);
  }

  const errorMessage = shownError && (
    <div className="error-summary" role="alert">
      <p className="error-summary-message">{shownError.message}</p>
    </div>
  );

  return (
    <article className={`panel alert alert-${a.status}`} aria-labelledby={headingId(a.id)}>
      <AlertHeader alert={a} />
      <AlertFacts alert={a} />
      {!resolving ? (
        <>
          {errorMessage}
          {a.status === "open" && (
            <form className="alert-acknowledge" onSubmit={acknowledge} noValidate>
              <TextAreaField
                name="note"
                id={ackId}
                label="Note for the team (optional)"
                rows={2}
                value={ackNote}
                onChange={(e) => setAckNote(e.target.value)}
                error={noteError}
              />
              <div className="row-actions">
                <button type="submit" className="button-primary" disabled={action.isPending}>
                  {action.isPending ? "Acknowledging…" : "Acknowledge"}{" "}
                  <span className="visually-hidden">the alert for {who}</span>
                </button>
                <button ref={resolveButton} type="button" className="button-secondary" onClick={openResolve} disabled={action.isPending}>
                  Resolve… <span className="visually-hidden">the alert for {who}</span>
                </button>
              </div>
            </form>
          )}
          {a.status === "acknowledged" && (
            <div className="row-actions">
              <button ref={resolveButton} type="button" className="button-primary" onClick={openResolve} disabled={action.isPending}>
                Resolve… <span className="visually-hidden">the alert for {who}</span>
              </button>
            </div>
          )}
        </>
      ) : (
        <form className="confirm alert-resolve" onSubmit={resolve} noValidate aria-label={`Resolve the alert for ${who}`}>
          {errorMessage}
          <TextAreaField
            name="note"
            id={resolveId}
            label="What did you do?"
            hint={RESOLVE_HINT}
            required
            value={resolveNote}
            onChange={(e) => {
              setResolveNote(e.target.value);
              if (e.target.value.trim()) setMissingNote(false);
            }}
            error={missingNote ? "Write what you did before you resolve the alert." : noteError}
          />
          <FormActions label="Resolve alert" pendingLabel="Resolving…" pending={action.isPending} onCancel={cancelResolve} />
        </form>
      )}
    </article>
  );
}

function ResolvedAlert({ alert: a }: { alert: Alert }) {
  return (
    <article className={`alert alert-${a.status}`} aria-labelledby={headingId(a.id)}>
      <AlertHeader alert={a} />
      <AlertFacts alert={a} />
    </article>
  );
}
