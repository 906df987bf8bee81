import { useEffect, useRef, useState, type FormEvent } from "react";
import { asApiError, type Me } from "../../api/client";
import { useClosePractice } from "../../api/practiceData";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Field } from "../../components/Field";

const LABELS = {
  practice_name: "The practice's name",
  password: "Your password",
};

/**
 * The danger zone's "Close practice" (owners): what closing means, then a confirmation that
 * asks for the practice's name typed out and the owner's password. Once closed, the shell shows
 * the closed practice (only its export is left).
 */
export function ClosePractice({ me }: { me: Me }) {
  const [confirming, setConfirming] = useState(false);
  const start = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    // Focus goes back to the button that opened the form when it is cancelled.
    if (!confirming && opened.current) start.current?.focus();
    opened.current = confirming;
  }, [confirming]);

  return (
    <section className="panel danger-zone" aria-labelledby="close-practice-heading">
      <h2 id="close-practice-heading">Close practice</h2>
      <p>
        Closing {me.practice.name} ends it for good. Every member and client is signed out, homework links stop working,
        and no reminders, digests or alerts are sent. The subscription, if there is one, is cancelled. Nobody but you can
        sign in afterwards, and then only to export the practice's data.
      </p>
      <p>
        The practice's data is kept for the legal retention period (seven years unless your Steady provider set another)
        and then deleted for good. Export it first if you need a copy now; you can still export it after closing.
      </p>
      {!confirming ? (
        <button ref={start} type="button" className="button-danger-outline" onClick={() => setConfirming(true)}>
          Close practice…
        </button>
      ) : (
        <CloseForm me={me} onCancel={() => setConfirming(false)} />
      )}
    </section>
  );
}

function CloseForm({ me, onCancel }: { me: Me; onCancel: () => void }) {
  const [form, setForm] = useState({ practice_name: "", password: "" });
  const close = useClosePractice();
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => question.current?.focus(), []);
  const error = close.error ? asApiError(close.error) : null;
  const fields = error?.fields ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    close.reset();
    close.mutate(form);
  }

  return (
    <form className="form confirm" onSubmit={onSubmit} noValidate aria-labelledby="close-practice-question">
      <p id="close-practice-question" ref={question} tabIndex={-1} className="confirm-question">
        Close {me.practice.name} for good? This cannot be undone.
      </p>
      <ErrorSummary error={error} labels={LABELS} />
      <Field
        name="practice_name"
        label={LABELS.practice_name}
        hint={`Type it exactly as it is: ${me.practice.name}`}
        autoComplete="off"
        required
        value={form.practice_name}
        onChange={(e) => setForm((f) => ({ ...f, practice_name: e.target.value }))}
        error={fields.practice_name}
      />
      <Field
        name="password"
        label={LABELS.password}
        type="password"
        autoComplete="current-password"
        required
        value={form.password}
        onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
        error={fields.password}
      />
      <div className="form-actions">
        <button type="submit" className="button-danger" disabled={close.isPending}>
          {close.isPending ? "Closing…" : "Close the practice for good"}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel} disabled={close.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
