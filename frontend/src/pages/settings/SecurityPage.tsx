import { useState, type FormEvent } from "react";
import { asApiError } from "../../api/client";
import { mustEnrol, useChangePassword } from "../../api/security";
import { CurrentPasswordField, NewPasswordField } from "../../components/AccountFields";
import { ErrorSummary } from "../../components/ErrorSummary";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { useCurrentUser } from "../AppShell";
import { SecuritySessions } from "./SecuritySessions";
import { SecurityTwoFactor } from "./SecurityTwoFactor";

/**
 * /app/security: two-factor sign-in, where you are signed in, and your password. A member
 * whose practice requires two-factor sign-in is sent here first, and sees only the set-up
 * until it is done (the API refuses everything else until then).
 */
export function SecurityPage() {
  useDocumentTitle("Security");
  const me = useCurrentUser();
  const enrolling = mustEnrol(me);
  return (
    <>
      <h1>Security</h1>
      {enrolling ? (
        <div className="warning enrol-required" id="enrol-required">
          <p>
            <strong>{me.practice.name} requires two-factor sign-in.</strong> Please set it up below before you
            continue. You will need an authenticator app on your phone; it takes a couple of minutes.
          </p>
        </div>
      ) : (
        <p className="lead">Keep your account safe: how you sign in, and where you are signed in now.</p>
      )}
      <div className="stack">
        <SecurityTwoFactor me={me} />
        {!enrolling && <SecuritySessions />}
        {!enrolling && <ChangePassword />}
      </div>
    </>
  );
}

const PASSWORD_LABELS = { current_password: "Current password", new_password: "New password" };

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useChangePassword();
  const error = change.error ? asApiError(change.error) : null;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change.reset();
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">Change your password</h2>
      {change.isSuccess && (
        <p role="status" className="notice">
          Your password has been changed. You are still signed in here; every other session of yours has been ended.
        </p>
      )}
      <ErrorSummary error={error} labels={PASSWORD_LABELS} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <CurrentPasswordField
          name="current_password"
          label={PASSWORD_LABELS.current_password}
          value={current}
          onValue={setCurrent}
          error={fields.current_password}
        />
        <NewPasswordField
          name="new_password"
          label={PASSWORD_LABELS.new_password}
          hint="At least 12 characters. Changing it signs you out everywhere else."
          value={next}
          onValue={setNext}
          error={fields.new_password}
        />
        <button type="submit" className="button-primary" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
