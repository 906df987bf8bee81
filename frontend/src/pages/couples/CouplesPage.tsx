import { Link } from "react-router";
import { asApiError } from "../../api/client";
import { TRUST_ROLE_LABELS, useCouples } from "../../api/clients";
import { LoadError, Loading } from "../../components/LoadState";
import { useDocumentTitle } from "../../components/useDocumentTitle";

/** /app/couples */
export function CouplesPage() {
  useDocumentTitle("Couples");
  const couples = useCouples();
  return (
    <>
      <div className="page-header">
        <h1>Couples</h1>
        <Link to="/app/couples/new" className="button-primary">
          Add couple
        </Link>
      </div>
      <p className="lead">A couple links two clients, so you can follow both partners' work side by side.</p>
      {couples.isPending && <Loading what="couples" />}
      {couples.isError && <LoadError error={asApiError(couples.error)} onRetry={() => void couples.refetch()} />}
      {couples.data?.length === 0 && (
        <div className="empty">
          <p>No couples yet. Either partner can be a client you already have, or someone you add as you go.</p>
          <p>
            <Link to="/app/couples/new">Add a couple</Link>
          </p>
        </div>
      )}
      {couples.data && couples.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption>
              {couples.data.length} {couples.data.length === 1 ? "couple" : "couples"}
            </caption>
            <thead>
              <tr>
                <th scope="col">Couple</th>
                <th scope="col">Partners</th>
                <th scope="col">Clinicians</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
