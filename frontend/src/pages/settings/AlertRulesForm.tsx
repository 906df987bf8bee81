import { useState, type FormEvent, type ReactNode } from "react";
import type { UseMutationResult } from "@tanstack/react-query";
import {
  MISSED_IN_ROW_RANGE,
  SILENT_DAYS_RANGE,
  type AlertRules,
  type AlertRulesInput,
} from "../../api/alertRules";
import { ApiError, asApiError } from "../../api/client";
import { CheckboxField } from "../../components/CheckboxField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { Notice } from "../../components/Notice";

/** The form's state: each threshold as a switch and the number typed (kept while switched off). */
type Form = {
  missedOn: boolean;
  missed: string;
  silentOn: boolean;
  silent: string;
  deterioration: boolean;
  programme_completed: boolean;
  email: boolean;
};

/** What a threshold starts at when it is switched on from off. */
const START = { missed_in_row: 3, silent_days: 7 };

function toForm(rules: AlertRules): Form {
  return {
    missedOn: rules.missed_in_row !== null,
    missed: String(rules.missed_in_row ?? START.missed_in_row),
    silentOn: rules.silent_days !== null,
    silent: String(rules.silent_days ?? START.silent_days),
    deterioration: rules.deterioration,
    programme_completed: rules.programme_completed,
    email: rules.email,
  };
}

/** A whole number in range, or null. */
function whole(text: string, range: { min: number; max: number }): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= range.min && n <= range.max ? n : null;
}

type Props = {
  initial: AlertRules;
  /** Prefixes the fields' ids, so that two of these forms, or another form's fields, never share one. */
  idPrefix: string;
  legend: string;
  /** Said under the legend: whose rules these are and whom they cover. */
  intro?: ReactNode;
  /** The PUT (the practice's rules or a member's own). */
  save: UseMutationResult<AlertRules, Error, AlertRulesInput>;
  submitLabel: string;
  savedText: string;
};

/**
 * The alert rules as a form: two thresholds (each a checkbox and a number; unchecked sends null,
 * which turns the rule off), two more rules, and whether to email as well. Used for the
 * practice's rules (Settings) and for a member's own (Digest settings).
 */
export function AlertRulesForm({ initial, idPrefix, legend, intro, save, submitLabel, savedText }: Props) {
  const [form, setForm] = useState<Form>(() => toForm(initial));
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const id = (name: keyof AlertRulesInput) => `${idPrefix}-${name}`;
  const labels: Record<string, string> = {
    [id("missed_in_row")]: "Missed tasks in a row",
    [id("silent_days")]: "Days without a task done",
    [id("deterioration")]: "A measure worse by a reliable change",
    [id("programme_completed")]: "A programme completed",
    [id("email")]: "Also email me (no names or details in the email)",
  };
  const serverError = save.error ? asApiError(save.error) : null;
  const shown = invalid ?? serverError;
  const fields = shown?.fields ?? {};
  // The API names the fields by their JSON names; here they carry the prefix.
  const error = shown
    ? new ApiError(
        shown.status,
        shown.code,
        shown.message,
        Object.fromEntries(Object.entries(fields).map(([name, message]) => [id(name as keyof AlertRulesInput), message])),
      )
    : null;

  function set<K extends keyof Form>(name: K, value: Form[K]) {
    setSaved(false);
    setForm((f) => ({ ...f, [name]: value }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setInvalid(null);
    save.reset();
    const missed = whole(form.missed, MISSED_IN_ROW_RANGE);
    const silent = whole(form.silent, SILENT_DAYS_RANGE);
    const local: Record<string, string> = {};
    if (form.missedOn && missed === null)
      local.missed_in_row = `Enter a whole number from ${MISSED_IN_ROW_RANGE.min} to ${MISSED_IN_ROW_RANGE.max}.`;
    if (form.silentOn && silent === null)
      local.silent_days = `Enter a whole number from ${SILENT_DAYS_RANGE.min} to ${SILENT_DAYS_RANGE.max}.`;
    if (Object.keys(local).length > 0) {
      setInvalid(new ApiError(422, "validation_failed", "Please correct the highlighted fields.", local));
      return;
    }
    save.mutate(
      {
        missed_in_row: form.missedOn ? missed : null,
        silent_days: form.silentOn ? silent : null,
        deterioration: form.deterioration,
        programme_completed: form.programme_completed,
        email: form.email,
      },
      {
        onSuccess: (stored) => {
          setSaved(true);
          setForm(toForm(stored));
        },
      },
    );
  }

  return (
    <form className="form alert-rules-form" onSubmit={onSubmit} noValidate>
      <Notice text={saved ? savedText : null} />
      <ErrorSummary error={error} labels={labels} />
      <fieldset className="group">
        <legend>{legend}</legend>
        {intro}
        <CheckboxField
          name={id("missed_in_row") + "-on"}
          label={labels[id("missed_in_row")]}
          checked={form.missedOn}
          onChange={(e) => set("missedOn", e.target.checked)}
        />
        <Field
          name={id("missed_in_row")}
          label="How many missed in a row"
          hint={`From ${MISSED_IN_ROW_RANGE.min} to ${MISSED_IN_ROW_RANGE.max}.`}
          type="number"
          inputMode="numeric"
          min={MISSED_IN_ROW_RANGE.min}
          max={MISSED_IN_ROW_RANGE.max}
          step={1}
          disabled={!form.missedOn}
          value={form.missed}
          onChange={(e) => set("missed", e.target.value)}
          error={fields.missed_in_row}
        />
        <CheckboxField
          name={id("silent_days") + "-on"}
          label={labels[id("silent_days")]}
          checked={form.silentOn}
          onChange={(e) => set("silentOn", e.target.checked)}
        />
        <Field
          name={id("silent_days")}
          label="How many days"
          hint={`From ${SILENT_DAYS_RANGE.min} to ${SILENT_DAYS_RANGE.max}.`}
          type="number"
          inputMode="numeric"
          min={SILENT_DAYS_RANGE.min}
          max={SILENT_DAYS_RANGE.max}
          step={1}
          disabled={!form.silentOn}
          value={form.silent}
          onChange={(e) => set("silent", e.target.value)}
          error={fields.silent_days}
        />
        <CheckboxField
          name={id("deterioration")}
          label={labels[id("deterioration")]}
          checked={form.deterioration}
          onChange={(e) => set("deterioration", e.target.checked)}
          error={fields.deterioration}
        />
        <CheckboxField
          name={id("programme_completed")}
          label={labels[id("programme_completed")]}
          checked={form.programme_completed}
          onChange={(e) => set("programme_completed", e.target.checked)}
          error={fields.programme_completed}
        />
        <CheckboxField
          name={id("email")}
          label={labels[id("email")]}
          hint="Follow-ups always show on the overview. The email only says that there is something to look at."
          checked={form.email}
          onChange={(e) => set("email", e.target.checked)}
          error={fields.email}
        />
      </fieldset>
      <FormActions label={submitLabel} pendingLabel="Saving…" pending={save.isPending} />
    </form>
  );
}
