import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { signup, type SignupRequest } from "../../api/auth";
import { asApiError } from "../../api/client";
import { AuthLayout } from "../../components/AuthLayout";
import { NewPasswordField } from "../../components/AccountFields";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { TimeZoneField } from "../../components/TimeZoneField";
import { browserTimeZone, timeZoneLabel, utcOffset } from "../../components/timeZones";
import { useDocumentTitle } from "../../components/useDocumentTitle";

type SignupForm = Required<SignupRequest>;

const LABELS: Record<keyof SignupForm, string> = {
  practice_name: "Practice name",
  name: "Your name",
  email: "Email",
  password: "Password",
  time_zone: "Practice time zone",
};

/**
 * Sign-up: the practice, its owner and a password. Nothing is made until the owner opens the
 * link emailed to the address (ConfirmSignupPage); the answer, and this page, are the same
 * whether or not the address already has an account.
 */
export function SignupPage() {
  // The practice's zone starts as this device's: most people sign up where they work.
  const [form, setForm] = useState<SignupForm>(() => ({
    practice_name: "",
    name: "",
    email: "",
    password: "",
    time_zone: browserTimeZone(),
  }));
  const [changingZone, setChangingZone] = useState(false);
  const start = useMutation({ mutationFn: signup });
  const error = start.error ? asApiError(start.error) : null;
  const fields = error?.fields ?? {};
  const pending = start.isPending;
  useDocumentTitle(start.isSuccess ? "Check your email" : "Create your practice");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    start.reset();
    start.mutate({ ...form, email: form.email.trim() });
  }

  if (start.isSuccess) return <CheckYourEmail email={start.variables.email} />;

  function bind(name: Exclude<keyof SignupForm, "time_zone">) {
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
        <NewPasswordField {...bind("password")} />
        {changingZone || fields.time_zone ? (
          <TimeZoneField
            name="time_zone"
            label={LABELS.time_zone}
            hint="The practice's own clock. Each client's reminders follow their own time zone."
            value={form.time_zone}
            error={fields.time_zone}
            onChange={(zone) => setForm((f) => ({ ...f, time_zone: zone }))}
            autoFocus={changingZone}
          />
        ) : (
          <div className="field zone-detected">
            <p className="field-label">{LABELS.time_zone}</p>
            <p>
              {timeZoneLabel(form.time_zone)} ({utcOffset(form.time_zone) || "offset unknown"}), taken from this device.{" "}
              <button type="button" className="link-button" onClick={() => setChangingZone(true)}>
                Change <span className="visually-hidden">the practice time zone</span>
              </button>
            </p>
          </div>
        )}
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? "Sending…" : "Create practice"}
        </button>
      </form>
      <p className="aside">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}

/** After sign-up: the link that finishes it is in the person's inbox. */
function CheckYourEmail({ email }: { email: string }) {
  return (
    <AuthLayout title="Check your email">
      <p role="status">
        We have sent a message to <strong>{email}</strong>. Open the link in it to finish setting up your practice. The
        link works once, for 24 hours.
      </p>
      <p>If nothing arrives in a few minutes, check your spam folder, or sign up again.</p>
      <p className="aside">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
