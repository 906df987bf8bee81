// The client's own reminders: their time for all of them, a break until a day, all off, and
// email back on after an unsubscribe. One form, one Save; nothing is kept on the device.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import {
  asApiError,
  getReminderChoices,
  isSessionEnded,
  saveReminderChoices,
  type ReminderChoices,
} from "./api";
import { ErrorText } from "./fields";
import { addDays, todayIn } from "./format";
import { useLoad } from "./load";
import { LoadFailed, useHomework, usePage } from "./shell";

const MAX_PAUSE_DAYS = 90; // the API's limit

type Form = {
  on: boolean;
  when: "exercise" | "mine";
  at: string;
  pause: boolean;
  until: string;
  /** Ticked: email reminders back on (only offered after an unsubscribe). */
  emailBack: boolean;
};

type Problems = {
  preferred_at?: string;
  paused_until?: string;
  /** Refusals of anything else, by the server. */
  other: string[];
};

const NONE: Problems = { other: [] };

/** The DOM ids of the controls a problem can be about. */
const CONTROL = { preferred_at: "reminders-at", paused_until: "reminders-until" } as const;
const LABEL = { preferred_at: "Your time", paused_until: "No reminders until" } as const;

function formOf(choices: ReminderChoices, today: string): Form {
  // A break that has ended (its day has come) is no break any more: saving it would be refused.
  const paused = !!choices.paused_until && choices.paused_until > today;
  return {
    on: !choices.off,
    when: choices.preferred_at ? "mine" : "exercise",
    at: choices.preferred_at ?? "",
    pause: paused,
    until: paused ? choices.paused_until! : "",
    emailBack: false,
  };
}

/** The PUT's body. With reminders off, a time or a day not filled in yet is simply left out. */
function bodyOf(form: Form, saved: ReminderChoices): ReminderChoices {
  return {
    preferred_at: form.when === "mine" && form.at ? form.at : null,
    paused_until: form.pause && form.until ? form.until : null,
    off: !form.on,
    email_unsubscribed: saved.email_unsubscribed && !form.emailBack,
  };
}

/** A server message as a sentence: a capital first letter, a full stop. */
function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Reminders: when, a break, off, email back on. */
export function RemindersView() {
  const { go } = useHomework();
  const heading = usePage("Reminders");
  const { data: choices, error, retry } = useLoad(getReminderChoices, []);

  return (
    <>
      <button type="button" className="hw-back" onClick={() => go({ name: "today" })}>
        ← Back to Today
      </button>
      <h1 ref={heading} tabIndex={-1}>
        Reminders
      </h1>
      <p className="hw-lead">Choose when we remind you about your homework, or take a break. It's up to you.</p>
      {error ? (
        <LoadFailed error={error} onRetry={retry} />
      ) : !choices ? (
        <p role="status">Loading your reminders…</p>
      ) : (
        <RemindersForm initial={choices} />
      )}
    </>
  );
}

