// One control per exercise field type. Every control has a label; groups are fieldsets with a
// legend; help, errors and counts are tied to the control with aria-describedby.
import type { ReactNode } from "react";
import type { ExerciseField } from "./api";

export type FieldProps = {
  field: ExerciseField;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
  /** While sending: text stays readable (and copyable), nothing can be changed. */
  locked?: boolean;
};

/** The DOM id of a field's control (or group): safe whatever the field's id holds. */
export function fieldDomId(fieldId: string): string {
  return `field-${fieldId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Moves focus to a field's control (the first one of a group), e.g. from the error summary. */
export function focusField(fieldId: string): void {
  const el = document.getElementById(fieldDomId(fieldId));
  const target = el?.matches("input, textarea") ? el : el?.querySelector<HTMLElement>("input, textarea");
  target?.focus();
}

/** The value as the control can show it; anything else (an old draft, say) counts as unanswered. */
export function coerceValue(field: ExerciseField, value: unknown): unknown {
  const ids = new Set((field.options ?? []).map((o) => o.id));
  switch (field.type) {
    case "short_text":
    case "long_text":
      return typeof value === "string" ? value : undefined;
    case "scale":
      return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 10 ? value : undefined;
    case "yes_no":
    case "script":
      return typeof value === "boolean" ? value : undefined;
    case "single_choice":
      return typeof value === "string" && ids.has(value) ? value : undefined;
    case "checklist":
    case "multi_choice":
      return Array.isArray(value) ? value.filter((v) => typeof v === "string" && ids.has(v)) : undefined;
    default:
      return undefined;
  }
}

const KNOWN = new Set(["short_text", "long_text", "scale", "yes_no", "checklist", "single_choice", "multi_choice", "script"]);

/** Whether this page can show the field (a newer server may send a type it does not know). */
export function isKnownType(field: ExerciseField): boolean {
  return KNOWN.has(field.type);
}

/** Whether a required field still needs an answer. */
export function isUnanswered(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

function LabelText({ field }: { field: ExerciseField }) {
  return (
    <>
      {field.label}
      {field.required && (
        <>
          {" "}
          <span className="hw-required">(required)</span>
        </>
      )}
    </>
  );
}

function Help({ id, field }: { id: string; field: ExerciseField }) {
  return field.help ? (
    <p className="hw-hint" id={id}>
      {field.help}
    </p>
  ) : null;
}

/** A field's error, said as one for screen readers; every homework form shows its errors this way. */
export function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="hw-field-error" id={id}>
      <span className="hw-sr-only">Error: </span>
      {error}
    </p>
  ) : null;
}

/** The control for one exercise field. */
export function FieldInput(props: FieldProps) {
  switch (props.field.type) {
    case "short_text":
    case "long_text":
      return <TextField {...props} />;
    case "scale":
      return <ScaleField {...props} />;
    case "yes_no":
      return (
        <ChoiceGroup
          {...props}
          kind="radio"
          options={[
            { id: "yes", label: "Yes" },
            { id: "no", label: "No" },
          ]}
          selected={props.value === true ? ["yes"] : props.value === false ? ["no"] : []}
          onSelect={(ids) => props.onChange(ids[0] === "yes")}
        />
      );
    case "single_choice":
      return (
        <ChoiceGroup
          {...props}
          kind="radio"
          options={props.field.options ?? []}
          selected={typeof props.value === "string" ? [props.value] : []}
          onSelect={(ids) => props.onChange(ids[0])}
        />
      );
    case "checklist":
    case "multi_choice":
      return (
        <ChoiceGroup
          {...props}
          kind="checkbox"
          options={props.field.options ?? []}
          selected={Array.isArray(props.value) ? (props.value as string[]) : []}
          onSelect={(ids) => props.onChange(ids)}
        />
      );
    case "script":
      return <ScriptField {...props} />;
    default:
      return null; // a type this page does not know yet: the server will say if it was needed
  }
}

const COUNT_FROM = 0.8; // show the count from 80% of the limit

function TextField({ field, value, onChange, error, locked }: FieldProps) {
  const id = fieldDomId(field.id);
  const text = typeof value === "string" ? value : "";
  const max = field.max_length && field.max_length > 0 ? field.max_length : undefined;
  const showCount = field.type === "long_text" && max !== undefined && text.length >= max * COUNT_FROM;
  const left = max !== undefined ? max - text.length : 0;
  const control = {
    id,
    name: field.id,
    value: text,
    maxLength: max,
    readOnly: locked,
    "aria-required": field.required || undefined,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(field.help && `${id}-help`, error && `${id}-error`, showCount && `${id}-count`),
  } as const;
  return (
    <div className={error ? "hw-field hw-field-invalid" : "hw-field"}>
      <label className="hw-label" htmlFor={id}>
        <LabelText field={field} />
      </label>
      <Help id={`${id}-help`} field={field} />
      <ErrorText id={`${id}-error`} error={error} />
      {field.type === "long_text" ? (
        <textarea {...control} rows={6} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...control} type="text" autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      )}
      {showCount && (
        <p className={left <= 0 ? "hw-count hw-count-full" : "hw-count"} id={`${id}-count`} aria-live="polite">
          {left === 1 ? "1 character left" : `${left} characters left`}
        </p>
      )}
    </div>
  );
}

type GroupProps = FieldProps & {
  kind: "radio" | "checkbox";
  options: Array<{ id: string; label: string }>;
  selected: string[];
  onSelect: (ids: string[]) => void;
};

function Group({
  field,
  error,
  radio,
  extraDescription,
  children,
}: {
  field: ExerciseField;
  error?: string;
  radio: boolean;
  extraDescription?: string;
  children: ReactNode;
}) {
  const id = fieldDomId(field.id);
  return (
    <fieldset
      id={id}
      className={error ? "hw-field hw-group hw-field-invalid" : "hw-field hw-group"}
      role={radio ? "radiogroup" : undefined}
      aria-labelledby={`${id}-legend`}
      aria-required={radio && field.required ? true : undefined}
      aria-invalid={radio && error ? true : undefined}
      aria-describedby={describedBy(extraDescription, field.help && `${id}-help`, error && `${id}-error`)}
    >
      <legend className="hw-label" id={`${id}-legend`}>
        <LabelText field={field} />
      </legend>
      <Help id={`${id}-help`} field={field} />
      <ErrorText id={`${id}-error`} error={error} />
      {children}
    </fieldset>
  );
}

function ChoiceGroup({ field, error, locked, kind, options, selected, onSelect }: GroupProps) {
  const id = fieldDomId(field.id);
  function toggle(optionId: string, on: boolean) {
    if (kind === "radio") return onSelect([optionId]);
    const next = new Set(selected);
    if (on) next.add(optionId);
    else next.delete(optionId);
    onSelect(options.map((o) => o.id).filter((o) => next.has(o))); // in the exercise's order
  }
  return (
    <Group field={field} error={error} radio={kind === "radio"}>
      <ul className="hw-options">
        {options.map((o, i) => (
          <li key={o.id} className="hw-option">
            <input
              type={kind}
              id={`${id}-${i}`}
              name={field.id}
              value={o.id}
              checked={selected.includes(o.id)}
              disabled={locked}
              aria-invalid={kind === "checkbox" && error ? true : undefined}
              onChange={(e) => toggle(o.id, e.target.checked)}
            />
            <label htmlFor={`${id}-${i}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </Group>
  );
}

