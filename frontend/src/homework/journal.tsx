import { useRef, useState, type FormEvent } from "react";
import { ErrorText } from "./fields";
import { draftNoteFor, isLocked, SendProgress, useDraftSend } from "./sending";
import { useHomework, usePage } from "./shell";
import { newKey, type JournalDraft } from "./storage";

const MAX = 20000; // the API's limit
const COUNT_FROM = MAX * 0.9;

/** A free journal entry, kept as a draft on the device and sent like answers. */
export function JournalView() {
  const { session, drafts, outbox } = useHomework();
  const heading = usePage("Journal");
  const key = drafts.journalKey();
  const [body, setBody] = useState(() => drafts.loadJournal()?.body ?? "");
  const bodyRef = useRef(body);
  const [hasDraft, setHasDraft] = useState(() => drafts.loadJournal() !== null);
  const [kept, setKept] = useState(true);
  const [empty, setEmpty] = useState(false);
  const pending = drafts.loadJournal()?.pending ?? false;
  const state = useDraftSend(key, pending, "journal");
  const locked = isLocked(state, pending);
  const refused = state?.state === "refused" ? state.error : null;
  const fieldError = empty ? "Write something first." : (refused?.fields.body ?? "");

  function save(text: string, pendingNow: boolean) {
    const existing = drafts.loadJournal();
    const draft: JournalDraft = {
      kind: "journal",
      body: text,
      key: existing?.key ?? newKey(),
      pending: pendingNow,
      saved_at: Date.now(),
    };
    setKept(drafts.save(key, draft));
    setHasDraft(true);
  }

  function change(text: string) {
    bodyRef.current = text;
    setBody(text);
    setEmpty(false);
    save(text, false);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (locked) return;
    outbox.forget(key);
    if (bodyRef.current.trim() === "") {
      setEmpty(true);
      return;
    }
    save(bodyRef.current, true);
    outbox.send(key);
  }

  const left = MAX - body.length;
  const showCount = body.length >= COUNT_FROM;
  const describedBy = ["journal-who", fieldError && "journal-error", showCount && "journal-count"].filter(Boolean).join(" ");
  const draftNote = draftNoteFor(hasDraft, kept);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Journal
      </h1>
      {(fieldError || refused) && (
        <div className="hw-alert" role="alert">
          <p>{fieldError || refused?.message}</p>
          {refused?.status === 409 && <p>Your entry is still below, so nothing is lost: you can copy it.</p>}
        </div>
      )}
      <form className="hw-form" noValidate onSubmit={submit}>
        <div className={fieldError ? "hw-field hw-field-invalid" : "hw-field"}>
          <label className="hw-label" htmlFor="journal-body">
            Write whatever is on your mind.
          </label>
          <p className="hw-hint" id="journal-who">
            {whoCanRead(session.practice_name)}
          </p>
          <ErrorText id="journal-error" error={fieldError} />
          <textarea
            id="journal-body"
            name="body"
            rows={10}
            maxLength={MAX}
            value={body}
            readOnly={locked}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => change(e.target.value)}
          />
          {showCount && (
            <p className="hw-count" id="journal-count" aria-live="polite">
              {left === 1 ? "1 character left" : `${left} characters left`}
            </p>
          )}
        </div>
        <button type="submit" className="hw-button" aria-disabled={locked || undefined}>
          {state?.state === "sending" ? "Sending…" : "Send"}
        </button>
        <SendProgress state={state} draftNote={draftNote} onRetryNow={() => outbox.retryNow()} />
      </form>
    </>
  );
}

/** Who can read a journal entry, truthfully: the staff who may see this client, never the partner. */
export function whoCanRead(practice: string): string {
  return `Who can read it: the clinicians who work with you, and the managers of ${practice}. Never your partner. Each time someone reads it, that is recorded.`;
}
