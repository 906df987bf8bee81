import type { ExerciseField } from "../api/exercises";

/**
 * A client's answers read against the fields they answered: "7 of 10", Yes/No, the ticked items
 * and chosen options by their labels, a script done or not, text as written.
 */
export function AnswerList({ fields, answers }: { fields: ExerciseField[]; answers: Record<string, unknown> }) {
  const known = new Set(fields.map((f) => f.id));
  const extra = Object.keys(answers).filter((id) => !known.has(id));
  return (
    <dl className="answers">
      {fields.map((f) => (
        <div key={f.id} className="answer">
          <dt>{f.label}</dt>
          <dd>
            <AnswerValue field={f} value={answers[f.id]} />
          </dd>
        </div>
      ))}
      {extra.map((id) => (
        // Kept by the server but not in this version's fields: shown as sent rather than hidden.
        <div key={id} className="answer">
          <dt>{id}</dt>
          <dd>
            <Plain value={answers[id]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

const NO_ANSWER = <span className="muted">No answer</span>;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function Plain({ value }: { value: unknown }) {
  if (isEmpty(value)) return NO_ANSWER;
  return <p className="answer-text">{typeof value === "string" ? value : JSON.stringify(value)}</p>;
}

/** Option ids as their labels; an id the field no longer has is shown as it is. */
function labelsOf(field: ExerciseField, value: unknown): string[] {
  const ids = Array.isArray(value) ? value : [value];
  return ids.map((id) => field.options?.find((o) => o.id === id)?.label ?? String(id));
}

function yes(value: unknown): boolean | null {
  if (value === true || value === "yes" || value === "true") return true;
  if (value === false || value === "no" || value === "false") return false;
  return null;
}

export function AnswerValue({ field, value }: { field: ExerciseField; value: unknown }) {
  switch (field.type) {
    case "short_text":
    case "long_text":
      return <Plain value={value} />;
    case "scale": {
      if (isEmpty(value)) return NO_ANSWER;
      const n = Number(value);
      if (!Number.isFinite(n)) return <Plain value={value} />;
      return (
        <>
          <strong>{n} of 10</strong>
          {(field.min_label || field.max_label) && (
            <span className="muted answer-scale-ends">
              {" "}
              (0 = {field.min_label}; 10 = {field.max_label})
            </span>
          )}
        </>
      );
    }
    case "yes_no": {
      const v = yes(value);
      return v === null ? (isEmpty(value) ? NO_ANSWER : <Plain value={value} />) : <strong>{v ? "Yes" : "No"}</strong>;
    }
    case "script": {
      const v = yes(value) ?? (value === "done" ? true : null);
      return v ? <strong>Done: practised</strong> : <span>Not done</span>;
    }
    case "single_choice":
      return isEmpty(value) ? NO_ANSWER : <strong>{labelsOf(field, value)[0]}</strong>;
    case "checklist":
    case "multi_choice": {
      if (isEmpty(value)) return NO_ANSWER;
      const chosen = labelsOf(field, value);
      const total = field.options?.length ?? 0;
      const verb = field.type === "checklist" ? "ticked" : "chosen";
      if (chosen.length === 0) return <span>Nothing {verb}</span>;
      return (
        <>
          <span className="muted">
            {chosen.length} of {total} {verb}:
          </span>
          <ul className="answer-choices">
            {chosen.map((label, i) => (
              <li key={i}>{label}</li>
            ))}
          </ul>
        </>
      );
    }
  }
}
