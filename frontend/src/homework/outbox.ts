// Sends drafts reliably. A send is keyed by its draft: the draft's idempotency key goes with
// every attempt, so the server writes one entry however many times it is sent. When the
// network fails or the server errs (the outcome is unknown), the draft stays on the device,
// marked pending, and is sent again with backoff, at once when the browser comes back online,
// and after a reload (resume). The outbox lives as long as the session, not as long as a page,
// so leaving the exercise page does not stop the retries.
import { useSyncExternalStore } from "react";
import {
  asApiError,
  isSessionEnded,
  isTransient,
  sendAnswers,
  sendJournal,
  type ApiError,
  type CrisisSupport,
  type Receipt,
} from "./api";
import { answersOf, newKey, type Drafts } from "./storage";

export type SendState =
  | { state: "sending" }
  /** Offline or a server error: trying again (with the same key). */
  | { state: "waiting"; attempts: number }
  /** risk: the answers set off a risk item; the crisis screen shows instead of the thank-you. */
  | { state: "sent"; receipt: Receipt; risk: boolean }
  /** The server answered no (409, 422, ...): nothing was written; the draft stays. */
  | { state: "refused"; error: ApiError };

type Job = { inFlight: boolean; attempts: number; timer?: ReturnType<typeof setTimeout> };

const MAX_DELAY = 60_000;

export class Outbox {
  readonly drafts: Drafts;
  private readonly baseDelay: number;
  private readonly onSessionEnded: () => void;
  private readonly states = new Map<string, SendState>();
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** Goes up on every change, for pages that watch all sends. */
  version = 0;
  /**
   * The crisis lines of the latest receipt that carried them, until a page shows them
   * (takeCrisis). Kept in memory only: never with the drafts, never past that screen.
   */
  crisis: { support: CrisisSupport; key: string } | null = null;

  constructor(drafts: Drafts, options: { onSessionEnded: () => void; baseDelay?: number }) {
    this.drafts = drafts;
    this.onSessionEnded = options.onSessionEnded;
    this.baseDelay = options.baseDelay ?? 2000;
    globalThis.addEventListener?.("online", this.retryNow);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  get(key: string): SendState | undefined {
    return this.states.get(key);
  }

  /** Sends the stored draft under key, unless a send of it is already under way. */
  send(key: string): void {
    if (this.disposed) return;
    const draft = this.drafts.load(key);
    if (!draft) return;
    if (!draft.pending) this.drafts.save(key, { ...draft, pending: true });
    let job = this.jobs.get(key);
    if (!job) {
      job = { inFlight: false, attempts: 0 };
      this.jobs.set(key, job);
    }
    if (job.inFlight) return; // a double tap
    clearTimeout(job.timer);
    void this.attempt(key, job);
  }

  /** Sends again every draft whose outcome was not known when the page was last open. */
  resume(): void {
    for (const [key, draft] of this.drafts.list()) {
      if (draft.pending) this.send(key);
    }
  }

  /** Tries the waiting sends now (the browser is back online, or the client asked). */
  retryNow = (): void => {
    if (this.disposed) return;
    for (const [key, job] of this.jobs) {
      if (job.inFlight) continue;
      clearTimeout(job.timer);
      void this.attempt(key, job);
    }
  };

  /** The crisis lines waiting to be shown (and whose send brought them), handed over once. */
  takeCrisis(): { support: CrisisSupport; key: string } | null {
    const crisis = this.crisis;
    if (crisis) {
      this.crisis = null;
      this.notify();
    }
    return crisis;
  }

  /** Forgets a finished send's outcome (once the page has shown it). */
  forget(key: string): void {
    if (this.states.delete(key)) this.notify();
  }

  /** Whether any draft of this link is still waiting to be sent. */
  hasPending(): boolean {
    return this.drafts.list().some(([, d]) => d.pending);
  }

  /** Stops retrying (the session ended on this device). Drafts stay on the device. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    this.jobs.clear();
    globalThis.removeEventListener?.("online", this.retryNow);
  }

  private set(key: string, state: SendState): void {
    this.states.set(key, state);
    this.notify();
  }

  /** The drafts sent since a page last looked (their outcome not yet shown). */
  sentKeys(): string[] {
    return [...this.states].filter(([, s]) => s.state === "sent").map(([key]) => key);
  }

  private notify(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  private async attempt(key: string, job: Job): Promise<void> {
    const draft = this.drafts.load(key);
    if (!draft) {
      this.jobs.delete(key);
      return;
    }
    job.inFlight = true;
    job.timer = undefined;
    // While retrying, the page keeps saying "we'll keep trying" rather than flickering.
    if (job.attempts === 0) this.set(key, { state: "sending" });
    try {
      const receipt =
        draft.kind === "task"
          ? await sendAnswers({
              assignment_id: draft.assignment_id,
              date: draft.date,
              answers: answersOf(draft.values),
              idempotency_key: draft.key,
            })
          : await sendJournal({ body: draft.body, idempotency_key: draft.key });
      if (this.drafts.load(key)?.key === draft.key) this.drafts.remove(key);
      this.jobs.delete(key);
      const { crisis, ...rest } = receipt;
      if (crisis) this.crisis = { support: crisis, key };
      this.set(key, { state: "sent", receipt: rest, risk: !!crisis });
    } catch (e) {
      const error = asApiError(e);
      job.inFlight = false;
      if (isTransient(error)) {
        job.attempts += 1;
        this.set(key, { state: "waiting", attempts: job.attempts });
        if (!this.disposed) {
          const delay = Math.min(this.baseDelay * 2 ** (job.attempts - 1), MAX_DELAY);
          job.timer = setTimeout(() => void this.attempt(key, job), delay);
        }
        return;
      }
      this.jobs.delete(key);
      const stored = this.drafts.load(key);
      if (stored && stored.key === draft.key) {
        if (isSessionEnded(error)) {
          // Not written; still meant to be sent: it goes once the link is opened again.
        } else {
          // A refusal proves nothing was written. After a 400 or 422 the client will change the
          // answers, and a server that replays a key's first result must not replay the refusal,
          // so the corrected draft gets a new key. A 409 keeps it (nothing to correct).
          const rekey = error.status === 400 || error.status === 422;
          this.drafts.save(key, { ...stored, pending: false, key: rekey ? newKey() : stored.key });
        }
      }
      this.set(key, { state: "refused", error });
      if (isSessionEnded(error) && !this.disposed) this.onSessionEnded();
    }
  }
}

/** The state of a draft's send, kept up to date. */
export function useSendState(outbox: Outbox, key: string): SendState | undefined {
  return useSyncExternalStore(outbox.subscribe, () => outbox.get(key));
}

/** A number that changes whenever any send changes. */
export function useOutboxVersion(outbox: Outbox): number {
  return useSyncExternalStore(outbox.subscribe, () => outbox.version);
}
