import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { signup, useEnterDashboard, type SignupRequest } from "../../api/auth";
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

export function SignupPage() {
  useDocumentTitle("Create your practice");
  // The practice's zone starts as this device's: most people sign up where they work.
  const [form, setForm] = useState<SignupForm>(() => ({
    practice_name: "",
    name: "",
    email: "",
    password: "",
    time_zone: browserTimeZone(),
  }));
  const [changingZone, setChangingZone] = useState(false);
  const { send, error, pending } = useEnterDashboard(signup);
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(form);
  }

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
          {pending ? "Creating your practice…" : "Create practice"}
        </button>
      </form>
      <p className="aside">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  );
}
