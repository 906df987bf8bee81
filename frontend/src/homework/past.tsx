import { useCallback, useState, type FormEvent } from "react";
import {
  asApiError,
  getHistory,
  isSessionEnded,
  RefusedError,
  setPin,
  verifyPin,
  type ApiError,
  type HomeworkSession,
} from "./api";
import { ErrorText } from "./fields";
import { dayOf, momentOf, readableAnswer } from "./format";
import { useLoad } from "./load";
import { LoadFailed, useHomework, usePage } from "./shell";

const WHY_PIN = "Your PIN keeps past entries private, even from someone who can open your email or phone.";
const PIN_FORMAT = /^[0-9]{4,8}$/;

function withPin(session: HomeworkSession, pin: Partial<HomeworkSession["pin"]>): HomeworkSession {
  return { ...session, pin: { ...session.pin, ...pin } };
}

function PinInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "hw-field hw-field-invalid" : "hw-field"}>
      <label className="hw-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="hw-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <ErrorText id={`${id}-error`} error={error} />
      <input
        id={id}
        className="hw-pin"
        type="password"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        maxLength={8}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value.replace(/\s/g, ""))}
      />
    </div>
  );
}

function waitMessage(e: ApiError): string {
  const seconds = e instanceof RefusedError ? e.retryAfter : null;
  const minutes = seconds ? Math.max(1, Math.ceil(seconds / 60)) : 15;
  return `Too many tries. For your privacy, please wait ${minutes === 1 ? "a minute" : `${minutes} minutes`} and try again.`;
}

/** Choose a PIN (twice). Calls onSession with the server's answer. */
export function ChoosePinForm({ onSession }: { onSession: (s: HomeworkSession) => void }) {
  const { session, sessionEnded } = useHomework();
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const [errors, setErrors] = useState<{ first?: string; second?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!PIN_FORMAT.test(first)) return setErrors({ first: "Use 4 to 8 digits (numbers only)." });
    if (first !== second) return setErrors({ second: "The two PINs don't match. Please enter the same PIN twice." });
    setErrors({});
    setBusy(true);
    try {
      onSession(await setPin(first));
    } catch (e) {
      const err = asApiError(e);
      setBusy(false);
      if (isSessionEnded(err)) return sessionEnded();
      if (err.code === "pin_already_set") return onSession(withPin(session, { set: true, verified: false }));
      // The server names why a PIN is refused ("is a sequence, like 1234 …").
      if (err.fields.pin) return setErrors({ first: `That PIN ${err.fields.pin}.` });
      setErrors({ form: err.status === 0 ? "No connection. Check your connection and try again." : err.message });
    }
  }

  return (
    <form className="hw-form" noValidate onSubmit={submit}>
      <p>{WHY_PIN}</p>
      {errors.form && (
        <div className="hw-alert" role="alert">
          <p>{errors.form}</p>
        </div>
      )}
      <PinInput
        id="pin-new"
        label="Choose a PIN"
        hint="4 to 8 digits. Not 1234, 0000, a year or a line on the keypad: pick one others wouldn't guess."
        error={errors.first}
        value={first}
        onChange={setFirst}
      />
      <PinInput id="pin-again" label="Enter the same PIN again" error={errors.second} value={second} onChange={setSecond} />
      <button type="submit" className="hw-button" aria-disabled={busy || undefined}>
        {busy ? "Saving…" : "Save my PIN"}
      </button>
      <p className="hw-hint">If you forget it, your clinician can reset it.</p>
    </form>
  );
}

/** Enter the PIN to see past entries (action: the button's words, what the PIN opens). */
function VerifyPinForm({ onSession, action }: { onSession: (s: HomeworkSession) => void; action: string }) {
  const { session, sessionEnded } = useHomework();
  const [pin, setPinValue] = useState("");
  const [fieldError, setFieldError] = useState("");
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFormError("");
    if (!PIN_FORMAT.test(pin)) return setFieldError("Enter your PIN: 4 to 8 digits.");
    setFieldError("");
    setBusy(true);
    try {
      onSession(await verifyPin(pin));
    } catch (e) {
      const err = asApiError(e);
      setBusy(false);
      setPinValue("");
      if (err.code === "wrong_pin") return setFieldError(err.message || "That PIN isn't right.");
      if (err.status === 429) return setFormError(waitMessage(err));
      if (err.code === "pin_not_set") return onSession(withPin(session, { set: false, verified: false }));
      if (isSessionEnded(err)) return sessionEnded();
      if (err.fields.pin) return setFieldError(err.fields.pin);
      setFormError(err.status === 0 ? "No connection. Check your connection and try again." : err.message);
    }
  }

  return (
    <form className="hw-form" noValidate onSubmit={submit}>
      <h2>Enter your PIN</h2>
      <p>{WHY_PIN}</p>
      {formError && (
        <div className="hw-alert" role="alert">
          <p>{formError}</p>
        </div>
      )}
      <PinInput id="pin" label="PIN" error={fieldError} value={pin} onChange={setPinValue} />
      <button type="submit" className="hw-button" aria-disabled={busy || undefined}>
        {busy ? "Checking…" : action}
      </button>
      <p className="hw-hint">Forgot your PIN? Ask your clinician to reset it.</p>
    </form>
  );
}

