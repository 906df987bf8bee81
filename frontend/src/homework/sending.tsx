import type { SendState } from "./outbox";

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
