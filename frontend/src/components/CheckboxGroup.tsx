import { FieldsetShell } from "./FieldShell";

type Option = { value: string; label: string; detail?: string };

type CheckboxGroupProps = {
  /** The JSON field name; the fieldset's id, so the error summary can link to it. */
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: Option[];
  selected: string[];
  onChange: (selected: string[]) => void;
  /** Shown instead of the checkboxes when there is nothing to choose. */
  empty?: string;
};

/** A fieldset of checkboxes choosing several values (e.g. clinician ids). */
export function CheckboxGroup({ name, legend, hint, error, options, selected, onChange, empty }: CheckboxGroupProps) {
  function toggle(value: string, on: boolean) {
    onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  }

  return (
    <FieldsetShell name={name} legend={legend} hint={hint} error={error}>
      {options.length === 0 && empty && <p className="field-hint">{empty}</p>}
      <ul className="group-options">
        {options.map((o) => {
          const id = `${name}-${o.value}`;
          return (
            <li key={o.value} className="check-row">
              <input
                type="checkbox"
                id={id}
                name={name}
                value={o.value}
                checked={selected.includes(o.value)}
                aria-invalid={error ? true : undefined}
                onChange={(e) => toggle(o.value, e.target.checked)}
              />
              <label htmlFor={id}>
                {o.label}
                {o.detail && <span className="option-detail"> · {o.detail}</span>}
              </label>
            </li>
          );
        })}
      </ul>
    </FieldsetShell>
  );
}
