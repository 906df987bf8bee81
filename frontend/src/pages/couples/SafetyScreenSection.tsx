import { useEffect, useRef, useState, type FormEvent } from "react";
import { useLocation } from "react-router";
import {
  SCREEN_DECISION_LABELS,
  SCREEN_QUESTIONS,
  useRecordSafetyScreen,
  useSafetyScreens,
  type RecordedSafetyScreen,
  type SafetyScreen,
  type ScreenConcern,
} from "../../api/assignments";
import { ApiError, asApiError } from "../../api/client";
import type { Couple } from "../../api/clients";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDateTime } from "../../components/format";
import { FormActions } from "../../components/FormActions";
import { QueryState } from "../../components/LoadState";
import { RadioGroup } from "../../components/RadioGroup";
import { TextAreaField } from "../../components/TextAreaField";

export const POSITIVE_WARNING =
  "Self-guided repair is not enough where there is abuse, violence, addiction or ongoing deception. Record why you are proceeding.";

/** The couple's safety screen: the newest one (it decides), and the form to record another. */
export function SafetyScreenSection({ couple }: { couple: Couple }) {
  const screens = useSafetyScreens(couple.id);
  const [formOpen, setFormOpen] = useState(false);
  const [notice, setNotice] = useState("");
  const [paused, setPaused] = useState<RecordedSafetyScreen["paused_assignments"]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const hash = useLocation().hash;

  // Arriving from the assign form's "Record the safety screen" link.
  useEffect(() => {
    if (hash !== "#safety-screen") return;
    heading.current?.scrollIntoView?.({ block: "start" });
    heading.current?.focus();
  }, [hash]);

  const newest = screens.data?.[0];
  const earlier = screens.data?.slice(1) ?? [];
  const showForm = formOpen || (screens.data && !newest);

  return (
    <section id="safety-screen" className="panel safety-screen" aria-labelledby="safety-screen-heading">
      <h2 id="safety-screen-heading" ref={heading} tabIndex={-1}>
        Safety screen
      </h2>
      <p className="muted">
        Couples work is not for every couple. Trust-repair exercises (the Atone, Attune and Attach phases, and any
        written for one partner's side of the betrayal) can be given to either partner only after a screen that says
        proceed. The newest screen decides; a hold pauses the trust-repair work both partners already have.
      </p>
      <div role="status" className="notice-region">
        {notice && <p className="notice">{notice}</p>}
        {paused.length > 0 && (
          <div className="notice">
            <p>
              Paused until a new screen says proceed ({paused.length}{" "}
              {paused.length === 1 ? "assignment" : "assignments"}):
            </p>
            <ul className="plain-list">
              {paused.map((a) => (
                <li key={a.id}>
                  {a.title} — {a.client_name}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <QueryState query={screens} what="the safety screen" />
      {screens.data &&
        (newest ? (
          <ScreenSummary screen={newest} />
        ) : (
          <p className="empty">No safety screen yet — trust-repair exercises can't be assigned until one is recorded.</p>
        ))}
      {earlier.length > 0 && (
        <details className="earlier-screens">
          <summary>
            {earlier.length} earlier {earlier.length === 1 ? "screen" : "screens"}
          </summary>
          <ul className="plain-list">
            {earlier.map((s) => (
              <li key={s.id}>
                {formatDateTime(s.screened_at)} · {s.screened_by_name} · {SCREEN_DECISION_LABELS[s.decision]}
                {s.positive ? " · concerns marked" : " · no concerns"}
              </li>
            ))}
          </ul>
        </details>
      )}
      {showForm ? (
        <ScreenForm
          couple={couple}
          cancellable={!!newest}
          onCancel={() => {
            setFormOpen(false);
            requestAnimationFrame(() => openButton.current?.focus());
          }}
          onRecorded={(s) => {
            setFormOpen(false);
            setNotice(`Safety screen recorded: ${SCREEN_DECISION_LABELS[s.decision].toLowerCase()}.`);
            setPaused(s.paused_assignments);
            heading.current?.focus();
          }}
        />
      ) : (
        screens.data && (
          <button
            ref={openButton}
            type="button"
            className="button-secondary"
            onClick={() => {
              setNotice("");
              setPaused([]);
              setFormOpen(true);
            }}
          >
            Record a new safety screen
          </button>
        )
      )}
    </section>
  );
}

function ScreenSummary({ screen }: { screen: SafetyScreen }) {
  return (
    <div className="screen-summary">
      <h3 className="subheading">Newest screen</h3>
      <dl className="details">
        <dt>Date</dt>
        <dd>{formatDateTime(screen.screened_at)}</dd>
        <dt>Screened by</dt>
        <dd>{screen.screened_by_name || <span className="muted">A former member</span>}</dd>
        <dt>Concerns</dt>
        <dd>
          <ul className="plain-list">
            {SCREEN_QUESTIONS.map((q) => (
              <li key={q.key}>
                {q.label}: <strong>{screen[q.key] ? "Yes" : "No"}</strong>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Decision</dt>
        <dd>
          <strong>{SCREEN_DECISION_LABELS[screen.decision]}</strong>
        </dd>
        <dt>Note</dt>
        <dd className="prewrap">{screen.note || <span className="muted">No note</span>}</dd>
      </dl>
    </div>
  );
}

type YesNo = "" | "yes" | "no";

const LABELS: Record<string, string> = {
  ...Object.fromEntries(SCREEN_QUESTIONS.map((q) => [q.key, q.label])),
  decision: "Decision",
  note: "Note",
};

type ScreenFormProps = {
  couple: Couple;
  cancellable: boolean;
  onCancel: () => void;
  onRecorded: (screen: RecordedSafetyScreen) => void;
};

function ScreenForm({ couple, cancellable, onCancel, onRecorded }: ScreenFormProps) {
  const record = useRecordSafetyScreen(couple.id);
  const [answers, setAnswers] = useState<Record<ScreenConcern, YesNo>>({
    violence_or_fear: "",
    coercive_control: "",
    active_addiction: "",
    ongoing_contact: "",
  });
  const [decision, setDecision] = useState<"" | "proceed" | "hold">("");
  const [note, setNote] = useState("");
  const [local, setLocal] = useState<ApiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (cancellable) heading.current?.focus();
  }, [cancellable]);

  const error = local ?? (record.error ? asApiError(record.error) : null);
  const errors = error?.fields ?? {};
  const positive = SCREEN_QUESTIONS.some((q) => answers[q.key] === "yes");
  const needsNote = positive && decision === "proceed";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    record.reset();
    const problems: Record<string, string> = {};
    for (const q of SCREEN_QUESTIONS) if (!answers[q.key]) problems[q.key] = "Answer yes or no.";
    if (!decision) problems.decision = "Choose whether to proceed or hold.";
    if (needsNote && !note.trim()) problems.note = "Say why you are proceeding despite the concerns.";
    if (note.length > 2000) problems.note = "Keep the note to 2,000 characters.";
    if (Object.keys(problems).length > 0 || !decision) {
      setLocal(new ApiError(422, "validation_failed", "Please correct the highlighted answers.", problems));
      return;
    }
    setLocal(null);
    record.mutate(
      {
        violence_or_fear: answers.violence_or_fear === "yes",
        coercive_control: answers.coercive_control === "yes",
        active_addiction: answers.active_addiction === "yes",
        ongoing_contact: answers.ongoing_contact === "yes",
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: onRecorded },
    );
  }

  return (
    <div className="screen-form">
      <h3 className="subheading" ref={heading} tabIndex={-1}>
        Record a safety screen
      </h3>
      <p className="field-hint">Ask each partner on their own. Is any of these present now, or in the breach?</p>
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={submit} noValidate className="form">
        {SCREEN_QUESTIONS.map((q) => (
          <RadioGroup
            key={q.key}
            name={q.key}
            legend={q.label}
            inline
            value={answers[q.key]}
            error={errors[q.key]}
            onChange={(v) => setAnswers((a) => ({ ...a, [q.key]: v as YesNo }))}
            options={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
        ))}
        <RadioGroup
          name="decision"
          legend="Decision"
          value={decision}
          error={errors.decision}
          onChange={(v) => setDecision(v as "proceed" | "hold")}
          options={[
            { value: "proceed", label: SCREEN_DECISION_LABELS.proceed },
            { value: "hold", label: SCREEN_DECISION_LABELS.hold },
          ]}
        />
        <div aria-live="polite">{needsNote && <p className="warning">{POSITIVE_WARNING}</p>}</div>
        <TextAreaField
          name="note"
          label={needsNote ? "Note (required)" : "Note (optional)"}
          hint={needsNote ? "Why you are proceeding despite the concerns, and what you will watch for." : "Anything that informed the decision."}
          value={note}
          error={errors.note}
          required={needsNote}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
        />
        <FormActions
          label="Record safety screen"
          pendingLabel="Recording…"
          pending={record.isPending}
          onCancel={cancellable ? onCancel : undefined}
        />
      </form>
    </div>
  );
}
