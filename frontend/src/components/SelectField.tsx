import type { ReactNode, SelectHTMLAttributes } from "react";
import { FieldShell } from "./FieldShell";

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
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} describedBy={describedBy} invalid={invalid}>
      {(control) => (
        <select {...control} name={name} {...select}>
          {children}
        </select>
      )}
    </FieldShell>
  );
}
