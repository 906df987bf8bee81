import type { Dispatch } from "react";
import type { Cadence, Weekday } from "../../api/assignments";
import type { Client } from "../../api/clients";
import { WEEKDAYS } from "../../components/cadence";
import { CheckboxGroup } from "../../components/CheckboxGroup";
import { Field } from "../../components/Field";
import { RadioGroup } from "../../components/RadioGroup";
import { SelectField } from "../../components/SelectField";
import { timeZoneLabel } from "../../components/timeZones";
import type { AssignAction, AssignState } from "./assignState";

const KIND_OPTIONS: { value: Cadence["kind"]; label: string }[] = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly on chosen days" },
  { value: "monthly", label: "Monthly, on the start date's day of the month" },
  { value: "programme", label: "A programme of N days (one step a day)" },
];

type CadenceFieldsProps = {
  state: AssignState;
  /** The weekly cadence's days as shown (the start date's weekday until chosen). */
  weekdays: Weekday[];
  errors: Record<string, string>;
  /** The client it is for, whose time zone the hint names; null for a couple. */
  client: Client | null;
  dispatch: Dispatch<AssignAction>;
};

/** The assign form's "When": how often, from and to when, and at what time of day. */
export function CadenceFields({ state, weekdays, errors, client, dispatch }: CadenceFieldsProps) {
  const { kind, start } = state;
  const text = (input: "start" | "end" | "every" | "days" | "at") => ({
    value: state[input],
    error: errors[`cadence.${input}`],
    onChange: (e: { target: { value: string } }) => dispatch({ type: "text", input, value: e.target.value }),
  });
  return (
    <fieldset className="group cadence">
      <legend className="group-heading">When</legend>
      <RadioGroup
        name="cadence.kind"
        legend="How often"
        value={kind}
        error={errors["cadence.kind"]}
        onChange={(v) => dispatch({ type: "kind", kind: v as Cadence["kind"] })}
        options={KIND_OPTIONS}
      />
      <div className="field-row">
        <Field name="cadence.start" label="Start date" hint={kind === "once" ? "The day it opens." : "The first day."} type="date" {...text("start")} />
        {kind !== "programme" && (
          <Field
            name="cadence.end"
            label={kind === "once" ? "Due date" : "End date"}
            hint={kind === "once" ? "Optional. Without one, it is due on the day it opens." : "Optional. The last day, included."}
            type="date"
            min={start || undefined}
            {...text("end")}
          />
        )}
      </div>
      {kind === "weekly" && (
        <SelectField name="cadence.every" label="Repeat" {...text("every")}>
          <option value="1">Every week</option>
          <option value="2">Every two weeks</option>
          <option value="3">Every three weeks</option>
          <option value="4">Every four weeks</option>
        </SelectField>
      )}
      {kind === "weekly" && (
        <CheckboxGroup
          name="cadence.weekdays"
          legend="On these days"
          error={errors["cadence.weekdays"]}
          options={WEEKDAYS.map((w) => ({ value: w.value, label: w.label }))}
          hint={state.weekdaysChosen ? undefined : "The start date's weekday, until you choose."}
          selected={weekdays}
          onChange={(v) => dispatch({ type: "weekdays", weekdays: v as Weekday[] })}
        />
      )}
      {kind === "programme" && (
        <Field
          name="cadence.days"
          label="Number of days"
          hint="One step a day, from the start date."
          type="number"
          inputMode="numeric"
          min={1}
          {...text("days")}
        />
      )}
      <Field
        name="cadence.at"
        label="Time of day"
        hint={`Times are in each client's own time zone.${client ? ` ${client.name}'s is ${timeZoneLabel(client.time_zone)}.` : ""}`}
        type="time"
        {...text("at")}
      />
    </fieldset>
  );
}
