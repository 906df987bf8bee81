import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { login, useEnterDashboard } from "../api/auth";
import { AuthLayout } from "../components/AuthLayout";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { useDocumentTitle } from "../components/useDocumentTitle";

const LABELS = { email: "Email", password: "Password" };

export function LoginPage() {
  useDocumentTitle("Log in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { send, error, pending } = useEnterDashboard(login);
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send({ email, password });
  }

  return (
    <AuthLayout title="Log in to Steady">
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={onSubmit} noValidate>
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
        />
        <Field
          name="password"
          label={LABELS.password}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
        />
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p className="aside">
        New to Steady? <Link to="/signup">Create a practice account</Link>
      </p>
    </AuthLayout>
  );
}
