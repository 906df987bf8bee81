import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, asApiError } from "../api/client";
import {
  AUDIENCE_LABELS,
  AUDIENCES,
  FIELD_TYPE_LABELS,
  FIELD_TYPES,
  hasOptions,
  LONG_TEXT_MAX,
  MODALITIES,
  MODALITY_LABELS,
  PHASE_DESCRIPTIONS,
  PHASE_LABELS,
  PHASES,
  SHORT_TEXT_MAX,
  useCreateTemplate,
  useTemplate,
  useUpdateTemplate,
  type Exercise,
  type FieldType,
  type Template,
} from "../api/exercises";
import { CheckboxField } from "../components/CheckboxField";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { LoadError, Loading } from "../components/LoadState";
import { SelectField } from "../components/SelectField";
import {
  draftFrom,
  emptyDraft,
  newField,
  newOption,
  newStep,
  resolveIds,
  toDefinition,
  type Draft,
  type FieldDraft,
  type StepDraft,
} from "../components/templateDraft";
import { TextAreaField } from "../components/TextAreaField";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { ExerciseNotFound } from "./LibraryExercisePage";

const VERSION_NOTE = "Saving makes a new version; assignments already given keep the version they were given.";

/** /app/exercises/templates/new */
export function NewTemplatePage() {
  useDocumentTitle("New exercise");
  const create = useCreateTemplate();
  const navigate = useNavigate();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/app/exercises">Exercises</Link> · Your practice's exercises
      </p>
      <h1>New exercise</h1>
      <p className="lead">Build an exercise for your practice from the same parts as the library's.</p>
      <TemplateForm
        initial={emptyDraft()}
        submitLabel="Save exercise"
        cancelTo="/app/exercises"
        error={create.error ? asApiError(create.error) : null}
        pending={create.isPending}
        onReset={() => create.reset()}
        onSubmit={(definition) =>
          create.mutate(
            { definition },
            {
              onSuccess: (t) =>
                navigate(`/app/exercises/templates/${t.id}`, {
                  state: { notice: `“${t.title}” is saved as version ${t.current_version}.` },
                }),
            },
          )
        }
      />
    </>
  );
}

/** /app/exercises/templates/:id/edit */
export function EditTemplatePage() {
  const id = useParams().id ?? "";
  const template = useTemplate(id);
  useDocumentTitle(template.data ? `Edit ${template.data.title}` : "Edit exercise");
  if (template.isPending) return <Loading what="the exercise" />;
  if (template.isError) {
    const error = asApiError(template.error);
    if (error.status === 404) return <ExerciseNotFound />;
    return <LoadError error={error} onRetry={() => void template.refetch()} />;
  }
  return <EditTemplate template={template.data} />;
}

function EditTemplate({ template }: { template: Template }) {
  const update = useUpdateTemplate(template.id);
  const navigate = useNavigate();
  const [initial] = useState(() => draftFrom(template.definition));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/app/exercises">Exercises</Link> · <Link to={`/app/exercises/templates/${template.id}`}>{template.title}</Link>
      </p>
      <h1>Edit “{template.title}”</h1>
      <p className="lead">You are editing version {template.current_version}.</p>
      <TemplateForm
        initial={initial}
        submitLabel="Save new version"
        cancelTo={`/app/exercises/templates/${template.id}`}
        error={update.error ? asApiError(update.error) : null}
        pending={update.isPending}
        onReset={() => update.reset()}
        onSubmit={(definition) =>
          update.mutate(definition, {
            onSuccess: (t) =>
              navigate(`/app/exercises/templates/${t.id}`, {
                state: { notice: `Saved as version ${t.current_version}. ${VERSION_NOTE}` },
              }),
          })
        }
      />
    </>
  );
}

/**
 * The API keys errors by JSON path ("fields.2.label"). A few have no input of their own: the
 * slug is made from the title, and choices' ids from their wording, so their errors go there.
 */
function placeErrors(error: ApiError | null): ApiError | null {
  if (!error) return null;
  const fields = { ...error.fields };
  if (fields.slug) {
    fields.title ??= `Its short name (made from the title) ${fields.slug}`;
    delete fields.slug;
  }
  for (const key of Object.keys(fields)) {
    const m = /^(fields\.\d+\.options\.\d+)\.id$/.exec(key);
    if (m) {
      fields[`${m[1]}.label`] ??= `Its id ${fields[key]}`;
      delete fields[key];
    }
  }
  return new ApiError(error.status, error.code, error.message, fields);
}

