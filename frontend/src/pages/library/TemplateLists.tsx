import type { Dispatch } from "react";
import { Field } from "../../components/Field";
import { TextAreaField } from "../../components/TextAreaField";
import { EditorList, ItemActions } from "./EditorList";
import { FieldEditor } from "./FieldEditor";
import { newField, newStep, type FieldDraft, type StepDraft } from "./templateDraft";
import type { TemplateAction } from "./templateState";

type StepListProps = { steps: StepDraft[]; errors: Record<string, string>; dispatch: Dispatch<TemplateAction> };

/** A programme's days, each with a title, a principle to read and a question to answer. */
export function StepList({ steps, errors, dispatch }: StepListProps) {
  return (
    <EditorList id="steps" className="editor-list" legend="Days of the programme" hint="Each day the client reads its principle and answers its question." error={errors.steps}>
      {steps.length === 0 && <p className="muted">No days yet.</p>}
      <ol className="editor-items">
        {steps.map((s, i) => {
          const input = (key: "title" | "principle" | "question") => ({
            name: `steps.${i}.${key}`,
            value: s[key],
            error: errors[`steps.${i}.${key}`],
            onChange: (e: { target: { value: string } }) => dispatch({ type: "step", index: i, change: { [key]: e.target.value } }),
          });
          return (
            <li key={s.key}>
              <fieldset className="panel editor-item">
                <legend>Day {i + 1}</legend>
                <Field {...input("title")} label="Title" />
                <TextAreaField {...input("principle")} label="Principle to read" />
                <Field {...input("question")} label="Question to answer" />
                <ItemActions
                  itemKey={s.key}
                  what={`day ${i + 1}`}
                  first={i === 0}
                  last={i === steps.length - 1}
                  removeLabel="Remove day"
                  onMove={(by) => dispatch({ type: "move", list: "steps", index: i, by })}
                  onRemove={() => dispatch({ type: "remove", list: "steps", index: i })}
                />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" id="add-step" className="button-secondary" onClick={() => dispatch({ type: "add", list: "steps", item: newStep() })}>
        Add a day
      </button>
    </EditorList>
  );
}

type FieldListProps = {
  fields: FieldDraft[];
  /** The id each field's answers are stored under when it sets none (made from its label). */
  derivedIds: string[];
  errors: Record<string, string>;
  dispatch: Dispatch<TemplateAction>;
};

/** What the client reads and answers, in order. */
export function FieldList({ fields, derivedIds, errors, dispatch }: FieldListProps) {
  return (
    <EditorList id="fields" className="editor-list" legend="Fields" hint="What the client reads and answers, in order." error={errors.fields}>
      {fields.length === 0 && <p className="muted">No fields yet. Add the first one.</p>}
      <ol className="editor-items">
        {fields.map((f, i) => (
          <li key={f.key}>
            <FieldEditor field={f} index={i} count={fields.length} derivedId={derivedIds[i]} errors={errors} dispatch={dispatch} />
          </li>
        ))}
      </ol>
      <button type="button" id="add-field" className="button-secondary" onClick={() => dispatch({ type: "add", list: "fields", item: newField() })}>
        Add a field
      </button>
    </EditorList>
  );
}
