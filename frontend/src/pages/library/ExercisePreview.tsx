import { useId } from "react";
import {
  AUDIENCE_LABELS,
  FIELD_TYPE_LABELS,
  LONG_TEXT_MAX,
  MODALITY_LABELS,
  PHASE_LABELS,
  SHORT_TEXT_MAX,
  suggestedCadenceLabel,
  type Exercise,
  type ExerciseField,
} from "../../api/exercises";

/** An exercise's facts, guidance and a read-only preview of what the client fills in. */
export function ExercisePreview({ exercise }: { exercise: Exercise }) {
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="exercise-about-heading">
        <h2 id="exercise-about-heading">About this exercise</h2>
        <p className="exercise-summary">{exercise.summary}</p>
        <dl className="details">
          <dt>Approach</dt>
          <dd>{MODALITY_LABELS[exercise.modality]}</dd>
          <dt>For</dt>
          <dd>{AUDIENCE_LABELS[exercise.audience]}</dd>
          <dt>Phase</dt>
          <dd>{PHASE_LABELS[exercise.phase]}</dd>
          <dt>Takes about</dt>
          <dd>
            {exercise.minutes} {exercise.minutes === 1 ? "minute" : "minutes"}
          </dd>
          <dt>Suggested cadence</dt>
          <dd>{suggestedCadenceLabel(exercise)}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="exercise-guidance-heading">
        <h2 id="exercise-guidance-heading">Guidance</h2>
        <h3 className="subheading">Why it helps</h3>
        <p className="prewrap">{exercise.why}</p>
        <h3 className="subheading">Watch out for</h3>
        <p className="prewrap">{exercise.watch_out}</p>
      </section>
      <section className="panel" aria-labelledby="exercise-preview-heading">
        <h2 id="exercise-preview-heading">What the client sees</h2>
        <p className="field-hint">A preview: nothing here can be filled in.</p>
        {exercise.intro && <p className="prewrap exercise-intro">{exercise.intro}</p>}
        {exercise.steps && exercise.steps.length > 0 ? (
          <StepsPreview steps={exercise.steps} />
        ) : (
          <FieldsPreview fields={exercise.fields ?? []} />
        )}
      </section>
    </div>
  );
}

function StepsPreview({ steps }: { steps: NonNullable<Exercise["steps"]> }) {
  return (
    <>
      <p>
        A programme of {steps.length} daily {steps.length === 1 ? "step" : "steps"}. Each day the client reads a principle
        and answers one question in their own words.
      </p>
      <ol className="steps-preview">
        {steps.map((s, i) => (
          <li key={i}>
            <h3 className="subheading">
              Day {i + 1}: {s.title}
            </h3>
            <p className="prewrap">{s.principle}</p>
            <p>
              <span className="muted">Question: </span>
              {s.question}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}

/** Every field as the client would see it, disabled. */
export function FieldsPreview({ fields }: { fields: ExerciseField[] }) {
  const prefix = useId();
  if (fields.length === 0) return <p className="muted">This exercise has no fields yet.</p>;
  return (
    <ol className="fields-preview">
      {fields.map((f, i) => (
        <li key={`${f.id}-${i}`}>
          <FieldPreview field={f} id={`${prefix}-${i}`} />
        </li>
      ))}
    </ol>
  );
}

function FieldPreview({ field, id }: { field: ExerciseField; id: string }) {
  const label = (
    <>
      {field.label}
      {field.required && <span className="muted"> (required)</span>}
    </>
  );
  const type = <span className="field-type">{FIELD_TYPE_LABELS[field.type]}</span>;
  const help = field.help ? (
    <p className="field-hint" id={`${id}-help`}>
      {field.help}
    </p>
  ) : null;
  const describedBy = field.help ? `${id}-help` : undefined;

  switch (field.type) {
    case "short_text":
    case "long_text": {
      const max = field.max_length || (field.type === "short_text" ? SHORT_TEXT_MAX : LONG_TEXT_MAX);
      return (
        <div className="field preview-field">
          {type}
          <label htmlFor={id}>{label}</label>
          {help}
          {field.type === "short_text" ? (
            <input id={id} type="text" disabled aria-describedby={describedBy} />
          ) : (
            <textarea id={id} rows={3} disabled aria-describedby={describedBy} />
          )}
          <p className="field-hint">Up to {max.toLocaleString("en-GB")} characters.</p>
        </div>
      );
    }
    case "scale":
      return (
        <fieldset className="field group preview-field" aria-describedby={describedBy}>
          {type}
          <legend>{label}</legend>
          {help}
          <ul className="scale-preview">
            {Array.from({ length: 11 }, (_, n) => (
              <li key={n}>
                <input type="radio" id={`${id}-${n}`} name={id} disabled />
                <label htmlFor={`${id}-${n}`}>{n}</label>
              </li>
            ))}
          </ul>
          <p className="scale-ends">
            <span>0 = {field.min_label}</span>
            <span>10 = {field.max_label}</span>
          </p>
        </fieldset>
      );
    case "yes_no":
      return (
        <fieldset className="field group preview-field" aria-describedby={describedBy}>
          {type}
          <legend>{label}</legend>
          {help}
          <ul className="group-options group-inline">
            {["Yes", "No"].map((v) => (
              <li key={v} className="check-row">
                <input type="radio" id={`${id}-${v}`} name={id} disabled />
                <label htmlFor={`${id}-${v}`}>{v}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      );
    case "checklist":
    case "single_choice":
    case "multi_choice": {
      const input = field.type === "single_choice" ? "radio" : "checkbox";
      return (
        <fieldset className="field group preview-field" aria-describedby={describedBy}>
          {type}
          <legend>{label}</legend>
          {help}
          <ul className="group-options">
            {(field.options ?? []).map((o, j) => (
              <li key={`${o.id}-${j}`} className="check-row">
                <input type={input} id={`${id}-${j}`} name={id} disabled />
                <label htmlFor={`${id}-${j}`}>{o.label}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      );
    }
    case "script":
      return (
        <div className="field preview-field">
          {type}
          <p className="preview-label">{label}</p>
          {help}
          <blockquote className="script prewrap">{field.text}</blockquote>
          <div className="check-row">
            <input type="checkbox" id={id} disabled />
            <label htmlFor={id}>I practised this</label>
          </div>
        </div>
      );
  }
}
