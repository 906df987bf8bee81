import { Link, useLocation, useParams } from "react-router";
import { asApiError } from "../../api/client";
import { recordAccess, TRUST_ROLE_LABELS, useCouple, type Couple } from "../../api/clients";
import { clientExportHref, clientReportHref } from "../../api/progress";
import { formatDate } from "../../components/format";
import { LoadError, Loading } from "../../components/LoadState";
import { Notice } from "../../components/Notice";
import { RecordNotFound } from "../../components/RecordNotFound";
import { backFromState } from "../../components/returnTo";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { EmergencyBanner, EmergencyNotices, RecordClosed } from "../clients/EmergencyAccess";
import { CoupleHomework } from "./CoupleHomework";
import { ProgressCouple } from "./ProgressCouple";
import { SafetyScreenSection } from "./SafetyScreenSection";

/** /app/couples/:id */
export function CouplePage() {
  const id = useParams().id ?? "";
  const couple = useCouple(id);
  useDocumentTitle(couple.data?.name ?? "Couple");
  if (couple.isPending) return <Loading what="couple" />;
  if (couple.isError) {
    const error = asApiError(couple.error);
    if (error.status === 404) return <RecordNotFound kind="couple" back={{ to: "/app/couples", label: "Back to couples" }} />;
    return <LoadError error={error} onRetry={() => void couple.refetch()} />;
  }
  return <CoupleRecord couple={couple.data} />;
}

function CoupleRecord({ couple }: { couple: Couple }) {
  const state = useLocation().state as { notice?: string } | null;
  const notice = state?.notice;
  // Opened from the form that made the couple: the way back to where that form was opened.
  const back = backFromState(state);
  // Partners and clinicians are the roster; screens, homework, progress and the partners'
  // reports are the record, for the couple's clinicians and an owner under emergency access.
  const access = recordAccess(couple);
  const subject = { kind: "couple" as const, id: couple.id, name: couple.name };
  return (
    <>
      {back && (
        <p className="back-link">
          <Link to={back.to}>{back.label}</Link>
        </p>
      )}
      <div className="page-header">
        <div>
          <h1>{couple.name}</h1>
          <p className="record-meta muted">Couple since {formatDate(couple.created_at)}</p>
        </div>
        {access !== "none" && <PartnerDownloads couple={couple} />}
      </div>
      <Notice text={notice} />
      {access === "emergency" && couple.emergency_access && <EmergencyBanner subject={subject} grant={couple.emergency_access} />}
      <section aria-labelledby="partners-heading">
        <h2 id="partners-heading">Partners</h2>
        <ul className="partners">
          {couple.partners.map((p) => (
            <li key={p.client_id} className="panel partner">
              <h3>
                <Link to={`/app/clients/${p.client_id}`}>{p.name}</Link>
              </h3>
              <dl className="details">
                <dt>Role in trust repair</dt>
                <dd>{TRUST_ROLE_LABELS[p.trust_role]}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>
      <div className="stack">
        <section className="panel" aria-labelledby="couple-clinicians-heading">
          <h2 id="couple-clinicians-heading">Clinicians</h2>
          {couple.clinicians.length === 0 ? (
            <p className="muted">No clinician is assigned to this couple yet.</p>
          ) : (
            <ul className="plain-list">
              {couple.clinicians.map((c) => (
                <li key={c.user_id}>{c.name}</li>
              ))}
            </ul>
          )}
        </section>
        {access === "none" ? (
          <RecordClosed subject={subject} />
        ) : (
          <>
            <EmergencyNotices grants={couple.emergency_grants} />
            <SafetyScreenSection couple={couple} />
            <CoupleHomework couple={couple} />
            <ProgressCouple couple={couple} />
          </>
        )}
      </div>
    </>
  );
}

/**
 * Each partner's progress report (PDF) and record (CSV), one pair per partner: reports are per
 * client, so a couple has two. Plain links, so the staff session goes along.
 */
function PartnerDownloads({ couple }: { couple: Couple }) {
  return (
    <ul className="record-actions plain-list" aria-label="Reports and records">
      {couple.partners.map((p) => (
        <li key={p.client_id} className="record-actions">
          <a href={clientReportHref(p.client_id)} className="button-secondary" download>
            Report for {p.name} (PDF)
          </a>
          <a href={clientExportHref(p.client_id)} className="button-secondary" download>
            Record for {p.name} (CSV)
          </a>
        </li>
      ))}
    </ul>
  );
}