/** Labels for the error summary, in the form's order; any key it does not know goes last, as is. */
function summaryLabels(d: Draft, errors: Record<string, string>): Record<string, string> {
  const l: Record<string, string> = {
    title: "Title",
    summary: "Summary",
    modality: "Approach",
    audience: "Who it is for",
    phase: "Phase",
    minutes: "Minutes",
    cadence: "Suggested cadence",
    intro: "Introduction",
    why: "Why it helps",
    watch_out: "Watch out for",
  };
  if (d.cadence === "programme") {
    l.steps = "Days";
    d.steps.forEach((_, i) => {
      const n = `Day ${i + 1}`;
      l[`steps.${i}.title`] = `${n} title`;
      l[`steps.${i}.principle`] = `${n} principle`;
      l[`steps.${i}.question`] = `${n} question`;
    });
  } else {
    l.fields = "Fields";
    d.fields.forEach((f, i) => {
      const n = `Field ${i + 1}`;
      l[`fields.${i}.type`] = `${n} type`;
      l[`fields.${i}.label`] = `${n} label`;
      l[`fields.${i}.help`] = `${n} help`;
      l[`fields.${i}.min_label`] = `${n}, what 0 means`;
      l[`fields.${i}.max_label`] = `${n}, what 10 means`;
      l[`fields.${i}.options`] = `${n} choices`;
      f.options.forEach((_, j) => (l[`fields.${i}.options.${j}.label`] = `${n} choice ${j + 1}`));
      l[`fields.${i}.text`] = `${n} script`;
      l[`fields.${i}.max_length`] = `${n} most characters`;
      l[`fields.${i}.required`] = `${n} required`;
      l[`fields.${i}.id`] = `${n} id`;
    });
  }
  for (const key of Object.keys(errors)) if (!(key in l)) l[key] = key;
  return l;
}

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

