import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, asApiError } from "../../api/client";
import {
  useInvitationAction,
  useInvitations,
  useInvite,
  type AssignableRole,
  type Invitation,
  type InvitationAction,
} from "../../api/team";
import { EmailField } from "../../components/AccountFields";
import { DataTable } from "../../components/DataTable";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDate } from "../../components/format";
import { QueryState } from "../../components/LoadState";
import { Notice } from "../../components/Notice";
import { SelectField } from "../../components/SelectField";
import { ROLE_LABELS } from "../AppShell";
import { SeatConfirm } from "./SeatConfirm";

const LABELS = { email: "Email", role: "Role" };

/** Owners and admins invite people by email and look after the invitations not yet accepted. */
export function TeamInvitations() {
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <InviteForm />
      <PendingInvitations />
    </section>
  );
}

function InviteForm() {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<AssignableRole>("clinician");
  const [sentTo, setSentTo] = useState("");
  // Sending waits for a confirmation that says what the extra seat costs.
  const [confirming, setConfirming] = useState(false);
  const invite = useInvite();
  const error = invite.error ? withEmailField(asApiError(invite.error)) : null;
  const fields = error?.fields ?? {};
  const submit = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // When the confirmation closes, focus goes back to the button that opened it.
  useEffect(() => {
    if (wasConfirming.current && !confirming) submit.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentTo("");
    invite.reset();
    setConfirming(true);
  }

  function send() {
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (inv) => {
          setSentTo(inv.email);
          setEmail("");
        },
        // A refusal is shown on the form, beside the field to change.
        onSettled: () => setConfirming(false),
      },
    );
  }

  return (
    <form className="panel form invite-form" onSubmit={onSubmit} noValidate aria-labelledby="invite-heading">
      <h3 id="invite-heading">Invite someone</h3>
      <p className="muted">
        They get an email with a link that works once, for seven days. When they accept, the practice has one more
        seat; Steady shows what it costs before the invitation is sent.
      </p>
      {sentTo && (
        <p role="status" className="notice">
          Invitation sent to {sentTo}.
        </p>
      )}
      <ErrorSummary error={error} labels={LABELS} />
      <EmailField
        name="email"
        label={LABELS.email}
        autoComplete="off"
        value={email}
        onValue={setEmail}
        error={fields.email}
      />
      <SelectField
        name="role"
        label={LABELS.role}
        hint="Clinicians see the clients assigned to them. Admins can also manage the team, settings and every client."
        value={role}
        onChange={(e) => setRole(e.target.value as AssignableRole)}
        error={fields.role}
      >
        <option value="clinician">Clinician</option>
        <option value="admin">Admin</option>
      </SelectField>
      {confirming ? (
        <SeatConfirm
          question={`Invite ${email.trim() || "this person"} as ${role === "admin" ? "an admin" : "a clinician"}?`}
          lead="Their seat is added when they accept."
          confirmLabel="Send invitation"
          busyLabel="Sending…"
          busy={invite.isPending}
          error={null}
          onConfirm={send}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button ref={submit} type="submit" className="button-primary">
          Send invitation
        </button>
      )}
    </form>
  );
}

/** Someone already in the practice names no field, but it is the email that needs changing. */
function withEmailField(error: ApiError): ApiError {
  if (error.code !== "already_member" || error.fields.email) return error;
  return new ApiError(error.status, error.code, error.message, { ...error.fields, email: error.message });
}

/** The buttons on each pending invitation, in order; they differ only in these. */
const INVITATION_ACTIONS: { kind: InvitationAction["kind"]; label: string; className: string }[] = [
  { kind: "resend", label: "Resend", className: "button-secondary" },
  { kind: "revoke", label: "Revoke", className: "button-danger-outline" },
];

function PendingInvitations() {
  const invitations = useInvitations(true);
  const action = useInvitationAction();
  const [notice, setNotice] = useState("");

  function run(change: InvitationAction) {
    setNotice("");
    action.reset();
    action.mutate(change, {
      onSuccess: () =>
        setNotice(
          change.kind === "resend"
            ? `A new link was sent to ${change.invitation.email}. The previous link no longer works.`
            : `The invitation to ${change.invitation.email} was withdrawn. Its link no longer works.`,
        ),
    });
  }

  return (
    <div className="pending-invitations">
      <h3>Waiting to be accepted</h3>
      <Notice text={notice} />
      <ErrorSummary error={action.error ? asApiError(action.error) : null} />
      <QueryState query={invitations} what="invitations" />
      {invitations.data?.length === 0 && <p className="muted">No invitations are waiting.</p>}
      {invitations.data && invitations.data.length > 0 && (
        <DataTable className="invitations-table" columns={["Email", "Role", "Link"]} actions>
          {invitations.data.map((inv) => (
            <tr key={inv.id}>
              <th scope="row">{inv.email}</th>
              <td>{ROLE_LABELS[inv.role]}</td>
              <td>{linkState(inv)}</td>
              <td>
                <div className="row-actions">
                  {INVITATION_ACTIONS.map(({ kind, label, className }) => (
                    <button
                      key={kind}
                      type="button"
                      className={className}
                      disabled={action.isPending}
                      aria-label={`${label} the invitation to ${inv.email}`}
                      onClick={() => run({ kind, invitation: inv })}
                    >
                      {label}
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

function linkState(inv: Invitation): string {
  const sent = inv.sends > 1 ? `Sent ${inv.sends} times` : "Sent";
  const until = formatDate(inv.expires_at);
  return inv.expired ? `${sent}; expired on ${until}` : `${sent}; works until ${until}`;
}
