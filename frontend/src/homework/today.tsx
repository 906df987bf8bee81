import { useEffect, useState } from "react";
import { getToday, type Task } from "./api";
import { dueWording, minutesOf, pastDue } from "./format";
import { useLoad } from "./load";
import { useOutboxVersion } from "./outbox";
import { LoadFailed, useHomework, usePage } from "./shell";

/** Today: a greeting, what is open now, what comes next. */
export function TodayView() {
  const { session, outbox, drafts, go } = useHomework();
  const heading = usePage("Today");
  const { data: today, error, retry } = useLoad(getToday, []);
  const [flash, setFlash] = useState("");
  const version = useOutboxVersion(outbox);

  // A send that finished while another page was open (or in the background): say so, reload.
  useEffect(() => {
    const sent = outbox.sentKeys();
    if (sent.length === 0) return;
    for (const key of sent) outbox.forget(key);
    setFlash(sent.length === 1 ? "Something you wrote earlier has now been sent. Thank you." : "What you wrote earlier has now been sent. Thank you.");
    retry();
    // retry is a fresh closure each render; the outbox's version says when to run.
  }, [version, outbox]);

  function note(task: Task): string {
    const draft = drafts.loadTask(drafts.taskKey(task.assignment_id, task.date));
    if (!draft) return "";
    return draft.pending ? "Waiting to send (saved on this device)" : "Draft saved on this device";
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Hello, {session.client_name}
      </h1>
      <p className="hw-lead">Your homework from {session.practice_name}.</p>
      <div role="status" className="hw-status">
        {flash && <p>{flash}</p>}
        {!today && !error && <p>Loading today's tasks…</p>}
      </div>
      {error && <LoadFailed error={error} onRetry={retry} />}
      {today && (
        <>
          <section aria-labelledby="hw-open">
            <h2 id="hw-open">To do</h2>
            {toDo(today.open).length === 0 ? (
              <p>
                {done(today.open).length > 0 ? "All done for now. Thank you." : "Nothing to do right now."} You can
                write in your journal whenever you like.
              </p>
            ) : (
              <ul className="hw-tasks">
                {toDo(today.open).map((task) => {
                  const draftNote = note(task);
                  return (
                    <li key={`${task.assignment_id}/${task.date}`}>
                      <button
                        type="button"
                        className={pastDue(task) ? "hw-task hw-task-late" : "hw-task"}
                        onClick={() =>
                          go({ name: "task", assignmentId: task.assignment_id, date: task.date, title: task.title })
                        }
                      >
                        <span className="hw-task-title">{task.title}</span>
                        {task.summary && <span className="hw-task-summary">{task.summary}</span>}
                        <span className="hw-task-meta">
                          {dueWording(task, today.today, session.time_zone)}
                          {minutesOf(task.minutes) && ` · ${minutesOf(task.minutes)}`}
                        </span>
                        {draftNote && <span className="hw-task-draft">{draftNote}</span>}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          {done(today.open).length > 0 && (
            <section aria-labelledby="hw-done">
              <h2 id="hw-done">Done</h2>
              <ul className="hw-upcoming">
                {done(today.open).map((task) => (
                  <li key={`${task.assignment_id}/${task.date}`}>
                    <strong>{task.title}</strong> — {task.status === "late" ? "done, after it was due" : "done"}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {today.upcoming.length > 0 && (
            <section aria-labelledby="hw-upcoming">
              <h2 id="hw-upcoming">Coming up</h2>
              <ul className="hw-upcoming">
                {today.upcoming.map((task) => (
                  <li key={`${task.assignment_id}/${task.date}`}>
                    Next: <strong>{task.title}</strong> — {dueWording(task, today.today, session.time_zone)}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <section aria-labelledby="hw-journal-cta" className="hw-journal-cta">
        <h2 id="hw-journal-cta">Your journal</h2>
        <p>Write down whatever is on your mind, whenever you like.</p>
        <button type="button" className="hw-button-secondary" onClick={() => go({ name: "journal" })}>
          Write in my journal
        </button>
      </section>
      <section aria-labelledby="hw-reminders-cta" className="hw-journal-cta">
        <h2 id="hw-reminders-cta">Your reminders</h2>
        <p>Pick a time that suits you, take a break, or turn reminders off.</p>
        <button type="button" className="hw-button-secondary" onClick={() => go({ name: "reminders" })}>
          Change my reminders
        </button>
      </section>
    </>
  );
}

// The API keeps a task answered today on the list for the rest of the day, with status done
// (or late: answered after it was due). Those show as done, never as still to do.
const isDone = (t: Task) => t.status === "done" || t.status === "late";
const toDo = (tasks: Task[]) => tasks.filter((t) => !isDone(t));
const done = (tasks: Task[]) => tasks.filter(isDone);

/** After a send: a thank-you, then back to Today. */
export function ThanksView({ what }: { what: "answers" | "journal" }) {
  const { go } = useHomework();
  const heading = usePage("Thank you");
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Thank you
      </h1>
      <p>
        {what === "answers"
          ? "Your answers were sent to your clinician."
          : "Your journal entry was sent to the clinicians who work with you. Your partner can't see it."}
      </p>
      <button type="button" className="hw-button" onClick={() => go({ name: "today" })}>
        Back to Today
      </button>
    </>
  );
}
