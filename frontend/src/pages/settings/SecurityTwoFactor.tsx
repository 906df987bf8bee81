import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { asApiError, type Me } from "../../api/client";
import {
  useTwoFactorDisable,
  useTwoFactorEnable,
  useTwoFactorSetup,
  type TwoFactorSetup,
} from "../../api/security";
import { CurrentPasswordField, SignInCodeField } from "../../components/AccountFields";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";

/**
 * Two-factor sign-in: set-up (QR code or key, then a code to confirm), the recovery codes
 * shown once, and turning it off with the password and a code.
 */
export function SecurityTwoFactor({ me }: { me: Me }) {
  const setup = useTwoFactorSetup();
  // Kept here, not in the cache: they are shown once, and /me changes as soon as they exist.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [turnedOff, setTurnedOff] = useState(false);

  let body;
  if (recoveryCodes) {
    body = (
      <RecoveryCodes
        codes={recoveryCodes}
        practiceRequires={me.two_factor_required}
        onDone={() => setRecoveryCodes(null)}
      />
    );
  } else if (me.two_factor_enabled) {
    body = <TwoFactorOn required={me.two_factor_required} onDisabled={() => setTurnedOff(true)} />;
  } else if (setup.data) {
    body = (
      <ConfirmSetup
        setup={setup.data}
        onEnabled={(codes) => {
          setTurnedOff(false);
          setRecoveryCodes(codes);
          setup.reset();
        }}
        onCancel={() => setup.reset()}
      />
    );
  } else {
    const error = setup.error ? asApiError(setup.error) : null;
    body = (
      <>
        {turnedOff && (
          <p role="status" className="notice">
            Two-factor sign-in is now off, and your recovery codes no longer work.
          </p>
        )}
        <p>
          Two-factor sign-in is <strong>off</strong>. With it on, logging in takes your password and a 6-digit code from
          an authenticator app on your phone (such as 1Password, Google Authenticator or Microsoft Authenticator), so a
          stolen password alone is not enough.
        </p>
        <ErrorSummary error={error} />
        <button type="button" className="button-primary" onClick={() => setup.mutate()} disabled={setup.isPending}>
          {setup.isPending ? "Starting…" : "Set up two-factor sign-in"}
        </button>
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor sign-in</h2>
      {body}
    </section>
  );
}

/** "JBSWY3DPEHPK3PXP" as "JBSW Y3DP EHPK 3PXP", easier to copy by eye. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

const CODE_LABELS = { code: "Code from your app" };

function ConfirmSetup({
  setup,
  onEnabled,
  onCancel,
}: {
  setup: TwoFactorSetup;
  onEnabled: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const [code, setCode] = useState("");
  const enable = useTwoFactorEnable();
  const error = enable.error ? asApiError(enable.error) : null;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    enable.reset();
    enable.mutate(code.replace(/\s+/g, ""), { onSuccess: onEnabled });
  }

  return (
    <div className="two-factor-setup">
      <h3 ref={heading} tabIndex={-1}>
        Add Steady to your authenticator app
      </h3>
      <ol className="setup-steps">
        <li>
          <p>Open your authenticator app and scan this QR code.</p>
          <img
            className="qr-code"
            src={setup.qr_png_data_url}
            alt="QR code that adds your Steady account to an authenticator app"
            width={200}
            height={200}
          />
          <p>If you cannot scan it, choose to enter a key by hand and type this key (spaces do not matter):</p>
          <p className="secret-key">
            <span className="secret-key-label">Key: </span>
            <code id="two-factor-secret">
              {groupSecret(setup.secret)}
            </code>
          </p>
        </li>
        <li>
          <p>Enter the 6-digit code the app now shows for Steady.</p>
          <ErrorSummary error={error} labels={CODE_LABELS} />
          <form className="form" onSubmit={onSubmit} noValidate>
            <Field
              name="code"
              label={CODE_LABELS.code}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={error?.fields.code}
            />
            <FormActions
              label="Turn on two-factor sign-in"
              pendingLabel="Checking…"
              pending={enable.isPending}
              onCancel={onCancel}
            />
          </form>
        </li>
      </ol>
    </div>
  );
}

type RecoveryCodesProps = { codes: string[]; practiceRequires: boolean; onDone: () => void };

function RecoveryCodes({ codes, practiceRequires, onDone }: RecoveryCodesProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="recovery-codes">
      <p role="status" className="notice">
        Two-factor sign-in is on. From now on, logging in asks for a code from your app.
      </p>
      <h3 ref={heading} tabIndex={-1}>
        Save your recovery codes now
      </h3>
      <p>
        If you lose your phone, each of these codes lets you log in once instead of a code from the app.{" "}
        <strong>This is the only time they are shown.</strong> Print them, or keep them in a password manager, somewhere
        only you can reach.
      </p>
      <ol className="recovery-code-list" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <button type="button" className="button-primary" onClick={onDone}>
          I have saved my recovery codes
        </button>
        {practiceRequires && <Link to="/app">Continue to Steady</Link>}
      </div>
    </div>
  );
}

const DISABLE_LABELS = { password: "Your password", code: "Code from your app, or a recovery code" };

function TwoFactorOn({ required, onDisabled }: { required: boolean; onDisabled: () => void }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const disable = useTwoFactorDisable();
  const error = disable.error ? asApiError(disable.error) : null;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    disable.reset();
    disable.mutate({ password, code: code.trim() }, { onSuccess: onDisabled });
  }

  return (
    <>
      <p>
        Two-factor sign-in is <strong>on</strong>. Logging in asks for your password and a code from your authenticator
        app.
      </p>
      {required ? (
        <p className="muted">Your practice requires two-factor sign-in, so it stays on.</p>
      ) : (
        <form className="form two-factor-off" onSubmit={onSubmit} noValidate aria-labelledby="two-factor-off-heading">
          <h3 id="two-factor-off-heading">Turn two-factor sign-in off</h3>
          <p className="muted">Your account is easier to break into without it. To turn it off, confirm it is you.</p>
          <ErrorSummary error={error} labels={DISABLE_LABELS} />
          <CurrentPasswordField
            name="password"
            label={DISABLE_LABELS.password}
            value={password}
            onValue={setPassword}
            error={fields.password}
          />
          <SignInCodeField name="code" label={DISABLE_LABELS.code} value={code} onValue={setCode} error={fields.code} />
          <button type="submit" className="button-danger" disabled={disable.isPending}>
            {disable.isPending ? "Turning off…" : "Turn off two-factor sign-in"}
          </button>
        </form>
      )}
    </>
  );
}
