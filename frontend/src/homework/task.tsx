import { useEffect, useRef, useState, type FormEvent } from "react";
import { getTask, type Answers, type ExerciseField, type TaskDetail } from "./api";
import { useLoad } from "./load";
import { coerceValue, fieldDomId, FieldInput, focusField, isKnownType, isUnanswered } from "./fields";
import { minutesOf } from "./format";
import { draftNoteFor, isLocked, SendProgress, useDraftSend } from "./sending";
import { LoadFailed, useHomework, usePage } from "./shell";
import { newKey, type TaskDraft } from "./storage";

/** One occurrence's exercise: what it is, why it helps, the fields, Send. */
export function TaskView({ assignmentId, date, title }: { assignmentId: string; date: string; title: string }) {
  const { go, drafts } = useHomework();
  const heading = usePage("Exercise");
  const { data: task, error, retry } = useLoad(() => getTask(assignmentId, date), [assignmentId, date]);
  // Gone (404), or no such day in its plan (409): the address is old, the task is closed.
  const gone = error?.status === 404 || error?.status === 409;
  // Its time has passed, or has not come: nothing to send now, unless words are kept for it.
  const heading1 = task?.title || title || (gone ? "This one is closed" : "Your exercise");
  const shut =
    !!task && !task.answered && (task.status === "missed" || task.status === "upcoming") &&
    !drafts.loadTask(drafts.taskKey(assignmentId, date));

  return (
    <>
      <button type="button" className="hw-back" onClick={() => go({ name: "today" })}>
        ← Back to Today
      </button>
      <h1 ref={heading} tabIndex={-1}>
        {heading1}
      </h1>
      {gone || shut ? (
        <Closed upcoming={task?.status === "upcoming"} named={heading1 !== "This one is closed"} />
      ) : error ? (
        <LoadFailed error={error} onRetry={retry} />
      ) : !task ? (
        <p role="status">Loading the exercise…</p>
      ) : (
        <Exercise task={task} />
      )}
    </>
  );
}

/** An old address, or a task whose time is not now: calm, and a way back. */
function Closed({ upcoming, named }: { upcoming: boolean; /** The heading is the task's title. */ named: boolean }) {
  const { go } = useHomework();
  return (
    <>
      <p>
        {upcoming
          ? "This one isn't open yet. It will be on your Today page when it is."
          : `${named ? "This one is closed. " : ""}There's nothing to send for it now: your clinician may have changed it, or its time has passed.`}
      </p>
      <button type="button" className="hw-button" onClick={() => go({ name: "today" })}>
        Back to Today
      </button>
    </>
  );
}

function initialValues(draft: TaskDraft | null, fields: ExerciseField[]): Answers {
  const values: Answers = {};
  if (!draft) return values;
  for (const field of fields) {
    if (!(field.id in draft.values)) continue;
    const v = coerceValue(field, draft.values[field.id]);
    if (v !== undefined) values[field.id] = v;
  }
  return values;
}

const PREFIX = "answers.";

