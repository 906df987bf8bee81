import { useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";
import { answerAnchor } from "../api/alerts";
import {
  ASSIGNMENT_STATUS_LABELS,
  occurrenceStatusLabel,
  useAssignmentAction,
  type Assignment,
  type AssignmentAction,
  type Occurrence,
} from "../api/assignments";
import { asApiError } from "../api/client";
import { fieldsFor } from "../api/exercises";
import { AnswerList } from "./Answers";
import { ReminderForm, remindersInWords } from "./AssignmentReminders";
import { cadenceInWords, cadenceSpan } from "./cadence";
import { ConfirmPanel } from "./ConfirmPanel";
import { formatWeekday } from "./dates";
import { ErrorSummary } from "./ErrorSummary";
import { formatDate, formatDateTime } from "./format";

type Level = 3 | 4;

/** A client's (or one partner's) assignments with their occurrences and answers. */
export function AssignmentList({ assignments, level = 3, empty }: { assignments: Assignment[]; level?: Level; empty: string }) {
  if (assignments.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="assignment-list">
      {assignments.map((a) => (
        <li key={a.id}>
          <AssignmentCard assignment={a} level={level} />
        </li>
      ))}
    </ul>
  );
}

const DONE_MESSAGES: Record<AssignmentAction, string> = {
  pause: "Paused. Nothing is asked while it is paused.",
  resume: "Resumed.",
  stop: "Stopped for good. The answers already given stay.",
};

function AssignmentCard({ assignment: a, level }: { assignment: Assignment; level: Level }) {
  const Heading = `h${level}` as const;
  const action = useAssignmentAction();
  const [confirming, setConfirming] = useState(false);
  const [editingReminders, setEditingReminders] = useState(false);
  const [notice, setNotice] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const remindersButton = useRef<HTMLButtonElement>(null);
  const headingId = `assignment-${a.id}`;

  function run(kind: AssignmentAction) {
    setNotice("");
    action.mutate(
      { id: a.id, action: kind },
      {
        onSuccess: () => {
          setNotice(DONE_MESSAGES[kind]);
          if (kind === "stop") {
            setConfirming(false);
            heading.current?.focus();
          }
        },
      },
    );
  }

  function closeReminders() {
    setEditingReminders(false);
    requestAnimationFrame(() => remindersButton.current?.focus());
  }

  const source = a.template_id
    ? `Your practice's exercise, version ${a.template_version ?? 1}`
    : "From the library";

  return (
    <article className="panel assignment" aria-labelledby={headingId}>
      <div className="assignment-head">
        <Heading id={headingId} ref={heading} tabIndex={-1}>
          {a.title}
        </Heading>
        <span className={`badge badge-assignment-${a.status}`}>{ASSIGNMENT_STATUS_LABELS[a.status]}</span>
      </div>
      <p className="assignment-cadence">{cadenceInWords(a)}</p>
      <p className="muted assignment-meta">
        {cadenceSpan(a.cadence)} · {source}
        {a.status === "paused" && a.paused_at && ` · Paused since ${formatDate(a.paused_at)}`}
        {a.status === "stopped" && a.stopped_at && ` · Stopped on ${formatDate(a.stopped_at)}`}
      </p>
      {/* A stopped assignment sends nothing more, so its reminders no longer mean anything. */}
      {a.status !== "stopped" && (
        <p className="assignment-reminders">
          {remindersInWords(a)}
          {a.status === "paused" && a.reminders.channel !== "none" && " · None are sent while it is paused"}
        </p>
      )}
      <p role="status" className="visually-hidden">
        {notice}
      </p>
      <ErrorSummary error={action.error && !confirming ? asApiError(action.error) : null} />
      {a.status !== "stopped" && !confirming && !editingReminders && (
        <div className="row-actions">
          {/* One button that changes its words, so focus stays on it. */}
          <button
            type="button"
            className="button-secondary"
            disabled={action.isPending}
            onClick={() => run(a.status === "paused" ? "resume" : "pause")}
          >
            {a.status === "paused" ? "Resume" : "Pause"} <span className="visually-hidden">{a.title}</span>
          </button>
          <button
            ref={remindersButton}
            type="button"
            className="button-secondary"
            disabled={action.isPending}
            onClick={() => {
              setNotice("");
              action.reset();
              setEditingReminders(true);
            }}
          >
            Change reminders <span className="visually-hidden">for {a.title}</span>
          </button>
          <button
            ref={stopButton}
            type="button"
            className="button-danger-outline"
            disabled={action.isPending}
            onClick={() => {
              action.reset();
              setConfirming(true);
            }}
          >
            Stop… <span className="visually-hidden">{a.title}</span>
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmPanel
          question={`Stop “${a.title}” for good?`}
          detail={`Nothing more of it will be asked of ${a.client_name}. The answers already given stay. A stopped assignment can't be restarted; assign it again instead.`}
          confirmLabel="Stop for good"
          busyLabel="Stopping…"
          busy={action.isPending}
          error={action.error ? asApiError(action.error) : null}
          danger
          onConfirm={() => run("stop")}
          onCancel={() => {
            setConfirming(false);
            action.reset();
            requestAnimationFrame(() => stopButton.current?.focus());
          }}
        />
      )}
      {editingReminders && (
        <ReminderForm
          assignment={a}
          level={level}
          onCancel={closeReminders}
          onSaved={(saved) => {
            setNotice(`Reminders saved. ${remindersInWords(saved)}.`);
            closeReminders();
          }}
        />
      )}
      <Occurrences assignment={a} level={level} />
    </article>
  );
}

/** The order of the counts above the days: what was done first, what is to come last. */
const COUNT_ORDER = ["Done", "Done late", "Late, still open", "Missed", "Due", "Upcoming"];

function Occurrences({ assignment: a, level }: { assignment: Assignment; level: Level }) {
  const Heading = `h${level + 1}` as "h4" | "h5";
  const list = [...a.occurrences].sort((x, y) => y.date.localeCompare(x.date));
  // A link to one day's answers (from an alert) that this window no longer holds says so.
  const hash = useLocation().hash;
  const prefix = `#${answerAnchor(a.id, "")}`;
  const wanted = hash.startsWith(prefix) ? hash.slice(prefix.length) : "";
  const gone = wanted && !list.some((o) => o.date === wanted) ? wanted : "";
  const goneNote = gone && (
    <p className="warning" role="status">
      The answer of {formatWeekday(gone)} is older than the four weeks shown here. The export has every answer.
    </p>
  );
  if (list.length === 0)
    return (
      <>
        {goneNote}
        <p className="muted">Nothing falls in the four weeks before or the week after today.</p>
      </>
    );
  const counts = COUNT_ORDER.map((label) => [label, list.filter((o) => occurrenceStatusLabel(o) === label).length] as const).filter(
    ([, n]) => n > 0,
  );
  return (
    <div className="occurrences-wrap">
      <Heading className="subheading">Days and answers</Heading>
      <p className="muted occurrence-counts">
        {counts.map(([label, n]) => `${label}: ${n}`).join(" · ")}
      </p>
      {goneNote}
      <ol className="occurrences">
        {list.map((o) => (
          <OccurrenceRow key={`${o.date}-${o.step}`} assignment={a} occurrence={o} />
        ))}
      </ol>
    </div>
  );
}

function OccurrenceRow({ assignment: a, occurrence: o }: { assignment: Assignment; occurrence: Occurrence }) {
  const anchor = answerAnchor(a.id, o.date);
  // Reached by a link to this day (#answer-…): shown open, scrolled to, focused and marked.
  const target = useLocation().hash === `#${anchor}`;
  const [open, setOpen] = useState(target && !!o.response);
  const row = useRef<HTMLLIElement>(null);
  const day = formatWeekday(o.date);
  const panelId = `answers-${a.id}-${o.date}`;
  const programme = a.cadence.kind === "programme";

  useEffect(() => {
    if (!target) return;
    if (o.response) setOpen(true);
    row.current?.scrollIntoView?.({ block: "center" });
    row.current?.focus({ preventScroll: true });
  }, [target, o.response]);

  return (
    <li
      id={anchor}
      ref={row}
      className={target ? "occurrence occurrence-target" : "occurrence"}
      tabIndex={target ? -1 : undefined}
    >
      <div className="occurrence-row">
        <span className="occurrence-date">
          {day}
          {programme && o.step > 0 && <span className="muted"> · day {o.step}</span>}
        </span>
        <span className={`badge badge-occurrence-${o.status}`}>{occurrenceStatusLabel(o)}</span>
        {o.response && (
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((v) => !v)}
          >
            {open ? "Hide answers" : "Show answers"} <span className="visually-hidden">for {day}</span>
          </button>
        )}
      </div>
      {o.response && (
        <div id={panelId} className="occurrence-answers" hidden={!open}>
          {open && (
            <>
              <p className="muted">Sent {formatDateTime(o.response.submitted_at)}</p>
              <AnswerList fields={fieldsFor(a.definition, o.step)} answers={o.response.answers} />
            </>
          )}
        </div>
      )}
    </li>
  );
}
