import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { signup, useEnterDashboard, type SignupRequest } from "../api/auth";
import { AuthLayout } from "../components/AuthLayout";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { useDocumentTitle } from "../components/useDocumentTitle";

const LABELS: Record<keyof SignupRequest, string> = {
  practice_name: "Practice name",
  name: "Your name",
  email: "Email",
  password: "Password",
};

const EMPTY: SignupRequest = { practice_name: "", name: "", email: "", password: "" };

export function SignupPage() {
  useDocumentTitle("Create your practice");
  const [form, setForm] = useState<SignupRequest>(EMPTY);
  const { send, error, pending } = useEnterDashboard(signup);
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(form);
  }

  function bind(name: keyof SignupRequest) {
    return {
      name,
      label: LABELS[name],
      value: form[name],
      error: fields[name],
      required: true,
      onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })),
    };
  }

  return (
    <AuthLayout title="Create your practice">
      <p className="lead">Set up Steady for your practice. You can invite your team later.</p>
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={onSubmit} noValidate>
        <Field {...bind("practice_name")} autoComplete="organization" />
        <Field {...bind("name")} autoComplete="name" />
        <Field {...bind("email")} type="email" autoComplete="email" />
        <Field
          {...bind("password")}
          type="password"
          autoComplete="new-password"
          minLength={12}
          hint="At least 12 characters. A few unrelated words make a strong, memorable password."
        />
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? "Creating your practice…" : "Create practice"}
        </button>
      </form>
      <p className="aside">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