function TemplateForm({ initial, submitLabel, cancelTo, error, pending, onReset, onSubmit }: TemplateFormProps) {
  const [draft, setDraft] = useState<Draft>(initial);
  // An element to focus after the next render (a new field, a moved field's button).
  const [focusId, setFocusId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const shown = placeErrors(error);
  const errors = shown?.fields ?? {};
  const programme = draft.cadence === "programme";

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  function set(change: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...change }));
  }

  function structural(next: (d: Draft) => Draft, focus: string | null, say: string) {
    setDraft(next);
    setFocusId(focus);
    setAnnouncement(say);
    onReset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(toDefinition(draft));
  }

  function text(name: "title" | "summary" | "minutes", label: string) {
    return {
      name,
      label,
      value: draft[name],
      error: errors[name],
      onChange: (e: { target: { value: string } }) => set({ [name]: e.target.value }),
    };
  }

  function long(name: "why" | "watch_out" | "intro", label: string) {
    return {
      name,
      label,
      value: draft[name],
      error: errors[name],
      onChange: (e: { target: { value: string } }) => set({ [name]: e.target.value }),
    };
  }

  // ---- fields
  const setField = (i: number, change: Partial<FieldDraft>) =>
    setDraft((d) => ({ ...d, fields: d.fields.map((f, j) => (j === i ? { ...f, ...change } : f)) }));

  function changeType(i: number, type: FieldType) {
    setDraft((d) => ({
      ...d,
      fields: d.fields.map((f, j) => {
        if (j !== i) return f;
        const options = [...f.options];
        while (hasOptions(type) && options.length < 2) options.push(newOption());
        return { ...f, type, options };
      }),
    }));
  }

  function addField() {
    const at = draft.fields.length;
    structural((d) => ({ ...d, fields: [...d.fields, newField()] }), `fields.${at}.type`, `Field ${at + 1} added.`);
  }

  function moveField(i: number, by: -1 | 1) {
    const to = i + by;
    structural(
      (d) => ({ ...d, fields: swapped(d.fields, i, to) }),
      focusAfterMove(draft.fields[i].key, by, to, draft.fields.length - 1),
      `Field moved to position ${to + 1} of ${draft.fields.length}.`,
    );
  }

  function removeField(i: number) {
    structural((d) => ({ ...d, fields: d.fields.filter((_, j) => j !== i) }), "add-field", `Field ${i + 1} removed.`);
  }

  // ---- steps of a programme
  const setStep = (i: number, change: Partial<StepDraft>) =>
    setDraft((d) => ({ ...d, steps: d.steps.map((s, j) => (j === i ? { ...s, ...change } : s)) }));

  function addStep() {
    const at = draft.steps.length;
    structural((d) => ({ ...d, steps: [...d.steps, newStep()] }), `steps.${at}.title`, `Day ${at + 1} added.`);
  }

  function moveStep(i: number, by: -1 | 1) {
    const to = i + by;
    structural(
      (d) => ({ ...d, steps: swapped(d.steps, i, to) }),
      focusAfterMove(draft.steps[i].key, by, to, draft.steps.length - 1),
      `Day moved to position ${to + 1} of ${draft.steps.length}.`,
    );
  }

  function removeStep(i: number) {
    structural((d) => ({ ...d, steps: d.steps.filter((_, j) => j !== i) }), "add-step", `Day ${i + 1} removed.`);
  }

  const derivedIds = resolveIds(draft.fields, "field");

  return (
    <>
      <ErrorSummary error={shown} labels={summaryLabels(draft, errors)} />
      <form onSubmit={submit} noValidate className="form template-form">
        <Field {...text("title", "Title")} required autoComplete="off" maxLength={80} />
        <Field {...text("summary", "Summary")} required autoComplete="off" hint="One sentence on what the client does." />
        <div className="field-row">
          <SelectField
            name="modality"
            label="Approach"
            value={draft.modality}
            error={errors.modality}
            onChange={(e) => set({ modality: e.target.value as Draft["modality"] })}
          >
            {MODALITIES.map((m) => (
              <option key={m} value={m}>
                {MODALITY_LABELS[m]}
              </option>
            ))}
          </SelectField>
          <SelectField
            name="audience"
            label="Who it is for"
            value={draft.audience}
            error={errors.audience}
            onChange={(e) => set({ audience: e.target.value as Draft["audience"] })}
          >
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {AUDIENCE_LABELS[a]}
              </option>
            ))}
          </SelectField>
        </div>
        <SelectField
          name="phase"
          label="Phase"
          hint={PHASE_DESCRIPTIONS[draft.phase] + (draft.phase === "any" ? "" : " A couple needs a safety screen before it is assigned.")}
          value={draft.phase}
          error={errors.phase}
          onChange={(e) => set({ phase: e.target.value as Draft["phase"] })}
        >
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {PHASE_LABELS[p]}
            </option>
          ))}
        </SelectField>
        <div className="field-row">
          <Field {...text("minutes", "Minutes it takes")} type="number" inputMode="numeric" min={1} max={120} required />
          <SelectField
            name="cadence"
            label="Suggested cadence"
            value={draft.cadence}
            error={errors.cadence}
            onChange={(e) => set({ cadence: e.target.value as Draft["cadence"] })}
          >
            <option value="once">Once</option>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
            <option value="programme">A programme of daily steps</option>
          </SelectField>
        </div>
        <TextAreaField {...long("why", "Why it helps")} required rows={3} />
        <TextAreaField {...long("watch_out", "Watch out for")} required rows={3} hint="Pitfalls to avoid, such as defensiveness or rushing forgiveness." />
        <TextAreaField {...long("intro", "Introduction (optional)")} rows={3} hint="Shown to the client before the questions." />

        {programme ? (
          <fieldset id="steps" className={errors.steps ? "field group editor-list field-invalid" : "field group editor-list"}>
            <legend>Days of the programme</legend>
            <p className="field-hint">Each day the client reads its principle and answers its question.</p>
            {errors.steps && <p className="field-error">{errors.steps}</p>}
            {draft.steps.length === 0 && <p className="muted">No days yet.</p>}
            <ol className="editor-items">
              {draft.steps.map((s, i) => (
                <li key={s.key}>
                  <fieldset className="panel editor-item">
                    <legend>Day {i + 1}</legend>
                    <Field
                      name={`steps.${i}.title`}
                      label="Title"
                      value={s.title}
                      error={errors[`steps.${i}.title`]}
                      onChange={(e) => setStep(i, { title: e.target.value })}
                    />
                    <TextAreaField
                      name={`steps.${i}.principle`}
                      label="Principle to read"
                      value={s.principle}
                      error={errors[`steps.${i}.principle`]}
                      onChange={(e) => setStep(i, { principle: e.target.value })}
                    />
                    <Field
                      name={`steps.${i}.question`}
                      label="Question to answer"
                      value={s.question}
                      error={errors[`steps.${i}.question`]}
                      onChange={(e) => setStep(i, { question: e.target.value })}
                    />
                    <ItemActions
                      itemKey={s.key}
                      what={`day ${i + 1}`}
                      first={i === 0}
                      last={i === draft.steps.length - 1}
                      removeLabel="Remove day"
                      onMove={(by) => moveStep(i, by)}
                      onRemove={() => removeStep(i)}
                    />
                  </fieldset>
                </li>
              ))}
            </ol>
            <button type="button" id="add-step" className="button-secondary" onClick={addStep}>
              Add a day
            </button>
          </fieldset>
        ) : (
          <fieldset id="fields" className={errors.fields ? "field group editor-list field-invalid" : "field group editor-list"}>
            <legend>Fields</legend>
            <p className="field-hint">What the client reads and answers, in order.</p>
            {errors.fields && <p className="field-error">{errors.fields}</p>}
            {draft.fields.length === 0 && <p className="muted">No fields yet. Add the first one.</p>}
            <ol className="editor-items">
              {draft.fields.map((f, i) => (
                <li key={f.key}>
                  <FieldEditor
                    field={f}
                    index={i}
                    count={draft.fields.length}
                    derivedId={derivedIds[i]}
                    errors={errors}
                    onChange={(change) => setField(i, change)}
                    onType={(type) => changeType(i, type)}
                    onMove={(by) => moveField(i, by)}
                    onRemove={() => removeField(i)}
                  />
                </li>
              ))}
            </ol>
            <button type="button" id="add-field" className="button-secondary" onClick={addField}>
              Add a field
            </button>
          </fieldset>
        )}
        <p role="status" className="visually-hidden">
          {announcement}
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

