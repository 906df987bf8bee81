import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { meQueryKey, signup, type SignupRequest } from "../api/auth";
import { ApiError, networkError } from "../api/client";
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
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SignupRequest>(EMPTY);
  const mutation = useMutation({
    mutationFn: signup,
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      navigate("/app", { replace: true });
    },
  });
  const error = mutation.error ? (mutation.error instanceof ApiError ? mutation.error : networkError()) : null;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.reset();
    mutation.mutate(form);
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
        <button type="submit" className="button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Creating your practice…" : "Create practice"}
        </button>
      </form>
      <p className="aside">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
