import type { InputHTMLAttributes } from "react";
import { fieldIds } from "./FieldShell";

type CheckboxFieldProps = {
  /** The JSON field name; also the checkbox's id and name. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type">;

/** A checkbox with its label beside it, an optional hint and an error tied to it. */
export function CheckboxField({ name, label, hint, error, ...input }: CheckboxFieldProps) {
  const { hintId, errorId, control } = fieldIds({ id: name, hint, error });
  return (
    <div className={error ? "field check field-invalid" : "field check"}>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      <div className="check-row">
        <input type="checkbox" {...control} name={name} {...input} />
        <label htmlFor={name}>{label}</label>
      </div>
      {hint && (
        <p className="field-hint check-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
