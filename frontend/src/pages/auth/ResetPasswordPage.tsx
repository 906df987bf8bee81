import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { asApiError } from "../../api/client";
import { useConfirmPasswordReset } from "../../api/security";
import { AuthLayout } from "../../components/AuthLayout";
import { ErrorSummary } from "../../components/ErrorSummary";
import { NewPasswordField } from "../../components/AccountFields";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import type { LoginState } from "./LoginPage";

const LABELS = { new_password: "New password" };

/** Sets a new password from an emailed link (/reset-password?token=…), then sends the person to log in. */
export function ResetPasswordPage() {
  const token = useSearchParams()[0].get("token") ?? "";
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const confirm = useConfirmPasswordReset();
  const error = confirm.error ? asApiError(confirm.error) : null;
  const fields = error?.fields ?? {};
  // An unknown, used or expired link names the field `token`: nothing on this page can fix that.
  const linkInvalid = !token || Boolean(fields.token);
  useDocumentTitle(linkInvalid ? "This reset link cannot be used" : "Choose a new password");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    confirm.reset();
    confirm.mutate(
      { token, new_password: password },
      {
        onSuccess: () => {
          const state: LoginState = {
            notice: "Your new password is set, and you have been logged out everywhere. Log in with your new password.",
          };
          navigate("/login", { replace: true, state });
        },
      },
    );
  }

  if (linkInvalid) return <ResetLinkInvalid message={fields.token} />;

  return (
    <AuthLayout title="Choose a new password">
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={onSubmit} noValidate>
        <NewPasswordField
          name="new_password"
          label={LABELS.new_password}
          value={password}
          onValue={setPassword}
          error={fields.new_password}
        />
        <button type="submit" className="button-primary" disabled={confirm.isPending}>
          {confirm.isPending ? "Saving…" : "Set new password"}
        </button>
      </form>
      <p className="aside">
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthLayout>
  );
}

function ResetLinkInvalid({ message }: { message?: string }) {
  return (
    <AuthLayout title="This reset link cannot be used">
      <div className="error-summary" role="alert">
        <p className="error-summary-message">
          {message ?? "This link is missing its token. Open the link from the email again, or ask for a new one."}
        </p>
      </div>
      <p>Reset links work once, for one hour. You can ask for a new link at any time.</p>
      <p>
        <Link to="/forgot-password">Ask for a new reset link</Link>
      </p>
      <p className="aside">
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthLayout>
  );
}
