import { useId, useState } from "react";
import { AUDIENCE_LABELS, PHASE_LABELS, PHASES, suggestedCadenceLabel } from "../../api/exercises";
import { SelectField } from "../../components/SelectField";
import type { Entry } from "./assignState";

type ExercisePickerProps = {
  /** The JSON path of the exercise, also the select's id. */
  name: string;
  label: string;
  searchLabel: string;
  hint?: string;
  entries: Entry[];
  value: string;
  error?: string;
  onChange: (value: string) => void;
};

/** A select of every exercise, grouped by phase, with a search box that narrows it. */
export function ExercisePicker({ name, label, searchLabel, hint, entries, value, error, onChange }: ExercisePickerProps) {
  const [q, setQ] = useState("");
  const searchId = useId();
  const words = q.trim().toLowerCase();
  const fits = (e: Entry) => `${e.title} ${e.exercise.summary}`.toLowerCase().includes(words);
  const found = words ? entries.filter(fits) : entries;
  // The chosen exercise stays in the list, so a search never changes the choice.
  const matches = entries.filter((e) => !words || e.value === value || fits(e));
  const chosen = entries.find((e) => e.value === value);
  return (
    <div className="exercise-picker">
      <div className="field">
        <label htmlFor={searchId}>{searchLabel}</label>
        <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        <p className="field-hint" role="status">
          {words ? `${found.length} ${found.length === 1 ? "exercise matches" : "exercises match"}.` : ""}
        </p>
      </div>
      <SelectField name={name} label={label} hint={hint} error={error} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose an exercise</option>
        {PHASES.map((phase) => {
          const inPhase = matches.filter((e) => e.exercise.phase === phase);
          if (inPhase.length === 0) return null;
          return (
            <optgroup key={phase} label={PHASE_LABELS[phase]}>
              {inPhase.map((e) => (
                <option key={e.value} value={e.value}>
                  {e.title}
                  {e.source === "template" ? " (your practice)" : ""}
                </option>
              ))}
            </optgroup>
          );
        })}
      </SelectField>
      {chosen && (
        <p className="chosen-exercise">
          {chosen.exercise.summary}{" "}
          <span className="muted">
            For: {AUDIENCE_LABELS[chosen.exercise.audience]} · About {chosen.exercise.minutes} min · Suggested:{" "}
            {suggestedCadenceLabel(chosen.exercise)}
          </span>
        </p>
      )}
    </div>
  );
}
