// Help right now: the practice's crisis lines (set by the practice for its country), on the
// help page every screen links to, and on the calm screen that follows an answer that set off a
// risk item. That screen comes from this device's own receipt, so a partner never sees it.
import { useEffect, useState } from "react";
import { getCrisisSupport, type CrisisResource, type CrisisSupport } from "./api";
import { GenericCrisisText, usePage } from "./shell";
import { saveCrisis, savedCrisis } from "./storage";

/** Only links that call, text or open a secure page: never script or anything else. */
export function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  return /^(tel:|sms:|https:\/\/)/i.test(href.trim()) ? href.trim() : undefined;
}

function Resource({ resource }: { resource: CrisisResource }) {
  const href = safeHref(resource.href);
  const body = (
    <>
      <span className="hw-resource-name">{resource.name}</span>{" "}
      <span className="hw-resource-contact">{resource.contact}</span>
    </>
  );
  if (!href) return <div className="hw-resource hw-resource-plain">{body}</div>;
  const web = href.toLowerCase().startsWith("https:");
  return (
    <a className="hw-resource" href={href} {...(web ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
      {body}
    </a>
  );
}

/** The practice's lines, each a large tap target. */
export function CrisisLines({ support }: { support: CrisisSupport }) {
  return (
    <ul className="hw-resources">
      {support.resources.map((r, i) => (
        <li key={`${i}-${r.name}`}>
          <Resource resource={r} />
        </li>
      ))}
    </ul>
  );
}

/**
 * The practice's crisis lines: the last ones this device fetched at once, then fresh ones when
 * there is a session to ask with (live), kept for next time. null: never fetched here.
 */
export function useCrisisSupport(scope: string, live: boolean): CrisisSupport | null {
  const [support, setSupport] = useState<CrisisSupport | null>(() => (scope ? savedCrisis(scope) : null));
  useEffect(() => {
    if (!live) return;
    let current = true;
    getCrisisSupport().then(
      (fresh) => {
        if (!current) return;
        if (scope) saveCrisis(scope, fresh);
        setSupport(fresh);
      },
      () => {
        // offline or refused: what this device already has (or the general lines) stays
      },
    );
    return () => {
      current = false;
    };
  }, [scope, live]);
  return support;
}

const DANGER = "If you are in danger or thinking about harming yourself, call your local emergency number now.";

/**
 * /h/<token>/help: who to call or text right now. Not the practice's next steps: those speak of
 * an answer just sent, and belong to the screen after it.
 */
export function HelpView({
  scope,
  live,
  onBack,
  backLabel = "Back to Today",
}: {
  scope: string;
  /** There is a session to ask the practice's lines with. */
  live: boolean;
  onBack: () => void;
  backLabel?: string;
}) {
  const heading = usePage("Help right now");
  const support = useCrisisSupport(scope, live);
  const lines = support && support.resources.length > 0 ? support : null;
  return (
    <>
      <button type="button" className="hw-back" onClick={onBack}>
        ← {backLabel}
      </button>
      <h1 ref={heading} tabIndex={-1}>
        Help right now
      </h1>
      {lines ? (
        <>
          <p>{DANGER}</p>
          <section aria-labelledby="hw-help-lines">
            <h2 id="hw-help-lines">People you can talk to now</h2>
            <CrisisLines support={lines} />
          </section>
        </>
      ) : (
        <GenericCrisisText />
      )}
    </>
  );
}

/** Straight after an answer that set off a risk item: calm, the lines, what happens next. */
export function SupportView({ crisis, onContinue }: { crisis: CrisisSupport; onContinue: () => void }) {
  const heading = usePage("Thank you for telling us");
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Thank you for telling us
      </h1>
      <p>Your answers were sent. If you are in danger right now, call your local emergency number.</p>
      {crisis.resources.length > 0 ? (
        <section aria-labelledby="hw-support-lines">
          <h2 id="hw-support-lines">People you can talk to now</h2>
          <CrisisLines support={crisis} />
        </section>
      ) : (
        <GenericCrisisText />
      )}
      {crisis.next_steps.trim() && (
        <section aria-labelledby="hw-support-next">
          <h2 id="hw-support-next">What happens next</h2>
          <p className="hw-text">{crisis.next_steps}</p>
        </section>
      )}
      <button type="button" className="hw-button" onClick={onContinue}>
        Continue to Today
      </button>
    </>
  );
}
