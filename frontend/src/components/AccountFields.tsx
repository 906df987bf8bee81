import type { ComponentProps } from "react";
import { Field } from "./Field";

// The account fields that the log-in, invitation, password-reset, team and security pages all ask
// for: an email, a password (the current one or a new one) and a sign-in code. Password managers
// and authenticator apps fill them by their type and autocomplete, so each kind is written once
// here rather than again on every page, where the attributes could drift apart.

type AccountFieldProps = ComponentProps<typeof Field> & {
  /** The typed text, for a caller that keeps it in a string state (instead of onChange). */
  onValue?: (value: string) => void;
};

/** The input props of a field with the given defaults; the caller's props win. */
function withDefaults({ onValue, ...props }: AccountFieldProps, defaults: Partial<AccountFieldProps>) {
  const onChange = onValue ? (e: { target: { value: string } }) => onValue(e.target.value) : props.onChange;
  return { required: true, ...defaults, ...props, onChange };
}

/** An email address to sign in with (autocomplete "username" unless told otherwise). */
export function EmailField(props: AccountFieldProps) {
  return <Field {...withDefaults(props, { type: "email", autoComplete: "username" })} />;
}

/** The password of an existing account. */
export function CurrentPasswordField(props: AccountFieldProps) {
  return <Field {...withDefaults(props, { type: "password", autoComplete: "current-password" })} />;
}

export const NEW_PASSWORD_HINT =
  "At least 12 characters. A few unrelated words make a strong, memorable password; " +
  "common passwords, and ones built on your name or email address, are refused.";

/** A new password: at least 12 characters, as the API requires. */
export function NewPasswordField(props: AccountFieldProps) {
  return (
    <Field
      {...withDefaults(props, { type: "password", autoComplete: "new-password", minLength: 12, hint: NEW_PASSWORD_HINT })}
    />
  );
}

/** A code from an authenticator app, or a recovery code: letters too, so no capitals or spelling fixes. */
export function SignInCodeField(props: AccountFieldProps) {
  return <Field {...withDefaults(props, { autoComplete: "one-time-code", autoCapitalize: "off", spellCheck: false })} />;
}
