import type { InputHTMLAttributes } from "react";

type CheckboxFieldProps = {
  /** The JSON field name; also the checkbox's id and name. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type">;

/** A checkbox with its label beside it, an optional hint and an error tied to it. */
export function CheckboxField({ name, label, hint, error, ...input }: CheckboxFieldProps) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field check field-invalid" : "field check"}>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      <div className="check-row">
        <input
          type="checkbox"
          id={name}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
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
