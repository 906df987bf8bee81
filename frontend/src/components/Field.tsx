import type { InputHTMLAttributes } from "react";
import { FieldShell } from "./FieldShell";

type FieldProps = {
  /** The JSON field name; also the input's id and name. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name">;

/** A labelled input with an optional hint and an error tied to it for screen readers. */
export function Field({ name, label, hint, error, ...input }: FieldProps) {
  return (
    <FieldShell id={name} label={label} hint={hint} error={error}>
      {(control) => <input {...control} name={name} {...input} />}
    </FieldShell>
  );
}
