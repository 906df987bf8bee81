// No signal, but this device opened this link before and kept something of it: instead of a
// dead end, what is waiting to be sent, sent as soon as the connection is back (the outbox
// retries on the browser's "online" event). Only titles show here, never what was written,
// and nothing is stored beyond the drafts storage.ts already keeps.
import { useState } from "react";
import { useOutboxVersion, type Outbox } from "./outbox";
import { usePage } from "./shell";
import type { Draft, Drafts } from "./storage";

function titleOf(draft: Draft): string {
  return draft.kind === "journal" ? "Journal entry" : draft.title || "An exercise";
}

export function OfflineView({
  drafts,
  outbox,
  tries,
  onRetry,
  onToday,
}: {
  drafts: Drafts;
  outbox: Outbox;
  /** How many times the client asked to try again and the server still could not be reached. */
  tries: number;
  /** Ask the server again, staying on the screen the address names. */
  onRetry: () => void;
  /** Everything is sent: on to Today (asking the server again). */
  onToday: () => void;
}) {
  const heading = usePage("No connection");
  // What was on the device when the page opened: a sent draft leaves storage, but stays listed as sent.
  const [items] = useState(() => drafts.list().sort(([, a], [, b]) => (a.saved_at ?? 0) - (b.saved_at ?? 0)));
  useOutboxVersion(outbox);
  const queued = items.filter(([, d]) => d.pending);
  const kept = items.filter(([, d]) => !d.pending);
  const allSent = queued.length > 0 && queued.every(([key]) => outbox.get(key)?.state === "sent");

  function stateOf(key: string): string {
    const state = outbox.get(key);
    if (state?.state === "sent") return "Sent";
    if (state?.state === "refused") return state.error.message;
    return "Waiting to send — will send when you're back online";
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        No connection right now
      </h1>
      <p>
        We can't reach Steady from this device at the moment. Everything you wrote is saved here, and your homework will
        show again once you're back online.
      </p>
      {queued.length > 0 && (
        <section aria-labelledby="hw-queue">
          <h2 id="hw-queue">Your answers</h2>
          <ul className="hw-queue" aria-live="polite">
            {queued.map(([key, draft]) => (
              <li key={key}>
                <span className="hw-queue-title">{titleOf(draft)}</span>
                <span className={outbox.get(key)?.state === "sent" ? "hw-queue-state hw-queue-sent" : "hw-queue-state"}>
                  {stateOf(key)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {kept.length > 0 && (
        <section aria-labelledby="hw-kept">
          <h2 id="hw-kept">Drafts on this device</h2>
          <ul className="hw-queue">
            {kept.map(([key, draft]) => (
              <li key={key}>
                <span className="hw-queue-title">{titleOf(draft)}</span>
                <span className="hw-queue-state">Not sent yet — you can finish it when you're back online</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div role="status" className="hw-status">
        {allSent ? (
          <p>Everything you wrote has been sent. Thank you.</p>
        ) : (
          tries > 0 && <p>Still no connection. Anything waiting will send by itself once you're back online.</p>
        )}
      </div>
      <button type="button" className="hw-button" onClick={allSent ? onToday : onRetry}>
        {allSent ? "Go to Today" : "Try again"}
      </button>
    </>
  );
}