function Exercise({ task }: { task: TaskDetail }) {
  const { drafts, outbox, go } = useHomework();
  const key = drafts.taskKey(task.assignment_id, task.date);
  const fields = task.fields;
  const [values, setValues] = useState<Answers>(() => initialValues(drafts.loadTask(key), fields));
  const valuesRef = useRef(values);
  const [hasDraft, setHasDraft] = useState(() => drafts.loadTask(key) !== null);
  const [kept, setKept] = useState(true);
  const [missing, setMissing] = useState<Record<string, string> | null>(null);
  const pending = drafts.loadTask(key)?.pending ?? false;
  const state = useDraftSend(key, pending, "answers");
  const locked = isLocked(state, pending);
  const summary = useRef<HTMLDivElement>(null);

  const refused = state?.state === "refused" ? state.error : null;
  const invalid = refused?.status === 422 || refused?.status === 400 ? refused : null;
  const fieldErrors: Record<string, string> = missing ?? {};
  const otherErrors: string[] = [];
  if (!missing && invalid) {
    for (const [name, message] of Object.entries(invalid.fields)) {
      const id = name.startsWith(PREFIX) ? name.slice(PREFIX.length) : "";
      if (id && fields.some((f) => f.id === id)) fieldErrors[id] = message;
      else otherErrors.push(message);
    }
  }
  const showSummary = !!missing || !!invalid;

  useEffect(() => {
    if (showSummary) summary.current?.focus();
  }, [showSummary, missing, invalid]);

  function change(fieldId: string, value: unknown) {
    const next = { ...valuesRef.current, [fieldId]: value };
    valuesRef.current = next;
    setValues(next);
    saveDraft(next, false);
  }

  /** Keeps the answers on the device, under the draft's key so far (a resend must reuse it). */
  function saveDraft(answers: Answers, pendingNow: boolean) {
    const draft: TaskDraft = {
      kind: "task",
      assignment_id: task.assignment_id,
      date: task.date,
      title: task.title,
      values: answers,
      key: drafts.loadTask(key)?.key ?? newKey(),
      pending: pendingNow,
      saved_at: Date.now(),
    };
    setKept(drafts.save(key, draft));
    setHasDraft(true);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (locked) return; // a double tap: the first send carries on
    const needed: Record<string, string> = {};
    for (const f of fields) {
      if (!f.required || !isKnownType(f)) continue;
      const value = valuesRef.current[f.id];
      if (isUnanswered(value) || (f.type === "script" && value !== true)) {
        needed[f.id] = f.type === "script" ? "Tick this once you have practised it." : "Please answer this question.";
      }
    }
    outbox.forget(key);
    if (Object.keys(needed).length > 0) {
      setMissing(needed);
      return;
    }
    setMissing(null);
    saveDraft(valuesRef.current, true);
    outbox.send(key);
  }

  function discard() {
    drafts.remove(key);
    outbox.forget(key);
    go({ name: "today" });
  }

  const draftNote = draftNoteFor(hasDraft, kept);

  if (task.answered && !hasDraft) {
    return (
      <>
        <p>You've already sent your answers for this one. Thank you.</p>
        <button type="button" className="hw-button" onClick={() => go({ name: "today" })}>
          Back to Today
        </button>
      </>
    );
  }

  return (
    <>
      {minutesOf(task.minutes) && <p className="hw-meta">{minutesOf(task.minutes)}</p>}
      {task.answered && (
        <p className="hw-notice">You've already sent answers for this one; sending again may not be possible.</p>
      )}
      {task.intro && <p className="hw-text">{task.intro}</p>}
      <section className="hw-why" aria-labelledby="hw-why-title">
        <h2 id="hw-why-title">Why this helps</h2>
        <p className="hw-text">{task.why}</p>
      </section>
      {task.watch_out && (
        <details className="hw-details">
          <summary>Watch out for</summary>
          <p className="hw-text">{task.watch_out}</p>
        </details>
      )}

      {showSummary && (
        <div className="hw-alert" role="alert" tabIndex={-1} ref={summary}>
          <h2>{missing ? "Some answers are missing" : "Please check your answers"}</h2>
          {invalid && <p>{invalid.message}</p>}
          <ul>
            {fields
              .filter((f) => fieldErrors[f.id])
              .map((f) => (
                <li key={f.id}>
                  <a
                    href={`#${fieldDomId(f.id)}`}
                    onClick={(e) => {
                      e.preventDefault(); // no change to the address
                      focusField(f.id);
                    }}
                  >
                    {f.label}: {fieldErrors[f.id]}
                  </a>
                </li>
              ))}
            {otherErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {refused && !invalid && (
        <div className="hw-alert" role="alert">
          <p>{refused.message}</p>
          {refused.status === 409 && (
            <p>Your answers are still below, so nothing is lost: you can copy them before you go.</p>
          )}
        </div>
      )}

      <form className="hw-form" noValidate onSubmit={submit} aria-labelledby="hw-your-answers">
        <h2 id="hw-your-answers">Your answers</h2>
        {fields.map((f) => (
          <FieldInput
            key={f.id}
            field={f}
            value={values[f.id]}
            onChange={(v) => change(f.id, v)}
            error={fieldErrors[f.id]}
            locked={locked}
          />
        ))}
        <button type="submit" className="hw-button" aria-disabled={locked || undefined}>
          {state?.state === "sending" ? "Sending…" : "Send"}
        </button>
        <SendProgress state={state} draftNote={draftNote} onRetryNow={() => outbox.retryNow()} />
      </form>
      {refused?.status === 409 && (
        <button type="button" className="hw-button-secondary" onClick={discard}>
          Discard this draft
        </button>
      )}
    </>
  );
}
