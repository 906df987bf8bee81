import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, asApiError } from "../../api/client";
import { useAcceptInvitation, useInvitationPreview, type InvitationPreview } from "../../api/invitations";
import { AuthLayout } from "../../components/AuthLayout";
import { ErrorSummary } from "../../components/ErrorSummary";
import { CurrentPasswordField, NewPasswordField } from "../../components/AccountFields";
import { Field } from "../../components/Field";
import { LoadError } from "../../components/LoadState";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { ROLE_LABELS } from "../AppShell";
import type { LoginState } from "./LoginPage";

const NEW_LABELS = { name: "Your name", password: "Choose a password" };
const EXISTING_LABELS = { password: "Your Steady password" };

/**
 * Where an invitation email leads (/accept-invitation?token=…). Opening it only looks the
 * invitation up; joining takes a name and a new password, or the existing account's password.
 */
export function AcceptInvitationPage() {
  const token = useSearchParams()[0].get("token") ?? "";
  const preview = useInvitationPreview(token);
  const previewError = preview.error ? asApiError(preview.error) : null;

  if (!token || previewError?.status === 410) return <InvitationInvalid />;
  if (previewError) {
    return (
      <Titled title="Join a practice">
        <LoadError error={previewError} onRetry={() => void preview.refetch()} />
      </Titled>
    );
  }
  if (!preview.data) {
    return (
      <Titled title="Join a practice">
        <p role="status">Loading the invitation…</p>
      </Titled>
    );
  }
  return <AcceptForm token={token} invitation={preview.data} />;
}

function Titled({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(title);
  return <AuthLayout title={title}>{children}</AuthLayout>;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const existing = invitation.existing_account;
  const labels = existing ? EXISTING_LABELS : NEW_LABELS;
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useAcceptInvitation();
  const error = accept.error ? fieldsFor(asApiError(accept.error)) : null;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    accept.reset();
    const body = existing ? { token, password } : { token, name: name.trim(), password };
    accept.mutate(body, {
      onSuccess: (joined) => {
        if (!joined.loginRequired) {
          navigate("/app", { replace: true });
          return;
        }
        const state: LoginState = {
          notice: `You have joined ${invitation.practice_name}. Log in as usual to start working there.`,
          email: invitation.email,
        };
        navigate("/login", { replace: true, state });
      },
    });
  }

  // Used, revoked or replaced while the page was open.
  if (error?.status === 410) return <InvitationInvalid />;

  return (
    <Titled title={`Join ${invitation.practice_name}`}>
      <p className="lead">
        You have been invited to join {invitation.practice_name} on Steady as {article(invitation.role)}.
      </p>
      <dl className="details invitation-details">
        <dt>Practice</dt>
        <dd>{invitation.practice_name}</dd>
        <dt>Email</dt>
        <dd>{invitation.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[invitation.role]}</dd>
      </dl>
      <ErrorSummary error={error} labels={labels} />
      <form onSubmit={onSubmit} noValidate>
        {existing ? (
          <>
            <p>
              You already have a Steady account with this email. Enter its password to join; then log in as usual.
            </p>
            <CurrentPasswordField
              name="password"
              label={EXISTING_LABELS.password}
              value={password}
              onValue={setPassword}
              error={fields.password}
            />
          </>
        ) : (
          <>
            <Field
              name="name"
              label={NEW_LABELS.name}
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={fields.name}
            />
            <NewPasswordField
              name="password"
              label={NEW_LABELS.password}
              value={password}
              onValue={setPassword}
              error={fields.password}
            />
          </>
        )}
        <button type="submit" className="button-primary" disabled={accept.isPending}>
          {accept.isPending ? "Joining…" : `Join ${invitation.practice_name}`}
        </button>
      </form>
    </Titled>
  );
}

/** A wrong password for an existing account names no field; it belongs next to the password. */
function fieldsFor(error: ApiError): ApiError {
  if (error.code !== "invalid_credentials" || Object.keys(error.fields).length > 0) return error;
  const fields = { password: "That is not the password of this account." };
  return new ApiError(error.status, error.code, error.message, fields);
}

function InvitationInvalid() {
  return (
    <Titled title="This invitation link is no longer valid">
      <p>
        It may have been used already, replaced by a newer invitation, withdrawn, or it may have expired (links work
        for seven days).
      </p>
      <p>Please ask the practice that invited you to send a new invitation.</p>
      <p className="aside">
        Already joined? <Link to="/login">Log in</Link>
      </p>
    </Titled>
  );
}

function article(role: InvitationPreview["role"]): string {
  return role === "admin" ? "an admin" : "a clinician";
}
