import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { login, loginWithCode, useEnterDashboard } from "../../api/auth";
import type { ApiError } from "../../api/client";
import { AuthLayout } from "../../components/AuthLayout";
import { ErrorSummary } from "../../components/ErrorSummary";
import { CurrentPasswordField, EmailField, SignInCodeField } from "../../components/AccountFields";
import { useDocumentTitle } from "../../components/useDocumentTitle";

const LABELS = { email: "Email", password: "Password" };
const CODE_LABELS = { code: "Code" };

/** What another page may hand the login page: a sentence to show, and the email to fill in. */
export type LoginState = { notice?: string; email?: string };

/**
 * Log-in in one or two steps: email and password, then (for an account with two-factor
 * sign-in) a code from the authenticator app or a recovery code.
 */
export function LoginPage() {
  const state = (useLocation().state as LoginState | null) ?? {};
  const [step, setStep] = useState<"password" | "code">("password");
  // Why the code step ended without a log-in (it timed out), shown on the password step.
  const [restartError, setRestartError] = useState<ApiError | null>(null);
  // Kept across the steps, so starting again does not mean typing it again.
  const [email, setEmail] = useState(state.email ?? "");

  const restart = useCallback((error: ApiError | null) => {
    setRestartError(error);
    setStep("password");
  }, []);

  if (step === "code") return <CodeStep onRestart={restart} />;
  return (
    <PasswordStep
      notice={state.notice}
      initialEmail={email}
      restartError={restartError}
      onChallenge={(typed) => {
        setEmail(typed);
        setRestartError(null);
        setStep("code");
      }}
    />
  );
}

type PasswordStepProps = {
  notice?: string;
  initialEmail: string;
  restartError: ApiError | null;
  onChallenge: (email: string) => void;
};

function PasswordStep({ notice, initialEmail, restartError, onChallenge }: PasswordStepProps) {
  useDocumentTitle("Log in");
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
  const { send, error: sendError, pending } = useEnterDashboard(login, () => onChallenge(email));
  const error = sendError ?? restartError;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send({ email, password });
  }

  return (
    <AuthLayout title="Log in to Steady">
      {notice && !error && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={onSubmit} noValidate>
        <EmailField name="email" label={LABELS.email} value={email} onValue={setEmail} error={fields.email} />
        <CurrentPasswordField
          name="password"
          label={LABELS.password}
          value={password}
          onValue={setPassword}
          error={fields.password}
        />
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p className="aside">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p className="aside">
        New to Steady? <Link to="/signup">Create a practice account</Link>
      </p>
    </AuthLayout>
  );
}

function CodeStep({ onRestart }: { onRestart: (error: ApiError | null) => void }) {
  useDocumentTitle("Enter your sign-in code");
  const [code, setCode] = useState("");
  const { send, error, pending } = useEnterDashboard(loginWithCode);
  const fields = error?.fields ?? {};

  // The pending log-in lasts five minutes; after that only the password step can start another.
  useEffect(() => {
    if (error?.code === "login_expired") onRestart(error);
  }, [error, onRestart]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(code.trim());
  }

  return (
    <AuthLayout title="Enter your sign-in code">
      <p className="lead">Your password was right. Your account also uses two-factor sign-in.</p>
      <ErrorSummary error={error} labels={CODE_LABELS} />
      <form onSubmit={onSubmit} noValidate>
        <SignInCodeField
          name="code"
          label={CODE_LABELS.code}
          hint="The 6-digit code from your authenticator app. If you cannot use the app, enter one of your recovery codes instead."
          // The page changed under the person: put them where they type next.
          autoFocus
          value={code}
          onValue={setCode}
          error={fields.code}
        />
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? "Checking…" : "Log in"}
        </button>
      </form>
      <p className="aside">
        <button type="button" className="link-button" onClick={() => onRestart(null)}>
          Start again with your email and password
        </button>
      </p>
    </AuthLayout>
  );
}
