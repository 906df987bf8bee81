import { useDocumentTitle } from "../../components/useDocumentTitle";
import { ROLE_LABELS, useCurrentUser } from "../AppShell";
import { CaseloadSection } from "./CaseloadPage";
import { FollowUpsSection } from "./FollowUpsSection";

/** /app: who needs attention first, then the follow-ups the alert rules opened, then the signed-in person's account. */
export function OverviewPage() {
  useDocumentTitle("Overview");
  const me = useCurrentUser();
  return (
    <>
      <h1>Welcome, {me.user.name}</h1>
      <p className="lead">This is the overview of {me.practice.name}.</p>
      <div className="stack">
        <CaseloadSection />
        <FollowUpsSection />
        <section className="panel" aria-labelledby="account-heading">
          <h2 id="account-heading">Your account</h2>
          <dl className="details">
            <dt>Practice</dt>
            <dd>{me.practice.name}</dd>
            <dt>Name</dt>
            <dd>{me.user.name}</dd>
            <dt>Email</dt>
            <dd>{me.user.email}</dd>
            <dt>Role</dt>
            <dd>{ROLE_LABELS[me.role]}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}
