import { useState } from "react";
import { asApiError } from "../../api/client";
import { describeBrowser, useEndSession, useSessions, type Session } from "../../api/security";
import { formatDateTime } from "../../components/format";
import { LoadError, Loading } from "../../components/LoadState";

/** Every browser this person is signed in on, with a way to end any other one. */
export function SecuritySessions() {
  const sessions = useSessions(true);
  const end = useEndSession();
  const [notice, setNotice] = useState("");

  function endOne(session: Session) {
    setNotice("");
    end.reset();
    end.mutate(session, {
      onSuccess: () => setNotice(`The session on ${describeBrowser(session.user_agent)} has ended.`),
    });
  }

  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <p className="muted">
        If you see a session you do not recognise, end it and change your password. Sessions also end on their own
        after 30 minutes without use.
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {end.error && (
        <div className="error-summary" role="alert">
          <p className="error-summary-message">{asApiError(end.error).message}</p>
        </div>
      )}
      {sessions.isPending && <Loading what="your sessions" />}
      {sessions.isError && <LoadError error={asApiError(sessions.error)} onRetry={() => void sessions.refetch()} />}
      {sessions.data && (
        <div className="table-wrap">
          <table className="table sessions-table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {describeBrowser(s.user_agent)}
                    {s.current && <span className="badge badge-active this-device">This device</span>}
                    <span className="secondary-line user-agent">{s.user_agent}</span>
                  </th>
                  <td>{s.ip}</td>
                  <td>{formatDateTime(s.created_at)}</td>
                  <td>{formatDateTime(s.last_seen_at)}</td>
                  <td>
                    {!s.current && (
                      <button
                        type="button"
                        className="button-secondary"
                        disabled={end.isPending}
                        onClick={() => endOne(s)}
                      >
                        End <span className="visually-hidden">the session on {describeBrowser(s.user_agent)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
