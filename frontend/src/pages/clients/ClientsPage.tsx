import { useEffect, useState, type FormEvent } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { useClientPage, useMembers, type Client, type ClientFilter } from "../../api/clients";
import { DataTable } from "../../components/DataTable";
import { ListPageHeader } from "../../components/ListPageHeader";
import { QueryState } from "../../components/LoadState";
import { Notice } from "../../components/Notice";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { useCurrentUser } from "../AppShell";
import { StatusBadge } from "./StatusBadge";

/** Clients per page of the list. */
export const CLIENT_PAGE = 100;

/**
 * The filters and the page live in the address (?q=&status=&clinician_id=&offset=), so a
 * filtered list, or a page of it, can be bookmarked. A change of filter goes back to the first page.
 */
function useFilter(): [ClientFilter, (change: Partial<ClientFilter>) => void, number, (offset: number) => void] {
  const [params, setParams] = useSearchParams();
  const offset = Math.max(0, Math.floor(Number(params.get("offset")) || 0));
  const filter: ClientFilter = {
    q: params.get("q") ?? "",
    status: params.get("status") === "archived" ? "archived" : "active",
    clinician_id: params.get("clinician_id") ?? "",
  };
  function update(change: Partial<ClientFilter>) {
    const next = { ...filter, ...change };
    const out = new URLSearchParams();
    if (next.q.trim()) out.set("q", next.q.trim());
    if (next.status !== "active") out.set("status", next.status);
    if (next.clinician_id) out.set("clinician_id", next.clinician_id);
    setParams(out);
  }
  function turn(next: number) {
    const out = new URLSearchParams(params);
    if (next > 0) out.set("offset", String(next));
    else out.delete("offset");
    setParams(out);
  }
  return [filter, update, offset, turn];
}

export function ClientsPage() {
  useDocumentTitle("Clients");
  const [filter, setFilter, offset, setOffset] = useFilter();
  const [text, setText] = useState(filter.q);
  useEffect(() => setText(filter.q), [filter.q]);
  const clients = useClientPage(filter, offset, CLIENT_PAGE);
  const members = useMembers();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilter({ q: text });
  }

  return (
    <>
      <ListPageHeader title="Clients" newTo="/app/clients/new" newLabel="Add client" />
      <Notice text={notice} />
      <div className="filters">
        <form role="search" aria-label="Clients" onSubmit={onSearch} className="search">
          <div className="field">
            <label htmlFor="client-search">Search by name</label>
            <div className="search-row">
              <input id="client-search" type="search" name="q" value={text} onChange={(e) => setText(e.target.value)} />
              <button type="submit" className="button-secondary">
                Search
              </button>
            </div>
          </div>
        </form>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={filter.status}
            onChange={(e) => setFilter({ status: e.target.value as ClientFilter["status"] })}
          >
            <option value="active">Active</option>
            <option value="archived">Archived</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-clinician">Clinician</label>
          <select id="filter-clinician" value={filter.clinician_id} onChange={(e) => setFilter({ clinician_id: e.target.value })}>
            <option value="">Any clinician</option>
            {members.data?.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.name}
                {m.status === "deactivated" ? " (deactivated)" : ""}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryState query={clients} what="clients" />
      {clients.data &&
        (clients.data.total === 0 ? (
          <EmptyClients filter={filter} onClear={() => setFilter({ q: "", status: "active", clinician_id: "" })} />
        ) : (
          <>
            <ClientTable clients={clients.data.clients} status={filter.status} offset={offset} total={clients.data.total} />
            <Pager offset={offset} shown={clients.data.clients.length} total={clients.data.total} onTurn={setOffset} />
          </>
        ))}
    </>
  );
}

/** "3 active clients", or on a list of many pages "101–200 of 20,000 active clients". */
function countCaption(status: ClientFilter["status"], offset: number, shown: number, total: number): string {
  const noun = `${status} ${total === 1 ? "client" : "clients"}`;
  if (offset === 0 && shown === total) return `${total.toLocaleString()} ${noun}`;
  if (shown === 0) return `None here of ${total.toLocaleString()} ${noun}`;
  return `${(offset + 1).toLocaleString()}–${(offset + shown).toLocaleString()} of ${total.toLocaleString()} ${noun}`;
}

/** Previous and next pages of the list, shown only when it holds more than one page. */
function Pager({ offset, shown, total, onTurn }: { offset: number; shown: number; total: number; onTurn: (offset: number) => void }) {
  if (offset === 0 && shown >= total) return null;
  return (
    <nav className="pager" aria-label="Pages of clients">
      <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => onTurn(Math.max(0, offset - CLIENT_PAGE))}>
        Previous {CLIENT_PAGE}
      </button>
      <button type="button" className="button-secondary" disabled={offset + shown >= total} onClick={() => onTurn(offset + CLIENT_PAGE)}>
        Next {CLIENT_PAGE}
      </button>
    </nav>
  );
}

function ClientTable({ clients, status, offset, total }: { clients: Client[]; status: ClientFilter["status"]; offset: number; total: number }) {
  const count = countCaption(status, offset, clients.length, total);
  return (
    <DataTable caption={count} columns={["Name", "Contact details", "Status"]}>
      {clients.map((c) => (
        <tr key={c.id}>
          <td>
            <Link to={`/app/clients/${c.id}`} className="row-link">
              {c.name}
            </Link>
            <AlsoKnownAs client={c} />
          </td>
          <td>
            <ContactPresence client={c} />
          </td>
          <td>
            <StatusBadge status={c.status} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** "Goes by Sam · she/her", when either is known. */
export function AlsoKnownAs({ client }: { client: Pick<Client, "preferred_name" | "pronouns"> }) {
  const parts = [client.preferred_name && `Goes by ${client.preferred_name}`, client.pronouns].filter(Boolean);
  if (parts.length === 0) return null;
  return <span className="secondary-line">{parts.join(" · ")}</span>;
}

function ContactPresence({ client }: { client: Client }) {
  if (!client.email && !client.mobile) return <span className="muted">No email or mobile yet</span>;
  return (
    <ul className="tags">
      {client.email && <li>Email</li>}
      {client.mobile && <li>Mobile</li>}
    </ul>
  );
}

function EmptyClients({ filter, onClear }: { filter: ClientFilter; onClear: () => void }) {
  const me = useCurrentUser();
  const filtered = filter.q.trim() !== "" || filter.clinician_id !== "";
  if (filtered) {
    return (
      <div className="empty">
        <p>No {filter.status} clients match this search.</p>
        <p>
          Check the spelling, or{" "}
          <button type="button" className="link-button" onClick={onClear}>
            clear the search and filters
          </button>
          .
        </p>
      </div>
    );
  }
  if (filter.status === "archived") {
    return (
      <div className="empty">
        <p>No archived clients. When you archive a client, they appear here and can be restored.</p>
      </div>
    );
  }
  return (
    <div className="empty">
      {me.role === "clinician" ? (
        <p>No clients are assigned to you yet. Add a client, or ask an admin to assign you to your clients.</p>
      ) : (
        <p>No clients yet. Add your first client to start assigning homework between sessions.</p>
      )}
      <p>
        <Link to="/app/clients/new">Add a client</Link>
      </p>
    </div>
  );
}
