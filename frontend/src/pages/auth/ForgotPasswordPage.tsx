import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { asApiError } from "../../api/client";
import { useRequestPasswordReset } from "../../api/security";
import { AuthLayout } from "../../components/AuthLayout";
import { ErrorSummary } from "../../components/ErrorSummary";
import { EmailField } from "../../components/AccountFields";
import { useDocumentTitle } from "../../components/useDocumentTitle";

const LABELS = { email: "Email" };

/**
 * Asks for a password reset link. The answer is the same whether or not the address has an
 * account, so this page says the same thing either way.
 */
export function ForgotPasswordPage() {
  useDocumentTitle("Reset your password");
  const [email, setEmail] = useState("");
  const request = useRequestPasswordReset();
  const error = request.error ? asApiError(request.error) : null;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.reset();
    request.mutate(email.trim());
  }

  if (request.isSuccess) {
    return (
      <AuthLayout title="Check your email">
        <p role="status">
          If <strong>{request.variables}</strong> belongs to a Steady account, we have sent it a link to choose a new
          password. The link works once, for one hour.
        </p>
        <p>If nothing arrives in a few minutes, check your spam folder, or ask again.</p>
        <p className="aside">
          <Link to="/login">Back to log in</Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Reset your password">
      <p className="lead">Enter the email you log in with. We will send you a link to choose a new password.</p>
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={onSubmit} noValidate>
        <EmailField name="email" label={LABELS.email} value={email} onValue={setEmail} error={fields.email} />
        <button type="submit" className="button-primary" disabled={request.isPending}>
          {request.isPending ? "Sending…" : "Send reset link"}
        </button>
      </form>
      <p className="aside">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
