import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { asApiError } from "../../api/client";
import { recordAccess, TRUST_ROLE_LABELS, useClient, useEraseClient, useSetArchived, type Client } from "../../api/clients";
import { canEraseClients } from "../../api/permissions";
import { clientExportHref, clientReportHref } from "../../api/progress";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDate } from "../../components/format";
import { LoadError, Loading } from "../../components/LoadState";
import { RecordNotFound } from "../../components/RecordNotFound";
import { Tabs } from "../../components/Tabs";
import { timeZoneLabel } from "../../components/timeZones";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { useCurrentUser } from "../AppShell";
import { ClientAlerts } from "./ClientAlerts";
import { ClientHomeworkTab } from "./ClientHomeworkTab";
import { ClientJournalTab } from "./ClientJournalTab";
import { ClientProgressTab } from "./ClientProgressTab";
import { AlsoKnownAs } from "./ClientsPage";
import { EmergencyBanner, EmergencyNotices, RecordClosed } from "./EmergencyAccess";
import { StatusBadge } from "./StatusBadge";

export type ClientTab = "details" | "homework" | "journal" | "progress";

/** /app/clients/:id, with the Homework, Journal and Progress tabs at /app/clients/:id/homework, /journal and /progress. */
export function ClientPage({ tab = "details" }: { tab?: ClientTab }) {
  const id = useParams().id ?? "";
  const client = useClient(id);
  useDocumentTitle(client.data?.name ?? "Client");
  if (client.isPending) return <Loading what="client" />;
  if (client.isError) {
    const error = asApiError(client.error);
    if (error.status === 404) return <RecordNotFound kind="client" back={{ to: "/app/clients", label: "Back to clients" }} />;
    return <LoadError error={error} onRetry={() => void client.refetch()} />;
  }
  return <ClientRecord client={client.data} tab={tab} />;
}

/** The couple form with this client as partner 1, coming back here (to this tab) on Cancel. */
function addToCoupleHref(client: Client, here: string): string {
  return `/app/couples/new?${new URLSearchParams({ client: client.id, from: here }).toString()}`;
}

function ClientRecord({ client, tab }: { client: Client; tab: ClientTab }) {
  const me = useCurrentUser();
  const location = useLocation();
  const arrived = (location.state as { notice?: string } | null)?.notice;
  const setArchived = useSetArchived(client.id);
  const [notice, setNotice] = useState(arrived);
  const archived = client.status === "archived";
  // The roster (details, clinicians, couples) is everyone's who may see the client; the record
  // (alerts, homework, journal, progress, the report and export) only its clinicians' and an
  // owner's under emergency access.
  const access = recordAccess(client);
  const subject = { kind: "client" as const, id: client.id, name: client.name };

  function toggleArchived() {
    setNotice(undefined);
    setArchived.mutate(!archived, {
      onSuccess: (c) =>
        setNotice(
          c.status === "archived"
            ? `${c.name} is archived. Nothing will be sent to them, and they are listed under archived clients.`
            : `${c.name} is restored and back in the client list.`,
        ),
    });
  }

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{client.name}</h1>
          <p className="record-meta">
            <AlsoKnownAs client={client} /> <StatusBadge status={client.status} />
          </p>
        </div>
        <div className="record-actions">
          <Link to={`/app/clients/${client.id}/edit`} className="button-secondary">
            Edit
          </Link>
          {!archived && (
            <Link to={addToCoupleHref(client, location.pathname)} className="button-secondary">
              Add to a couple
            </Link>
          )}
          {/* Same-origin links: the session cookie goes along, and each download is audited. */}
          {access !== "none" && (
            <>
              <a href={clientReportHref(client.id)} className="button-secondary" download>
                Progress report (PDF)
              </a>
              <a href={clientExportHref(client.id)} className="button-secondary" download>
                Export record (CSV)
              </a>
            </>
          )}
          <button type="button" className="button-secondary" onClick={toggleArchived} disabled={setArchived.isPending}>
            {archived ? "Restore client" : "Archive client"}
          </button>
        </div>
      </div>
      <div role="status" className="notice-region">
        {notice && <p className="notice">{notice}</p>}
      </div>
      <ErrorSummary error={setArchived.error ? asApiError(setArchived.error) : null} />
      {access === "emergency" && client.emergency_access && <EmergencyBanner subject={subject} grant={client.emergency_access} />}
      {access === "none" ? (
        <div className="stack">
          <RecordClosed subject={subject} />
          <Overview client={client} />
          {canEraseClients(me.role) && <EraseClient client={client} />}
        </div>
      ) : (
        <RecordTabs client={client} tab={tab} />
      )}
    </>
  );
}

