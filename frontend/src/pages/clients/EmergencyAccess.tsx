import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { asApiError, type Role } from "../../api/client";
import { useEndEmergencyAccess, useOpenEmergencyAccess, type EmergencyGrant, type RecordKind } from "../../api/clients";
import { canUseEmergencyAccess } from "../../api/permissions";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDate, formatDateTime } from "../../components/format";
import { TextAreaField } from "../../components/TextAreaField";
import { useCurrentUser } from "../AppShell";

// Emergency access (docs/permissions.md): the clinical record of a client or couple is for their
// clinicians; an owner may open it for four hours by giving a reason, which is audited and told
// to the clinicians, who see it on the page.

/** The shortest and longest reason the API takes (internal/clients/emergency.go). */
const MIN_REASON = 20;
const MAX_REASON = 2000;

/** The record a page is about. */
export type RecordSubject = { kind: RecordKind; id: string; name: string };

/** What someone who does not treat the client is told instead of the record, by role. */
function closedBecause(role: Role, name: string): string {
  if (role === "admin") return `${name}'s homework, answers, journal and progress are for their clinicians only.`;
  return `${name}'s homework, answers, journal and progress are for their clinicians. To work with them, ask your practice's owner or an admin to assign you.`;
}

/**
 * In place of the clinical record, for someone who does not treat the client: why it is closed,
 * and for an owner the way to open it in an emergency, with a reason asked for in a dialog.
 */
export function RecordClosed({ subject }: { subject: RecordSubject }) {
  const me = useCurrentUser();
  const [asking, setAsking] = useState(false);
  const start = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    // Focus comes back to the button when the dialog is cancelled.
    if (!asking && opened.current) start.current?.focus();
    opened.current = asking;
  }, [asking]);
  const owner = canUseEmergencyAccess(me.role);
  return (
    <section className="panel" aria-labelledby="record-closed-heading">
      <h2 id="record-closed-heading">You're not assigned to this {subject.kind}</h2>
      <p>{closedBecause(me.role, subject.name)}</p>
      {owner && (
        <>
          <p>
            In an emergency you can open the record for four hours. You give a reason: it is kept in the audit log, and{" "}
            {subject.name}'s clinicians are told by email and on this page.
          </p>
          {asking ? (
            <EmergencyDialog subject={subject} onClose={() => setAsking(false)} />
          ) : (
            <button ref={start} type="button" className="button-secondary" onClick={() => setAsking(true)}>
              Emergency access
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Asks for the reason and opens the record; Escape or Cancel closes it unchanged. */
function EmergencyDialog({ subject, onClose }: { subject: RecordSubject; onClose: () => void }) {
  const open = useOpenEmergencyAccess(subject.kind, subject.id);
  const [reason, setReason] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const title = useId();
  const error = open.error ? asApiError(open.error) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const given = reason.trim();
    setTooShort(given.length < MIN_REASON);
    if (given.length >= MIN_REASON) open.mutate(given, { onSuccess: onClose });
  }

  return (
    <div
      role="dialog"
      aria-labelledby={title}
      className="confirm"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !open.isPending) onClose();
      }}
    >
      <h3 id={title}>Emergency access to {subject.name}</h3>
      <form onSubmit={submit} noValidate>
        <ErrorSummary error={error} labels={{ reason: "Reason" }} />
        <TextAreaField
          name="reason"
          label="Reason"
          hint={`Why you need the record now, in ${MIN_REASON} to ${MAX_REASON} characters. The clinicians will read it.`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={MAX_REASON}
          required
          autoFocus
          error={tooShort ? `Give a reason of at least ${MIN_REASON} characters.` : error?.fields.reason}
        />
        <div className="form-actions">
          <button type="submit" className="button-danger" disabled={open.isPending}>
            {open.isPending ? "Opening…" : "Open the record for four hours"}
          </button>
          <button type="button" className="button-secondary" onClick={onClose} disabled={open.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** "16:00", or "02:00 on 25 November 2026" when the grant ends on another day. */
function until(iso: string): string {
  const end = new Date(iso);
  const time = end.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return end.toDateString() === new Date().toDateString() ? time : `${time} on ${formatDate(iso)}`;
}

/** Above the record an owner opened for an emergency: until when, why, and the way to end it. */
export function EmergencyBanner({ subject, grant }: { subject: RecordSubject; grant: EmergencyGrant }) {
  const end = useEndEmergencyAccess(subject.kind, subject.id);
  return (
    <section className="standing-banner emergency-banner" aria-label="Emergency access">
      <p>
        <strong>Emergency access until {until(grant.expires_at)}</strong> — {grant.reason}
      </p>
      <p>Everything you open is recorded in the audit log, and the clinicians have been told.</p>
      <ErrorSummary error={end.error ? asApiError(end.error) : null} />
      <button type="button" className="button-secondary" onClick={() => end.mutate()} disabled={end.isPending}>
        {end.isPending ? "Ending…" : "End emergency access"}
      </button>
    </section>
  );
}

/** For those who see the record: who opened it for an emergency, when and why (latest first). */
export function EmergencyNotices({ grants }: { grants: EmergencyGrant[] | undefined }) {
  if (!grants || grants.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="emergency-notices-heading">
      <h2 id="emergency-notices-heading">Emergency access to this record</h2>
      <ul className="plain-list">
        {grants.map((g) => (
          <li key={g.id}>
            Emergency access by {g.opened_by.name} on {formatDateTime(g.opened_at)}: {g.reason}{" "}
            <span className="muted">
              ({g.ended_at ? `ended ${formatDateTime(g.ended_at)}` : `until ${formatDateTime(g.expires_at)}`})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
