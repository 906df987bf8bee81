import { useEffect, useRef } from "react";
import { Link, useLocation } from "react-router";
import { useCoupleAssignments } from "../../api/assignments";
import { TRUST_ROLE_LABELS, type Couple } from "../../api/clients";
import { AssignmentList } from "../../components/AssignmentList";
import { QueryState } from "../../components/LoadState";

/** Both partners' homework side by side (stacked on a narrow screen), each with their answers. */
export function CoupleHomework({ couple }: { couple: Couple }) {
  const partners = useCoupleAssignments(couple.id);
  const heading = useRef<HTMLHeadingElement>(null);
  const hash = useLocation().hash;
  // Arriving from the assign form, which comes back here with #homework.
  useEffect(() => {
    if (hash !== "#homework") return;
    heading.current?.scrollIntoView?.({ block: "start" });
    heading.current?.focus();
  }, [hash]);
  return (
    <section id="homework" className="couple-homework" aria-labelledby="couple-homework-heading">
      <div className="section-header">
        <h2 id="couple-homework-heading" ref={heading} tabIndex={-1}>
          Homework
        </h2>
        <Link to={`/app/assign?couple=${couple.id}`} className="button-primary">
          Assign to this couple
        </Link>
      </div>
      <p className="muted">Each partner answers on their own link and never sees the other's answers.</p>
      <QueryState query={partners} what="the couple's homework" />
      {partners.data && (
        <div className="homework-columns">
          {partners.data.map((p) => (
            <section key={p.client_id} className="partner-homework" aria-labelledby={`homework-${p.client_id}`}>
              <h3 id={`homework-${p.client_id}`}>
                <Link to={`/app/clients/${p.client_id}/homework`}>{p.name}</Link>
              </h3>
              <p className="muted partner-role">{TRUST_ROLE_LABELS[p.trust_role]}</p>
              <AssignmentList assignments={p.assignments} level={4} empty={`Nothing assigned to ${p.name} yet.`} />
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
