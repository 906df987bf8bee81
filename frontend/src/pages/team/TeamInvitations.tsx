import { useState, type FormEvent } from "react";
import { ApiError, asApiError } from "../../api/client";
import {
  useInvitationAction,
  useInvitations,
  useInvite,
  type AssignableRole,
  type Invitation,
  type InvitationAction,
} from "../../api/team";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { formatDate } from "../../components/format";
import { LoadError, Loading } from "../../components/LoadState";
import { SelectField } from "../../components/SelectField";
import { ROLE_LABELS } from "../AppShell";

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
  const invite = useInvite();
  const error = invite.error ? withEmailField(asApiError(invite.error)) : null;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentTo("");
    invite.reset();
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (inv) => {
          setSentTo(inv.email);
          setEmail("");
        },
      },
    );
  }

  return (
    <form className="panel form invite-form" onSubmit={onSubmit} noValidate aria-labelledby="invite-heading">
      <h3 id="invite-heading">Invite someone</h3>
      <p className="muted">They get an email with a link that works once, for seven days.</p>
      {sentTo && (
        <p role="status" className="notice">
          Invitation sent to {sentTo}.
        </p>
      )}
      <ErrorSummary error={error} labels={LABELS} />
      <Field
        name="email"
        label={LABELS.email}
        type="email"
        autoComplete="off"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
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
      <button type="submit" className="button-primary" disabled={invite.isPending}>
        {invite.isPending ? "Sending…" : "Send invitation"}
      </button>
    </form>
  );
}

/** Someone already in the practice names no field, but it is the email that needs changing. */
function withEmailField(error: ApiError): ApiError {
  if (error.code !== "already_member" || error.fields.email) return error;
  return new ApiError(error.status, error.code, error.message, { ...error.fields, email: error.message });
}

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
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {action.error && (
        <div className="error-summary" role="alert">
          <p className="error-summary-message">{asApiError(action.error).message}</p>
        </div>
      )}
      {invitations.isPending && <Loading what="invitations" />}
      {invitations.isError && (
        <LoadError error={asApiError(invitations.error)} onRetry={() => void invitations.refetch()} />
      )}
      {invitations.data?.length === 0 && <p className="muted">No invitations are waiting.</p>}
      {invitations.data && invitations.data.length > 0 && (
        <div className="table-wrap">
          <table className="table invitations-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Link</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.map((inv) => (
                <tr key={inv.id}>
                  <th scope="row">{inv.email}</th>
                  <td>{ROLE_LABELS[inv.role]}</td>
                  <td>{linkState(inv)}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button-secondary"
                        disabled={action.isPending}
                        aria-label={`Resend the invitation to ${inv.email}`}
                        onClick={() => run({ kind: "resend", invitation: inv })}
                      >
                        Resend
                      </button>
                      <button
                        type="button"
                        className="button-danger-outline"
                        disabled={action.isPending}
                        aria-label={`Revoke the invitation to ${inv.email}`}
                        onClick={() => run({ kind: "revoke", invitation: inv })}
                      >
                        Revoke
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function linkState(inv: Invitation): string {
  const sent = inv.sends > 1 ? `Sent ${inv.sends} times` : "Sent";
  const until = formatDate(inv.expires_at);
  return inv.expired ? `${sent}; expired on ${until}` : `${sent}; works until ${until}`;
}
