import { Link } from "react-router";
import { TRUST_ROLE_LABELS, useCouples } from "../../api/clients";
import { DataTable } from "../../components/DataTable";
import { ListPageHeader } from "../../components/ListPageHeader";
import { QueryState } from "../../components/LoadState";
import { useDocumentTitle } from "../../components/useDocumentTitle";

/** /app/couples */
export function CouplesPage() {
  useDocumentTitle("Couples");
  const couples = useCouples();
  return (
    <>
      <ListPageHeader title="Couples" newTo="/app/couples/new" newLabel="Add couple" />
      <p className="lead">A couple links two clients, so you can follow both partners' work side by side.</p>
      <QueryState query={couples} what="couples" />
      {couples.data?.length === 0 && (
        <div className="empty">
          <p>No couples yet. Either partner can be a client you already have, or someone you add as you go.</p>
          <p>
            <Link to="/app/couples/new">Add a couple</Link>
          </p>
        </div>
      )}
      {couples.data && couples.data.length > 0 && (
        <DataTable
          caption={`${couples.data.length} ${couples.data.length === 1 ? "couple" : "couples"}`}
          columns={["Couple", "Partners", "Clinicians"]}
        >
          {couples.data.map((k) => (
            <tr key={k.id}>
              <td>
                <Link to={`/app/couples/${k.id}`} className="row-link">
                  {k.name}
                </Link>
              </td>
              <td>
                <ul className="plain-list">
                  {k.partners.map((p) => (
                    <li key={p.client_id}>
                      {p.name}
                      {p.trust_role !== "unspecified" && (
                        <span className="secondary-line">{TRUST_ROLE_LABELS[p.trust_role]}</span>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                {k.clinicians.length === 0 ? (
                  <span className="muted">None assigned</span>
                ) : (
                  k.clinicians.map((c) => c.name).join(", ")
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