type ItemActionsProps = {
  itemKey: string;
  /** "field 2", for screen readers. */
  what: string;
  first: boolean;
  last: boolean;
  removeLabel: string;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

function ItemActions({ itemKey, what, first, last, removeLabel, onMove, onRemove }: ItemActionsProps) {
  return (
    <div className="row-actions">
      <button type="button" id={`move-up-${itemKey}`} className="button-secondary" disabled={first} onClick={() => onMove(-1)}>
        Move up <span className="visually-hidden">{what}</span>
      </button>
      <button type="button" id={`move-down-${itemKey}`} className="button-secondary" disabled={last} onClick={() => onMove(1)}>
        Move down <span className="visually-hidden">{what}</span>
      </button>
      <button type="button" className="button-danger-outline" onClick={onRemove}>
        {removeLabel} <span className="visually-hidden">{what}</span>
      </button>
    </div>
  );
}

type FieldEditorProps = {
  field: FieldDraft;
  index: number;
  count: number;
  derivedId: string;
  errors: Record<string, string>;
  onChange: (change: Partial<FieldDraft>) => void;
  onType: (type: FieldType) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

const OPTION_HINTS: Partial<Record<FieldType, string>> = {
  checklist: "Things the client can tick.",
  single_choice: "The client picks one.",
  multi_choice: "The client picks any number.",
};

/** One field of the editor: its type, wording and the inputs its type needs. */
function FieldEditor({ field: f, index: i, count, derivedId, errors, onChange, onType, onMove, onRemove }: FieldEditorProps) {
  const p = `fields.${i}`;
  const err = (key: string) => errors[`${p}.${key}`];

  function setOption(j: number, label: string) {
    onChange({ options: f.options.map((o, k) => (k === j ? { ...o, label } : o)) });
  }

  return (
    <fieldset className="panel editor-item">
      <legend>Field {i + 1}</legend>
      <SelectField name={`${p}.type`} label="Type" value={f.type} error={err("type")} onChange={(e) => onType(e.target.value as FieldType)}>
        {FIELD_TYPES.map((t) => (
          <option key={t} value={t}>
            {FIELD_TYPE_LABELS[t]}
          </option>
        ))}
      </SelectField>
      <Field
        name={`${p}.label`}
        label={f.type === "script" ? "Label (what to practise)" : "Label (the question)"}
        value={f.label}
        error={err("label")}
        autoComplete="off"
        onChange={(e) => onChange({ label: e.target.value })}
      />
      <Field
        name={`${p}.help`}
        label="Help (optional)"
        value={f.help}
        error={err("help")}
        autoComplete="off"
        onChange={(e) => onChange({ help: e.target.value })}
      />

      {(f.type === "short_text" || f.type === "long_text") && (
        <Field
          name={`${p}.max_length`}
          label="Most characters (optional)"
          hint={`Leave empty for the usual ${(f.type === "short_text" ? SHORT_TEXT_MAX : LONG_TEXT_MAX).toLocaleString("en-GB")}.`}
          type="number"
          inputMode="numeric"
          min={1}
          max={LONG_TEXT_MAX}
          value={f.max_length}
          error={err("max_length")}
          onChange={(e) => onChange({ max_length: e.target.value })}
        />
      )}
      {f.type === "scale" && (
        <div className="field-row">
          <Field
            name={`${p}.min_label`}
            label="What 0 means"
            value={f.min_label}
            error={err("min_label")}
            autoComplete="off"
            onChange={(e) => onChange({ min_label: e.target.value })}
          />
          <Field
            name={`${p}.max_label`}
            label="What 10 means"
            value={f.max_label}
            error={err("max_label")}
            autoComplete="off"
            onChange={(e) => onChange({ max_label: e.target.value })}
          />
        </div>
      )}
      {hasOptions(f.type) && (
        <fieldset id={`${p}.options`} className={err("options") ? "field group field-invalid" : "field group"}>
          <legend>Choices</legend>
          <p className="field-hint">{OPTION_HINTS[f.type]} At least two.</p>
          {err("options") && <p className="field-error">{err("options")}</p>}
          <ol className="editor-options">
            {f.options.map((o, j) => (
              <li key={o.key} className="option-row">
                <Field
                  name={`${p}.options.${j}.label`}
                  label={`Choice ${j + 1}`}
                  value={o.label}
                  error={err(`options.${j}.label`)}
                  autoComplete="off"
                  onChange={(e) => setOption(j, e.target.value)}
                />
                <button
                  type="button"
                  className="button-secondary"
                  disabled={f.options.length <= 2}
                  onClick={() => {
                    onChange({ options: f.options.filter((_, k) => k !== j) });
                    document.getElementById(`add-option-${f.key}`)?.focus();
                  }}
                >
                  Remove <span className="visually-hidden">choice {j + 1}</span>
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            id={`add-option-${f.key}`}
            className="button-secondary"
            disabled={f.options.length >= 20}
            onClick={() => onChange({ options: [...f.options, newOption()] })}
          >
            Add a choice
          </button>
        </fieldset>
      )}
      {f.type === "script" && (
        <TextAreaField
          name={`${p}.text`}
          label="Script to practise"
          hint="The words the client practises, for example a way to ask for comfort."
          value={f.text}
          error={err("text")}
          onChange={(e) => onChange({ text: e.target.value })}
        />
      )}

      <CheckboxField
        name={`${p}.required`}
        label="Required"
        hint="The client cannot send their answers without it."
        checked={f.required}
        error={err("required")}
        onChange={(e) => onChange({ required: e.target.checked })}
      />
      <Field
        name={`${p}.id`}
        label="ID (optional)"
        hint={`Answers are stored under it. Leave empty to use “${derivedId}”, made from the label.`}
        value={f.id}
        error={err("id")}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange({ id: e.target.value })}
      />
      <ItemActions
        itemKey={f.key}
        what={`field ${i + 1}`}
        first={i === 0}
        last={i === count - 1}
        removeLabel="Remove field"
        onMove={onMove}
        onRemove={onRemove}
      />
    </fieldset>
  );
}

/** The list with items i and j swapped. */
function swapped<T>(list: T[], i: number, j: number): T[] {
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** After a move, focus stays on the button pressed, or on its twin once it is disabled at either end. */
function focusAfterMove(key: string, by: -1 | 1, to: number, last: number): string {
  if (by < 0) return to === 0 ? `move-down-${key}` : `move-up-${key}`;
  return to === last ? `move-up-${key}` : `move-down-${key}`;
}
