import type { ReactNode } from "react";

/** What a field's control takes from its wrapper: its id, and the hint and error that describe it. */
export type ControlProps = {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
};

type Described = {
  /** The control's id; its hint and error take `${id}-hint` and `${id}-error`. */
  id: string;
  hint?: string;
  error?: string;
  /** Extra ids that describe the control, e.g. a group's error message. */
  describedBy?: string;
  /** Marks the control invalid when its error is shown elsewhere (e.g. on its fieldset). */
  invalid?: boolean;
};

/** The ids of a field's hint and error, and the control's props that point at them for screen readers. */
export function fieldIds({ id, hint, error, describedBy, invalid }: Described) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control: ControlProps = {
    id,
    "aria-invalid": error || invalid ? true : undefined,
    "aria-describedby": [hintId, errorId, describedBy].filter(Boolean).join(" ") || undefined,
  };
  return { hintId, errorId, control };
}

/** A field's hint, then its error, each with the id its control points at. */
function Messages({ hint, hintId, error, errorId }: { hint?: string; hintId?: string; error?: string; errorId?: string }) {
  return (
    <>
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
    </>
  );
}

type FieldShellProps = Described & {
  label: string;
  /** Another class beside "field", e.g. "zone-field". */
  className?: string;
  /** The control (input, select, textarea), given its id, aria-invalid and aria-describedby. */
  children: (control: ControlProps) => ReactNode;
};

/** The label, hint and error around one control: what every labelled field shares. */
export function FieldShell({ label, className, children, ...described }: FieldShellProps) {
  const { hintId, errorId, control } = fieldIds(described);
  return (
    <div className={["field", described.error && "field-invalid", className].filter(Boolean).join(" ")}>
      <label htmlFor={described.id}>{label}</label>
      <Messages hint={described.hint} hintId={hintId} error={described.error} errorId={errorId} />
      {children(control)}
    </div>
  );
}

type FieldsetShellProps = {
  /** The JSON field name; the fieldset's id, so the error summary can link to it. */
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  children: ReactNode;
};

/** The legend, hint and error of a group of controls (checkboxes, radios), the fieldset described by both. */
export function FieldsetShell({ name, legend, hint, error, children }: FieldsetShellProps) {
  const { hintId, errorId, control } = fieldIds({ id: name, hint, error });
  return (
    <fieldset id={name} className={error ? "field group field-invalid" : "field group"} aria-describedby={control["aria-describedby"]}>
      <legend>{legend}</legend>
      <Messages hint={hint} hintId={hintId} error={error} errorId={errorId} />
      {children}
    </fieldset>
  );
}