/** The first visit, when the practice asks for a PIN and none is set yet. */
export function ChoosePinView() {
  const { setSession } = useHomework();
  const heading = usePage("Choose a PIN");
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Choose a PIN
      </h1>
      <ChoosePinForm onSession={setSession} />
    </>
  );
}

/**
 * A page behind the PIN, when the practice asks for one: locked until the PIN is entered in
 * this session, and locked again when the server answers 403 pin_required (onPinRequired).
 * unlocked takes the server's answer to the PIN step and moves focus back to the page's h1.
 */
export function usePinLock(heading: { current: HTMLHeadingElement | null }) {
  const { session, setSession } = useHomework();
  const locked = session.pin.required && !session.pin.verified;
  const onPinRequired = useCallback(
    () => setSession((s) => withPin(s, { required: true, verified: false })),
    [setSession],
  );
  const unlocked = useCallback(
    (next: HomeworkSession) => {
      setSession(next);
      heading.current?.focus(); // the form is gone; start again from the heading
    },
    [setSession, heading],
  );
  return { locked, onPinRequired, unlocked };
}

/** For useLoad: claims the server's 403 pin_required, which locks the page (onPinRequired). */
export function pinRequired(onPinRequired: () => void) {
  return (err: ApiError) => {
    const pin = err.status === 403 && err.code === "pin_required";
    if (pin) onPinRequired();
    return pin;
  };
}

/** What a locked page shows: enter the PIN, or choose one first when none is set. */
export function PinStep({ onSession, action }: { onSession: (s: HomeworkSession) => void; action: string }) {
  const { session } = useHomework();
  return session.pin.set ? (
    <VerifyPinForm onSession={onSession} action={action} />
  ) : (
    <>
      <h2>Choose a PIN first</h2>
      <ChoosePinForm onSession={onSession} />
    </>
  );
}

/** Past answers and journal entries: only behind the PIN, when the practice asks for one. */
export function PastView() {
  const heading = usePage("Past entries");
  // Never show past entries without the PIN: the server's 403 pin_required locks the page.
  const { locked, onPinRequired, unlocked } = usePinLock(heading);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Past entries
      </h1>
      {locked ? <PinStep onSession={unlocked} action="Show past entries" /> : <HistoryList onPinRequired={onPinRequired} />}
    </>
  );
}

function HistoryList({ onPinRequired }: { onPinRequired: () => void }) {
  const { session } = useHomework();
  const { data: history, error, retry } = useLoad(getHistory, [onPinRequired], pinRequired(onPinRequired));

  if (error) return <LoadFailed error={error} onRetry={retry} />;
  if (!history) return <p role="status">Loading your past entries…</p>;

  const tz = session.time_zone;
  return (
    <>
      <section aria-labelledby="past-answers">
        <h2 id="past-answers">Exercises and check-ins</h2>
        {history.responses.length === 0 ? (
          <p>Nothing sent yet.</p>
        ) : (
          <ul className="hw-entries">
            {history.responses.map((r) => (
              <li key={r.id} className="hw-entry">
                <article aria-labelledby={`past-${r.id}`}>
                  <h3 id={`past-${r.id}`}>{r.title}</h3>
                  <p className="hw-meta">
                    For {dayOf(r.date)} · sent {momentOf(r.submitted_at, tz)}
                  </p>
                  <dl className="hw-answers">
                    {r.fields
                      .filter((f) => f.type !== "script" || f.id in r.answers)
                      .map((f) => (
                        <div key={f.id}>
                          <dt>{f.label}</dt>
                          <dd>{readableAnswer(f, r.answers[f.id])}</dd>
                        </div>
                      ))}
                  </dl>
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-journal">
        <h2 id="past-journal">Journal</h2>
        {history.journal.length === 0 ? (
          <p>No journal entries yet.</p>
        ) : (
          <ul className="hw-entries">
            {history.journal.map((j) => (
              <li key={j.id} className="hw-entry">
                <p className="hw-meta">{momentOf(j.created_at, tz)}</p>
                <p className="hw-text">{j.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
