import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Assignment } from "../api/assignments";
import { ApiError, asApiError } from "../api/client";
import { useSetReminders, type ReminderChannel } from "../api/reminders";
import { CheckboxField } from "./CheckboxField";
import { ErrorSummary } from "./ErrorSummary";
import { Field } from "./Field";
import { FormActions } from "./FormActions";
import { RadioGroup } from "./RadioGroup";

const CHANNEL_WORDS: Record<Exclude<ReminderChannel, "none">, string> = {
  email: "by email",
  sms: "by text message",
  both: "by email and text message",
};

const CHANNEL_OPTIONS: { value: ReminderChannel; label: string }[] = [
  { value: "email", label: "Email" },
  { value: "sms", label: "Text message" },
  { value: "both", label: "Email and text" },
  { value: "none", label: "No reminders" },
];

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * An assignment's reminders in words: "Reminders by email at 19:00 (the exercise's time), with a
 * nudge the next day if it's not done", "No reminders".
 */
export function remindersInWords(assignment: Pick<Assignment, "reminders" | "cadence">): string {
  const r = assignment.reminders;
  if (r.channel === "none") return "No reminders";
  const at = r.at ?? `${assignment.cadence.at} (the exercise's time)`;
  const nudge = r.nudge ? ", with a nudge the next day if it's not done" : ", without a nudge";
  return `Reminders ${CHANNEL_WORDS[r.channel]} at ${at}${nudge}`;
}

type ReminderFormProps = {
  assignment: Assignment;
  /** The assignment's heading level; the form's heading is one below it. */
  level: 3 | 4;
  onCancel: () => void;
  onSaved: (assignment: Assignment) => void;
};

/** The form to change an assignment's reminders, shown in place on its card. */
export function ReminderForm({ assignment: a, level, onCancel, onSaved }: ReminderFormProps) {
  const Heading = `h${level + 1}` as "h4" | "h5";
  const save = useSetReminders();
  const [channel, setChannel] = useState<ReminderChannel>(a.reminders.channel);
  const [exerciseTime, setExerciseTime] = useState(a.reminders.at === null);
  const [at, setAt] = useState(a.reminders.at ?? a.cadence.at);
  const [nudge, setNudge] = useState(a.reminders.nudge);
  const [local, setLocal] = useState<ApiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  // A page lists several assignments, each of which may have this form open: ids carry the assignment's.
  const id = (field: string) => `reminders-${a.id}-${field}`;
  const error = local ?? (save.error ? asApiError(save.error) : null);
  const errors = error?.fields ?? {};
  const labels = { [id("channel")]: "Send reminders by", [id("at")]: "Reminder time", [id("nudge")]: "Nudge" };
  const summary =
    error && new ApiError(error.status, error.code, error.message, Object.fromEntries(Object.entries(errors).map(([k, v]) => [id(k), v])));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const valid = TIME.test(at);
    if (channel !== "none" && !exerciseTime && !valid) {
      setLocal(new ApiError(422, "validation_failed", "Please correct the highlighted fields.", { at: "Enter a time like 08:30." }));
      return;
    }
    setLocal(null);
    // With no reminders the time field is hidden, so a half-typed time there is dropped rather than refused.
    const reminders = { channel, at: exerciseTime || !valid ? null : at, nudge };
    save.mutate({ id: a.id, reminders }, { onSuccess: onSaved });
  }

  return (
    <div className="reminder-form">
      <Heading id={id("heading")} ref={heading} tabIndex={-1} className="subheading">
        Change reminders <span className="visually-hidden">for {a.title}</span>
      </Heading>
      <ErrorSummary error={summary} labels={labels} />
      <form onSubmit={submit} noValidate className="form" aria-labelledby={id("heading")}>
        <RadioGroup
          name={id("channel")}
          legend="Send reminders by"
          hint={`Email needs ${a.client_name}'s address and consent to email; texts need their mobile number and consent to texts.`}
          value={channel}
          error={errors.channel}
          onChange={(v) => setChannel(v as ReminderChannel)}
          options={CHANNEL_OPTIONS}
        />
        {channel !== "none" && (
          <>
            <CheckboxField
              name={id("exercise-time")}
              label={`Use the exercise's time (${a.cadence.at})`}
              checked={exerciseTime}
              onChange={(e) => setExerciseTime(e.target.checked)}
            />
            <Field
              name={id("at")}
              label="Reminder time"
              hint={`In ${a.client_name}'s own time zone, outside the practice's quiet hours.`}
              type="time"
              value={exerciseTime ? a.cadence.at : at}
              disabled={exerciseTime}
              error={errors.at}
              onChange={(e) => setAt(e.target.value)}
            />
            <CheckboxField
              name={id("nudge")}
              label="Send one nudge the next day if it's still not done"
              checked={nudge}
              error={errors.nudge}
              onChange={(e) => setNudge(e.target.checked)}
            />
          </>
        )}
        <FormActions label="Save reminders" pendingLabel="Saving…" pending={save.isPending} onCancel={onCancel} />
      </form>
    </div>
  );
}
