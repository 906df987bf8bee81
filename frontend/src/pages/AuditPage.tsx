import { useEffect, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import {
  AUDIT_FILTER_NAMES,
  auditExportHref,
  EMPTY_AUDIT_FILTER,
  useAuditEvents,
  type AuditEvent,
  type AuditFilter,
} from "../api/audit";
import { useClients, useCouples, useMembers } from "../api/clients";
import { asApiError } from "../api/client";
import { canViewAudit } from "../api/permissions";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { formatDateTime } from "../components/format";
import { LoadError, Loading } from "../components/LoadState";
import { SelectField } from "../components/SelectField";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useCurrentUser } from "./AppShell";

const LABELS: Record<keyof AuditFilter, string> = {
  actor_user_id: "Person",
  client_id: "Client",
  action: "Action",
  from: "From",
  to: "To",
};

/** /app/audit?actor_user_id=&client_id=&action=&from=&to= (the applied filters, so a view can be bookmarked). */
export function AuditPage() {
  useDocumentTitle("Audit log");
  const me = useCurrentUser();
  if (!canViewAudit(me.role)) {
    return (
      <>
        <h1>Audit log</h1>
        <p>The audit log is open to the practice's owner and admins. Ask one of them if you need to know who did what.</p>
        <p>
          <Link to="/app">Back to the overview</Link>
        </p>
      </>
    );
  }
  return <AuditLog />;
}

function useAppliedFilter(): [AuditFilter, (f: AuditFilter) => void] {
  const [params, setParams] = useSearchParams();
  const applied = { ...EMPTY_AUDIT_FILTER };
  for (const name of AUDIT_FILTER_NAMES) applied[name] = params.get(name) ?? "";
  function apply(f: AuditFilter) {
    const out = new URLSearchParams();
    for (const name of AUDIT_FILTER_NAMES) if (f[name].trim()) out.set(name, f[name].trim());
    setParams(out);
  }
  return [applied, apply];
}

function AuditLog() {
  const [applied, apply] = useAppliedFilter();
  const [draft, setDraft] = useState<AuditFilter>(applied);
  const appliedKey = AUDIT_FILTER_NAMES.map((n) => applied[n]).join("\u0000");
  // Back and forward change the address: the form follows.
  useEffect(() => setDraft(applied), [appliedKey]);
  const events = useAuditEvents(applied, true);
  const names = useNames();
  const error = events.error ? asApiError(events.error) : null;
  const fields = error?.fields ?? {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(draft);
  }

  function bind(name: keyof AuditFilter) {
    return {
      name,
      label: LABELS[name],
      value: draft[name],
      error: fields[name],
      onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
    };
  }

  const rows = events.data?.pages.flat() ?? [];
  return (
    <>
      <div className="page-header">
        <h1>Audit log</h1>
        <a href={auditExportHref(applied)} className="button-secondary" download>
          Export CSV
        </a>
      </div>
      <p className="lead">
        Who saw or changed what, newest first. The export holds every event matching the filters below.
      </p>
      {error?.status === 422 && <ErrorSummary error={error} labels={LABELS} />}
      <form onSubmit={submit} noValidate className="filters audit-filters" aria-label="Audit log filters">
        <SelectField {...bind("actor_user_id")}>
          <option value="">Anyone</option>
          {names.members.map((m) => (
            <option key={m.user_id} value={m.user_id}>
              {m.name}
              {m.status === "deactivated" ? " (deactivated)" : ""}
            </option>
          ))}
        </SelectField>
        <SelectField {...bind("client_id")}>
          <option value="">Any client</option>
          {names.clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.status === "archived" ? " (archived)" : ""}
            </option>
          ))}
        </SelectField>
        <Field {...bind("action")} autoComplete="off" hint="For example client.read." />
        <Field {...bind("from")} type="date" hint="Dates are in UTC." />
        <Field {...bind("to")} type="date" hint="Up to and including this day." />
        <div className="form-actions">
          <button type="submit" className="button-primary">
            Apply filters
          </button>
          <Link to="/app/audit">Clear filters</Link>
        </div>
      </form>
      {events.isPending && <Loading what="the audit log" />}
      {error && error.status !== 422 && <LoadError error={error} onRetry={() => void events.refetch()} />}
      {events.data && rows.length === 0 && (
        <p className="empty">No events match these filters. Widen the dates or clear the filters.</p>
      )}
      {rows.length > 0 && <EventTable events={rows} names={names} />}
      {rows.length > 0 && (
        <div className="paging">
          {events.hasNextPage ? (
            <button
              type="button"
              className="button-secondary"
              onClick={() => void events.fetchNextPage()}
              disabled={events.isFetchingNextPage}
            >
              {events.isFetchingNextPage ? "Loading older events…" : "Load older events"}
            </button>
          ) : (
            <p className="muted">That is the oldest matching event.</p>
          )}
          <p role="status" className="muted">
            Showing {rows.length} {rows.length === 1 ? "event" : "events"}.
          </p>
        </div>
      )}
    </>
  );
}

type Names = ReturnType<typeof useNames>;

/** Names for the ids audit events carry; an erased client has none left. */
function useNames() {
  const members = useMembers();
  const active = useClients({ q: "", status: "active", clinician_id: "" });
  const archived = useClients({ q: "", status: "archived", clinician_id: "" });
  const couples = useCouples();
  const clients = [...(active.data ?? []), ...(archived.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return {
    members: members.data ?? [],
    clients,
    client: new Map(clients.map((c) => [c.id, c.name])),
    /** Both client lists are in: an id missing from them is erased or out of sight. */
    clientsLoaded: active.isSuccess && archived.isSuccess,
    couple: new Map((couples.data ?? []).map((k) => [k.id, k.name])),
  };
}

function EventTable({ events, names }: { events: AuditEvent[]; names: Names }) {
  return (
    <div className="table-wrap">
      <table className="table audit-table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Person</th>
            <th scope="col">Action</th>
            <th scope="col">Subject</th>
            <th scope="col">Client</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at)}</time>
              </td>
              <td>{e.actor_name || <span className="muted">Steady</span>}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <Subject event={e} names={names} />
              </td>
              <td>{e.client_id ? <ClientRef id={e.client_id} names={names} /> : <span className="muted">None</span>}</td>
              <td>{e.ip || <span className="muted">None</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function shortId(id: string) {
  return id.slice(0, 8);
}

function ClientRef({ id, names }: { id: string; names: Names }) {
  const name = names.client.get(id);
  if (!name) {
    return (
      <span className="muted">
        Client {shortId(id)}
        {names.clientsLoaded && " (erased or not listed)"}
      </span>
    );
  }
  return <Link to={`/app/clients/${id}`}>{name}</Link>;
}

function Subject({ event, names }: { event: AuditEvent; names: Names }) {
  const { subject_type: type, subject_id: id } = event;
  if (type === "client" && id) return <ClientRef id={id} names={names} />;
  if (type === "couple" && id) {
    const name = names.couple.get(id);
    return name ? <Link to={`/app/couples/${id}`}>{name}</Link> : <span>Couple {shortId(id)}</span>;
  }
  if (type === "member" && id) {
    const member = names.members.find((m) => m.user_id === id);
    if (member) return <span>{member.name}</span>;
  }
  if (type === "route") return <code>{id}</code>;
  if (!id) return <span>{type}</span>;
  return (
    <span>
      {type} {shortId(id)}
    </span>
  );
}
