import type { ReactNode, SelectHTMLAttributes } from "react";

type SelectFieldProps = {
  /** The JSON field name; also the select's id and name (unless id is given). */
  name: string;
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  /** Extra ids that describe the select, e.g. a group's error message. */
  describedBy?: string;
  /** Marks the select invalid when the error is shown elsewhere (e.g. on its fieldset). */
  invalid?: boolean;
  children: ReactNode;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name">;

/** A labelled select with an optional hint and an error tied to it for screen readers. */
export function SelectField({ name, id = name, label, hint, error, describedBy, invalid, children, ...select }: SelectFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const described = [hintId, errorId, describedBy].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      <select id={id} name={name} aria-invalid={error || invalid ? true : undefined} aria-describedby={described} {...select}>
        {children}
      </select>
    </div>
  );
}