const SCALE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** 0 to 10 as a group of 11 radio buttons: arrow keys move, the value is announced. */
function ScaleField({ field, value, onChange, error, locked }: FieldProps) {
  const id = fieldDomId(field.id);
  const hasEnds = !!(field.min_label || field.max_label);
  return (
    <Group field={field} error={error} radio extraDescription={hasEnds ? `${id}-ends` : undefined}>
      {hasEnds && (
        <p className="hw-scale-ends" id={`${id}-ends`}>
          <span>{field.min_label && `0 = ${field.min_label}`}</span>
          {field.min_label && field.max_label && <span className="hw-sr-only">, </span>}
          <span>{field.max_label && `10 = ${field.max_label}`}</span>
        </p>
      )}
      <div className="hw-scale">
        {SCALE.map((n) => (
          <span key={n} className="hw-scale-point">
            <input
              type="radio"
              className="hw-scale-input"
              id={`${id}-${n}`}
              name={field.id}
              value={n}
              checked={value === n}
              disabled={locked}
              onChange={() => onChange(n)}
            />
            <label htmlFor={`${id}-${n}`}>{n}</label>
          </span>
        ))}
      </div>
    </Group>
  );
}

/** A short script to practise: the text, then "Done — I practised this". */
function ScriptField({ field, value, onChange, error, locked }: FieldProps) {
  const id = fieldDomId(field.id);
  return (
    <Group field={field} error={error} radio={false}>
      {field.text && <div className="hw-script">{field.text}</div>}
      <div className="hw-option">
        <input
          type="checkbox"
          id={`${id}-done`}
          name={field.id}
          checked={value === true}
          disabled={locked}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={`${id}-done`}>Done — I practised this</label>
      </div>
    </Group>
  );
}
