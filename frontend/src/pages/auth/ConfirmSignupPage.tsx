import type { FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { confirmSignup, useEnterDashboard } from "../../api/auth";
import { AuthLayout } from "../../components/AuthLayout";
import { ErrorSummary } from "../../components/ErrorSummary";
import { useDocumentTitle } from "../../components/useDocumentTitle";

/**
 * Finishes a sign-up from its emailed link (/signup/confirm?token=…). Opening the link changes
 * nothing: mail scanners open links too. The practice is made, and its owner signed in, only
 * when the person presses the button, which posts the token.
 */
export function ConfirmSignupPage() {
  const token = useSearchParams()[0].get("token") ?? "";
  const { send, error, pending } = useEnterDashboard(confirmSignup);
  // An unknown, used or expired link names the field `token`: nothing on this page can fix that.
  const linkProblem = error?.fields.token;
  useDocumentTitle(!token || linkProblem ? "This sign-up link cannot be used" : "Finish setting up your practice");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(token);
  }

  if (!token || linkProblem) return <SignupLinkInvalid message={linkProblem} />;

  return (
    <AuthLayout title="Finish setting up your practice">
      <p className="lead">Your email address is confirmed by this link. One step left: open your practice.</p>
      <ErrorSummary error={error} />
      <form onSubmit={onSubmit} noValidate>
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? "Setting up your practice…" : "Open my practice"}
        </button>
      </form>
    </AuthLayout>
  );
}

function SignupLinkInvalid({ message }: { message?: string }) {
  return (
    <AuthLayout title="This sign-up link cannot be used">
      <div className="error-summary" role="alert">
        <p className="error-summary-message">
          {message ?? "This link is missing its token. Open the link from the email again."}
        </p>
      </div>
      <p>Sign-up links work once, for 24 hours. If your practice is already set up, log in.</p>
      <p>
        <Link to="/login">Log in</Link>
      </p>
      <p className="aside">
        <Link to="/signup">Sign up again</Link>
      </p>
    </AuthLayout>
  );
}
