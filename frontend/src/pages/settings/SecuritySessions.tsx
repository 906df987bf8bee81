import { useState } from "react";
import { asApiError } from "../../api/client";
import { describeBrowser, useEndSession, useSessions, type Session } from "../../api/security";
import { DataTable } from "../../components/DataTable";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDateTime } from "../../components/format";
import { QueryState } from "../../components/LoadState";
import { Notice } from "../../components/Notice";

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
      <Notice text={notice} />
      <ErrorSummary error={end.error ? asApiError(end.error) : null} />
      <QueryState query={sessions} what="your sessions" />
      {sessions.data && (
        <DataTable className="sessions-table" columns={["Device", "Address", "Signed in", "Last active"]} actions>
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
                  <button type="button" className="button-secondary" disabled={end.isPending} onClick={() => endOne(s)}>
                    End <span className="visually-hidden">the session on {describeBrowser(s.user_agent)}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