/** The record's tabs, for those who see it. */
function RecordTabs({ client, tab }: { client: Client; tab: ClientTab }) {
  const me = useCurrentUser();
  return (
    <>
      <Tabs
        label={`${client.name}: sections`}
        current={tab}
        tabs={[
          { id: "details", label: "Details", to: `/app/clients/${client.id}` },
          { id: "homework", label: "Homework", to: `/app/clients/${client.id}/homework` },
          { id: "journal", label: "Journal", to: `/app/clients/${client.id}/journal` },
          { id: "progress", label: "Progress", to: `/app/clients/${client.id}/progress` },
        ]}
      >
        {tab === "details" && (
          <>
            <EmergencyNotices grants={client.emergency_grants} />
            <ClientAlerts clientId={client.id} />
            <Overview client={client} />
            {canEraseClients(me.role) && <EraseClient client={client} />}
          </>
        )}
        {tab === "homework" && <ClientHomeworkTab client={client} />}
        {tab === "journal" && <ClientJournalTab client={client} />}
        {tab === "progress" && <ClientProgressTab client={client} />}
      </Tabs>
    </>
  );
}

function Overview({ client }: { client: Client }) {
  const yesNo = (v: boolean) => (v ? "Yes" : "No");
  const clinicians = client.clinicians ?? [];
  const couples = client.couples ?? [];
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{client.name}</dd>
          <dt>Preferred name</dt>
          <dd>{client.preferred_name || <span className="muted">Not given</span>}</dd>
          <dt>Pronouns</dt>
          <dd>{client.pronouns || <span className="muted">Not given</span>}</dd>
          <dt>Email</dt>
          <dd>{client.email || <span className="muted">None yet</span>}</dd>
          <dt>Mobile</dt>
          <dd>{client.mobile || <span className="muted">None yet</span>}</dd>
          <dt>Time zone</dt>
          <dd>{timeZoneLabel(client.time_zone)}</dd>
          <dt>Consents to email</dt>
          <dd>{yesNo(client.consent_email)}</dd>
          <dt>Consents to text messages</dt>
          <dd>{yesNo(client.consent_sms)}</dd>
          <dt>Added</dt>
          <dd>{formatDate(client.created_at)}</dd>
          {client.archived_at && (
            <>
              <dt>Archived</dt>
              <dd>{formatDate(client.archived_at)}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="panel" aria-labelledby="clinicians-heading">
        <h2 id="clinicians-heading">Clinicians</h2>
        {clinicians.length === 0 ? (
          <p className="muted">
            No clinician is assigned yet. <Link to={`/app/clients/${client.id}/edit`}>Assign a clinician</Link>
          </p>
        ) : (
          <ul className="plain-list">
            {clinicians.map((c) => (
              <li key={c.user_id}>{c.name}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="couples-heading">
        <h2 id="couples-heading">Couples</h2>
        {couples.length === 0 ? (
          <p className="muted">
            {client.name} is not part of a couple.{" "}
            {client.status === "active" && (
              <Link to={addToCoupleHref(client, `/app/clients/${client.id}`)}>Add {client.name} to a couple</Link>
            )}
          </p>
        ) : (
          <ul className="plain-list">
            {couples.map((k) => (
              <li key={k.id}>
                <Link to={`/app/couples/${k.id}`}>{k.name}</Link>{" "}
                <span className="muted">· {TRUST_ROLE_LABELS[k.trust_role]}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The owner's way to erase a client for good, behind a confirmation that says what it means. */
function EraseClient({ client }: { client: Client }) {
  const [confirming, setConfirming] = useState(false);
  const erase = useEraseClient(client.id);
  const navigate = useNavigate();
  const question = useRef<HTMLParagraphElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);

  useEffect(() => {
    // Focus follows the confirmation in and out, so a keyboard user is never left stranded.
    if (confirming) question.current?.focus();
    else if (opened.current) start.current?.focus();
    opened.current = confirming;
  }, [confirming]);

  function confirm() {
    erase.mutate(undefined, {
      onSuccess: () =>
        navigate("/app/clients", { replace: true, state: { notice: `${client.name} was erased for good.` } }),
    });
  }

  return (
    <section className="panel danger-zone" aria-labelledby="erase-heading">
      <h2 id="erase-heading">Erase this client</h2>
      <p>
        Erasing removes {client.name}'s record and everything stored about them, for good: details, couple links, and
        all their answers and journal entries. It cannot be undone. The audit log keeps only the fact that it happened.
      </p>
      <p>To stop all contact but keep the record, archive the client instead.</p>
      {!confirming ? (
        <button ref={start} type="button" className="button-danger-outline" onClick={() => setConfirming(true)}>
          Erase client…
        </button>
      ) : (
        <div className="confirm" role="group" aria-labelledby="erase-question">
          <p id="erase-question" ref={question} tabIndex={-1} className="confirm-question">
            Erase {client.name} and all their data for good? This cannot be undone.
          </p>
          <ErrorSummary error={erase.error ? asApiError(erase.error) : null} />
          <div className="form-actions">
            <button type="button" className="button-danger" onClick={confirm} disabled={erase.isPending}>
              {erase.isPending ? "Erasing…" : `Erase ${client.name} for good`}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)} disabled={erase.isPending}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
