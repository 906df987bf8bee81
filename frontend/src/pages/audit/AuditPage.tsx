import { useEffect, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import {
  AUDIT_FILTER_NAMES,
  auditExportHref,
  EMPTY_AUDIT_FILTER,
  lastDays,
  useAuditEvents,
  type AuditEvent,
  type AuditFilter,
} from "../../api/audit";
import { asApiError } from "../../api/client";
import { useClients, useMembers } from "../../api/clients";
import { canViewAudit } from "../../api/permissions";
import { DataTable } from "../../components/DataTable";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { LoadError, Loading } from "../../components/LoadState";
import { SelectField } from "../../components/SelectField";
import { browserTimeZone, timeZoneLabel } from "../../components/timeZones";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { useCurrentUser } from "../AppShell";

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
  // The viewer's zone: the filter's days and the times shown are theirs, and say so.
  const zone = browserTimeZone();
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
        <Field {...bind("from")} type="date" hint={`Days in your time zone, ${timeZoneLabel(zone)}.`} />
        <Field {...bind("to")} type="date" hint="Up to and including this day." />
        <div className="form-actions audit-ranges" role="group" aria-label="Quick dates">
          {/* The viewer's own days: "today" where they are, whatever the server's clock says. */}
          <button type="button" className="link-button" onClick={() => apply({ ...draft, ...lastDays(1, zone) })}>
            Today
          </button>
          <button type="button" className="link-button" onClick={() => apply({ ...draft, ...lastDays(7, zone) })}>
            Last 7 days
          </button>
        </div>
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
      {rows.length > 0 && <EventTable events={rows} zone={zone} />}
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

/** The people and clients the filters offer, archived clients included. */
function useNames() {
  const members = useMembers();
  const active = useClients({ q: "", status: "active", clinician_id: "" });
  const archived = useClients({ q: "", status: "archived", clinician_id: "" });
  const clients = [...(active.data ?? []), ...(archived.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return { members: members.data ?? [], clients };
}

/** Date and time to the minute, in the viewer's zone. */
function formatTime(iso: string, zone: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
}

function EventTable({ events, zone }: { events: AuditEvent[]; zone: string }) {
  return (
    <DataTable
      className="audit-table"
      caption="Audit events, newest first"
      captionHidden
      columns={[`Time (${timeZoneLabel(zone)})`, "Person", "Action", "Subject", "Client", "Address"]}
    >
      {events.map((e) => (
        <tr key={e.id}>
          <td>
            <time dateTime={e.occurred_at}>{formatTime(e.occurred_at, zone)}</time>
          </td>
          <td>{e.actor_name || <span className="muted">Steady</span>}</td>
          <td>
            <code>{e.action}</code>
          </td>
          <td>
            <Subject event={e} />
          </td>
          <td>
            <ClientRef event={e} />
          </td>
          <td>{e.ip || <span className="muted">None</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ClientRef({ event: e }: { event: AuditEvent }) {
  if (!e.client_id) return <span className="muted">None</span>;
  if (!e.client_name) return <span className="muted">Client {e.client_id.slice(0, 8)} (erased)</span>;
  return <Link to={`/app/clients/${e.client_id}`}>{e.client_name}</Link>;
}

/** The page a subject of this type has, if any. */
function subjectPage(e: AuditEvent): string | null {
  const id = encodeURIComponent(e.subject_id);
  switch (e.subject_type) {
    case "client":
      return `/app/clients/${id}`;
    case "couple":
      return `/app/couples/${id}`;
    case "template":
      return `/app/exercises/templates/${id}`;
    case "assignment":
      return e.client_id ? `/app/clients/${e.client_id}/homework` : null;
    case "alert":
      return e.client_id ? `/app/clients/${e.client_id}` : null;
    case "member":
    case "user":
      return "/app/team";
    default:
      return null;
  }
}

/** The subject by the name the server read for it, linked to its page while it exists. */
function Subject({ event: e }: { event: AuditEvent }) {
  if (e.subject_type === "route") return <code>{e.subject_name}</code>;
  const page = e.subject_found ? subjectPage(e) : null;
  if (page) return <Link to={page}>{e.subject_name}</Link>;
  return <span className={e.subject_found ? undefined : "muted"}>{e.subject_name}</span>;
}