function RemindersForm({ initial }: { initial: ReminderChoices }) {
  const { session, sessionEnded } = useHomework();
  const today = todayIn(session.time_zone);
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState<Form>(() => formOf(initial, today));
  const [problems, setProblems] = useState<Problems>(NONE);
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const summary = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(0); // each refusal moves focus to the summary, even the same one

  const hasProblems = !!problems.preferred_at || !!problems.paused_until || problems.other.length > 0;

  useEffect(() => {
    if (shown > 0) summary.current?.focus();
  }, [shown]);

  function change(patch: Partial<Form>) {
    setForm((f) => ({ ...f, ...patch }));
    setDone(""); // "saved" would no longer be true
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return; // a double tap: the first save carries on
    setFailure("");
    setDone("");
    const needed: Problems = { other: [] };
    if (form.on && form.when === "mine" && !form.at) {
      needed.preferred_at = "Choose a time, or go back to each exercise's own time.";
    }
    if (form.on && form.pause && !form.until) {
      needed.paused_until = "Choose the day your reminders should start again, or choose Don't pause.";
    }
    if (needed.preferred_at || needed.paused_until) {
      setProblems(needed);
      setShown((n) => n + 1);
      return;
    }
    setProblems(NONE);
    setBusy(true);
    try {
      const next = await saveReminderChoices(bodyOf(form, saved));
      setSaved(next);
      setForm(formOf(next, today));
      setDone(
        saved.email_unsubscribed && !next.email_unsubscribed
          ? "Your choices are saved. Reminder emails are back on."
          : "Your choices are saved.",
      );
    } catch (e) {
      const err = asApiError(e);
      if (isSessionEnded(err)) return sessionEnded();
      if ((err.status === 422 || err.status === 400) && Object.keys(err.fields).length > 0) {
        const found: Problems = { other: [] };
        for (const [name, message] of Object.entries(err.fields)) {
          if (name === "preferred_at" || name === "paused_until") found[name] = sentence(message);
          else found.other.push(sentence(message));
        }
        setProblems(found);
        setShown((n) => n + 1);
      } else {
        setFailure(
          err.status === 0
            ? "No connection, so your choices aren't saved yet. They are still below: try again when you're back online."
            : err.message,
        );
      }
    } finally {
      setBusy(false);
    }
  }

  // A problem with a choice that is hidden (reminders off) still shows its control.
  const showWhen = form.on || !!problems.preferred_at;
  const showPause = form.on || !!problems.paused_until;

  return (
    <>
      {hasProblems && (
        <div className="hw-alert" role="alert" tabIndex={-1} ref={summary}>
          <h2>Please check your choices</h2>
          <ul>
            {(["preferred_at", "paused_until"] as const)
              .filter((name) => problems[name])
              .map((name) => (
                <li key={name}>
                  <a
                    href={`#${CONTROL[name]}`}
                    onClick={(e) => {
                      e.preventDefault(); // no change to the address
                      document.getElementById(CONTROL[name])?.focus();
                    }}
                  >
                    {LABEL[name]}: {problems[name]}
                  </a>
                </li>
              ))}
            {problems.other.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {failure && (
        <div className="hw-alert" role="alert">
          <p>{failure}</p>
        </div>
      )}

      <form className="hw-form" noValidate onSubmit={submit} aria-label="Your reminders">
        <Choice
          legend="Reminders"
          name="reminders-on"
          value={form.on ? "on" : "off"}
          options={[
            { value: "on", label: "Remind me about my homework" },
            { value: "off", label: "Turn all reminders off" },
          ]}
          onChange={(v) => change({ on: v === "on" })}
          hint={form.on ? undefined : "You won't get any reminders. Your homework is still here whenever you want it."}
        />

        {showWhen && (
          <Choice
            legend="When should we remind you?"
            name="reminders-when"
            value={form.when}
            options={[
              { value: "exercise", label: "At each exercise's own time" },
              { value: "mine", label: "At a time I choose, for all of them" },
            ]}
            onChange={(v) => change({ when: v as Form["when"] })}
          >
            {form.when === "mine" && (
              <Control
                id={CONTROL.preferred_at}
                label={LABEL.preferred_at}
                hint="In your own local time. Your practice keeps some quiet hours when no reminders are sent."
                error={problems.preferred_at}
              >
                {(describedBy) => (
                  <input
                    id={CONTROL.preferred_at}
                    name="preferred_at"
                    type="time"
                    className="hw-when"
                    value={form.at}
                    aria-invalid={problems.preferred_at ? true : undefined}
                    aria-describedby={describedBy}
                    onChange={(e) => change({ at: e.target.value })}
                  />
                )}
              </Control>
            )}
          </Choice>
        )}

        {showPause && (
          <Choice
            legend="Take a break"
            name="reminders-pause"
            value={form.pause ? "yes" : "no"}
            options={[
              { value: "no", label: "Don't pause" },
              { value: "yes", label: "Pause reminders until a day I choose" },
            ]}
            onChange={(v) => change({ pause: v === "yes" })}
          >
            {form.pause && (
              <Control
                id={CONTROL.paused_until}
                label={LABEL.paused_until}
                hint={`Reminders start again on this day. You can take a break of up to ${MAX_PAUSE_DAYS} days.`}
                error={problems.paused_until}
              >
                {(describedBy) => (
                  <input
                    id={CONTROL.paused_until}
                    name="paused_until"
                    type="date"
                    className="hw-when"
                    min={addDays(today, 1)}
                    max={addDays(today, MAX_PAUSE_DAYS)}
                    value={form.until}
                    aria-invalid={problems.paused_until ? true : undefined}
                    aria-describedby={describedBy}
                    onChange={(e) => change({ until: e.target.value })}
                  />
                )}
              </Control>
            )}
          </Choice>
        )}

        {saved.email_unsubscribed && (
          <fieldset className="hw-field hw-group" aria-describedby="reminders-email-hint">
            <legend className="hw-label">Reminder emails</legend>
            <p className="hw-hint" id="reminders-email-hint">
              Reminder emails are off because you unsubscribed from one of them. Other reminders are not affected.
            </p>
            <div className="hw-option">
              <input
                type="checkbox"
                id="reminders-email"
                name="email_back"
                checked={form.emailBack}
                onChange={(e) => change({ emailBack: e.target.checked })}
              />
              <label htmlFor="reminders-email">Send me reminder emails again</label>
            </div>
          </fieldset>
        )}

        <button type="submit" className="hw-button" aria-disabled={busy || undefined}>
          {busy ? "Saving…" : "Save my choices"}
        </button>
        <div role="status" className="hw-status">
          {done && <p>{done}</p>}
        </div>
      </form>
    </>
  );
}

/** A group of radio buttons with a legend; what a choice reveals follows the group's options. */
function Choice({
  legend,
  name,
  value,
  options,
  onChange,
  hint,
  children,
}: {
  legend: string;
  name: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
  hint?: string;
  children?: ReactNode;
}) {
  return (
    <fieldset className="hw-field hw-group" aria-describedby={hint ? `${name}-hint` : undefined}>
      <legend className="hw-label">{legend}</legend>
      <ul className="hw-options">
        {options.map((o) => (
          <li key={o.value} className="hw-option">
            <input
              type="radio"
              id={`${name}-${o.value}`}
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <label htmlFor={`${name}-${o.value}`}>{o.label}</label>
          </li>
        ))}
      </ul>
      {hint && (
        <p className="hw-hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {children}
    </fieldset>
  );
}

/** One labelled control with its hint and its error, tied to it with aria-describedby. */
function Control({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint: string;
  error?: string;
  children: (describedBy: string) => ReactNode;
}) {
  const describedBy = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={error ? "hw-field hw-field-invalid hw-reveal" : "hw-field hw-reveal"}>
      <label className="hw-label" htmlFor={id}>
        {label}
      </label>
      <p className="hw-hint" id={`${id}-hint`}>
        {hint}
      </p>
      <ErrorText id={`${id}-error`} error={error} />
      {children(describedBy)}
    </div>
  );
}
