import type { Dispatch } from "react";
import { FIELD_TYPE_LABELS, FIELD_TYPES, hasOptions, LONG_TEXT_MAX, SHORT_TEXT_MAX, type FieldType } from "../../api/exercises";
import { CheckboxField } from "../../components/CheckboxField";
import { Field } from "../../components/Field";
import { SelectField } from "../../components/SelectField";
import { TextAreaField } from "../../components/TextAreaField";
import { EditorList, ItemActions } from "./EditorList";
import { newOption, type FieldDraft } from "./templateDraft";
import type { TemplateAction } from "./templateState";

type FieldEditorProps = {
  field: FieldDraft;
  index: number;
  count: number;
  derivedId: string;
  errors: Record<string, string>;
  dispatch: Dispatch<TemplateAction>;
};

const OPTION_HINTS: Partial<Record<FieldType, string>> = {
  checklist: "Things the client can tick.",
  single_choice: "The client picks one.",
  multi_choice: "The client picks any number.",
};

/** One field of the editor: its type, wording and the inputs its type needs. */
export function FieldEditor({ field: f, index: i, count, derivedId, errors, dispatch }: FieldEditorProps) {
  const p = `fields.${i}`;
  const err = (key: string) => errors[`${p}.${key}`];
  const text = (key: "label" | "help" | "min_label" | "max_label" | "max_length" | "text" | "id") => ({
    name: `${p}.${key}`,
    value: f[key],
    error: err(key),
    onChange: (e: { target: { value: string } }) => dispatch({ type: "field", index: i, change: { [key]: e.target.value } }),
  });

  function changeType(type: FieldType) {
    dispatch({ type: "fieldType", index: i, fieldType: type, spares: hasOptions(type) ? [newOption(), newOption()] : [] });
  }

  return (
    <fieldset className="panel editor-item">
      <legend>Field {i + 1}</legend>
      <SelectField name={`${p}.type`} label="Type" value={f.type} error={err("type")} onChange={(e) => changeType(e.target.value as FieldType)}>
        {FIELD_TYPES.map((t) => (
          <option key={t} value={t}>
            {FIELD_TYPE_LABELS[t]}
          </option>
        ))}
      </SelectField>
      <Field {...text("label")} label={f.type === "script" ? "Label (what to practise)" : "Label (the question)"} autoComplete="off" />
      <Field {...text("help")} label="Help (optional)" autoComplete="off" />

      {(f.type === "short_text" || f.type === "long_text") && (
        <Field
          {...text("max_length")}
          label="Most characters (optional)"
          hint={`Leave empty for the usual ${(f.type === "short_text" ? SHORT_TEXT_MAX : LONG_TEXT_MAX).toLocaleString("en-GB")}.`}
          type="number"
          inputMode="numeric"
          min={1}
          max={LONG_TEXT_MAX}
        />
      )}
      {f.type === "scale" && (
        <div className="field-row">
          <Field {...text("min_label")} label="What 0 means" autoComplete="off" />
          <Field {...text("max_label")} label="What 10 means" autoComplete="off" />
        </div>
      )}
      {hasOptions(f.type) && <Choices field={f} index={i} errors={errors} dispatch={dispatch} />}
      {f.type === "script" && (
        <TextAreaField
          {...text("text")}
          label="Script to practise"
          hint="The words the client practises, for example a way to ask for comfort."
        />
      )}

      <CheckboxField
        name={`${p}.required`}
        label="Required"
        hint="The client cannot send their answers without it."
        checked={f.required}
        error={err("required")}
        onChange={(e) => dispatch({ type: "field", index: i, change: { required: e.target.checked } })}
      />
      <Field
        {...text("id")}
        label="ID (optional)"
        hint={`Answers are stored under it. Leave empty to use “${derivedId}”, made from the label.`}
        autoComplete="off"
        spellCheck={false}
      />
      <ItemActions
        itemKey={f.key}
        what={`field ${i + 1}`}
        first={i === 0}
        last={i === count - 1}
        removeLabel="Remove field"
        onMove={(by) => dispatch({ type: "move", list: "fields", index: i, by })}
        onRemove={() => dispatch({ type: "remove", list: "fields", index: i })}
      />
    </fieldset>
  );
}

type ChoicesProps = { field: FieldDraft; index: number; errors: Record<string, string>; dispatch: Dispatch<TemplateAction> };

/** A field's choices (a checklist's items, a choice's options): two at least, twenty at most. */
function Choices({ field: f, index: i, errors, dispatch }: ChoicesProps) {
  const p = `fields.${i}`;
  return (
    <EditorList id={`${p}.options`} legend="Choices" hint={`${OPTION_HINTS[f.type]} At least two.`} error={errors[`${p}.options`]}>
      <ol className="editor-options">
        {f.options.map((o, j) => (
          <li key={o.key} className="option-row">
            <Field
              name={`${p}.options.${j}.label`}
              label={`Choice ${j + 1}`}
              value={o.label}
              error={errors[`${p}.options.${j}.label`]}
              autoComplete="off"
              onChange={(e) => dispatch({ type: "option", index: i, option: j, label: e.target.value })}
            />
            <button
              type="button"
              className="button-secondary"
              disabled={f.options.length <= 2}
              onClick={() => dispatch({ type: "removeOption", index: i, option: j })}
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
        onClick={() => dispatch({ type: "addOption", index: i, option: newOption() })}
      >
        Add a choice
      </button>
    </EditorList>
  );
}
