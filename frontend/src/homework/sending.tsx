import { useEffect } from "react";
import { useSendState, type SendState } from "./outbox";
import { useHomework } from "./shell";

/**
 * The send of one draft (an exercise's answers, a journal entry), for the page that writes it. A
 * send that was under way when the page was closed carries on (same draft, same key); once it is
 * through, the outbox forgets it and the client is thanked. After a risk answer the crisis screen
 * comes instead (HomeworkApp), never a plain thank-you. Both pages send this way, so it is here.
 */
export function useDraftSend(key: string, pending: boolean, what: "answers" | "journal"): SendState | undefined {
  const { outbox, go } = useHomework();
  const state = useSendState(outbox, key);

  useEffect(() => {
    if (pending && !outbox.get(key)) outbox.send(key);
  }, [pending, outbox, key]);

  useEffect(() => {
    if (state?.state === "sent") {
      outbox.forget(key);
      if (!state.risk) go({ name: "thanks", what });
    }
  }, [state, outbox, key, go, what]);

  return state;
}

/** What SendProgress says of the draft: nothing before there is one, then whether this device kept it. */
export function draftNoteFor(hasDraft: boolean, kept: boolean): string {
  if (!hasDraft) return "";
  return kept ? "Draft saved on this device." : "This device can't keep a draft, so please keep this page open until it is sent.";
}

/** True while a send is under way or waiting to be retried: the form cannot change. */
export function isLocked(state: SendState | undefined, pending: boolean): boolean {
  return state?.state === "sending" || state?.state === "waiting" || (pending && state?.state !== "refused");
}

/**
 * The send's progress, in a live region that is always on the page (so changes are announced),
 * with a way to try again at once while offline.
 */
export function SendProgress({
  state,
  draftNote,
  onRetryNow,
}: {
  state: SendState | undefined;
  /** "Draft saved on this device", or why it could not be. */
  draftNote: string;
  onRetryNow: () => void;
}) {
  const waiting = state?.state === "waiting";
  return (
    <>
      <div role="status" className={waiting ? "hw-status hw-status-waiting" : "hw-status"}>
        {state?.state === "sending" && <p>Sending…</p>}
        {waiting && (
          <p>
            <strong>No connection — we'll keep trying.</strong> Everything you wrote is saved on this device and will be
            sent when the connection is back.
          </p>
        )}
      </div>
      {waiting && (
        <button type="button" className="hw-button-secondary" onClick={onRetryNow}>
          Try again now
        </button>
      )}
      {draftNote && !waiting && <p className="hw-draft-note">{draftNote}</p>}
    </>
  );
}
