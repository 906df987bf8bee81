import type { TextareaHTMLAttributes } from "react";
import { FieldShell } from "./FieldShell";

type TextAreaFieldProps = {
  /** The JSON field name; also the textarea's id and name (unless id is given). */
  name: string;
  id?: string;
  label: string;
  hint?: string;
  error?: string;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name">;

/** A labelled textarea with an optional hint and an error tied to it for screen readers (like Field). */
export function TextAreaField({ name, id = name, label, hint, error, rows = 4, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      {(control) => <textarea {...control} name={name} rows={rows} {...textarea} />}
    </FieldShell>
  );
}
