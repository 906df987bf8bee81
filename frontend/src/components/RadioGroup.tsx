import { FieldsetShell } from "./FieldShell";

type Option = { value: string; label: string; hint?: string };

type RadioGroupProps = {
  /** The JSON field name; the fieldset's id (so the error summary can link to it) and the radios' name. */
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: Option[];
  /** The chosen value, or "" when nothing is chosen yet. */
  value: string;
  onChange: (value: string) => void;
  /** Lays the options out in a row (e.g. Yes / No). */
  inline?: boolean;
};

/** A fieldset of radio buttons choosing one value, with its hint and error tied to it. */
export function RadioGroup({ name, legend, hint, error, options, value, onChange, inline }: RadioGroupProps) {
  return (
    <FieldsetShell name={name} legend={legend} hint={hint} error={error}>
      <ul className={inline ? "group-options group-inline" : "group-options"}>
        {options.map((o) => {
          const id = `${name}-${o.value}`;
          return (
            <li key={o.value} className="check-row">
              <input
                type="radio"
                id={id}
                name={name}
                value={o.value}
                checked={value === o.value}
                aria-invalid={error ? true : undefined}
                aria-describedby={o.hint ? `${id}-hint` : undefined}
                onChange={() => onChange(o.value)}
              />
              <label htmlFor={id}>
                {o.label}
                {o.hint && (
                  <span className="option-detail" id={`${id}-hint`}>
                    {" "}
                    · {o.hint}
                  </span>
                )}
              </label>
            </li>
          );
        })}
      </ul>
    </FieldsetShell>
  );
}
