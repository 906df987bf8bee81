import type { Dispatch } from "react";
import { Link } from "react-router";
import type { ApiError } from "../../api/client";
import {
  AUDIENCE_LABELS,
  AUDIENCES,
  MODALITIES,
  MODALITY_LABELS,
  PHASE_DESCRIPTIONS,
  PHASE_LABELS,
  PHASES,
  type Exercise,
} from "../../api/exercises";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { SelectField } from "../../components/SelectField";
import { TextAreaField } from "../../components/TextAreaField";
import type { Draft } from "./templateDraft";
import { FieldList, StepList } from "./TemplateLists";
import type { HeadChange, TemplateAction } from "./templateState";
import { useTemplateForm } from "./useTemplateForm";

export const VERSION_NOTE = "Saving makes a new version; assignments already given keep the version they were given.";

type TemplateFormProps = {
  initial: Draft;
  submitLabel: string;
  cancelTo: string;
  error: ApiError | null;
  pending: boolean;
  /** Forget the last refusal: its paths no longer match once fields move. */
  onReset: () => void;
  onSubmit: (definition: Exercise) => void;
};

/** A practice's exercise: what it is, then its fields (or a programme's days). */
export function TemplateForm({ initial, submitLabel, cancelTo, error, pending, onReset, onSubmit }: TemplateFormProps) {
  const form = useTemplateForm({ initial, error, onReset, onSubmit });
  const { draft, errors, dispatch } = form;
  return (
    <>
      <ErrorSummary error={form.shown} labels={form.labels} />
      <form onSubmit={form.submit} noValidate className="form template-form">
        <HeadFields draft={draft} errors={errors} dispatch={dispatch} />
        {draft.cadence === "programme" ? (
          <StepList steps={draft.steps} errors={errors} dispatch={dispatch} />
        ) : (
          <FieldList fields={draft.fields} derivedIds={form.derivedIds} errors={errors} dispatch={dispatch} />
        )}
        <p role="status" className="visually-hidden">
          {form.announcement}
        </p>
        <p className="notice">{VERSION_NOTE}</p>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={pending}>
            {pending ? "Saving…" : submitLabel}
          </button>
          <Link to={cancelTo}>Cancel</Link>
        </div>
      </form>
    </>
  );
}

type HeadFieldsProps = { draft: Draft; errors: Record<string, string>; dispatch: Dispatch<TemplateAction> };

/** What the exercise is: its title and summary, approach, audience, phase, length, cadence and guidance. */
function HeadFields({ draft, errors, dispatch }: HeadFieldsProps) {
  const input = (name: keyof HeadChange, label: string) => ({
    name,
    label,
    value: draft[name],
    error: errors[name],
    onChange: (e: { target: { value: string } }) => dispatch({ type: "head", change: { [name]: e.target.value } }),
  });
  return (
    <>
      <Field {...input("title", "Title")} required autoComplete="off" maxLength={80} />
      <Field {...input("summary", "Summary")} required autoComplete="off" hint="One sentence on what the client does." />
      <div className="field-row">
        <SelectField {...input("modality", "Approach")}>
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {MODALITY_LABELS[m]}
            </option>
          ))}
        </SelectField>
        <SelectField {...input("audience", "Who it is for")}>
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {AUDIENCE_LABELS[a]}
            </option>
          ))}
        </SelectField>
      </div>
      <SelectField
        {...input("phase", "Phase")}
        hint={PHASE_DESCRIPTIONS[draft.phase] + (draft.phase === "any" ? "" : " A couple needs a safety screen before it is assigned.")}
      >
        {PHASES.map((p) => (
          <option key={p} value={p}>
            {PHASE_LABELS[p]}
          </option>
        ))}
      </SelectField>
      <div className="field-row">
        <Field {...input("minutes", "Minutes it takes")} type="number" inputMode="numeric" min={1} max={120} required />
        <SelectField {...input("cadence", "Suggested cadence")}>
          <option value="once">Once</option>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
          <option value="programme">A programme of daily steps</option>
        </SelectField>
      </div>
      <TextAreaField {...input("why", "Why it helps")} required rows={3} />
      <TextAreaField {...input("watch_out", "Watch out for")} required rows={3} hint="Pitfalls to avoid, such as defensiveness or rushing forgiveness." />
      <TextAreaField {...input("intro", "Introduction (optional)")} rows={3} hint="Shown to the client before the questions." />
    </>
  );
}
