// The client's homework pages at /h/<token>: no router, no query cache, just state.
//
// Opening the link changes nothing (mail scanners open links): the page only asks whether this
// device already has a session for this link (GET /api/homework/me), and the token is exchanged
// for a session only when the client taps "Open my homework".
import { useCallback, useEffect, useMemo, useState } from "react";
import { asApiError, endSession, getSession, isSessionEnded, openSession, type HomeworkSession } from "./api";
import { JournalView } from "./journal";
import { Outbox } from "./outbox";
import { ChoosePinView, PastView } from "./past";
import { RemindersView } from "./reminders";
import { HomeworkProvider, Layout, usePage, type Homework, type View } from "./shell";
import { Drafts, forgetOpened, openedWith, rememberOpened, scopeOf } from "./storage";
import { TaskView } from "./task";
import { ThanksView, TodayView } from "./today";

type Phase =
  | { kind: "checking" }
  | { kind: "unreachable" }
  | { kind: "welcome"; note?: string }
  | { kind: "inactive" }
  | { kind: "no-link" }
  | { kind: "left"; unsent: boolean; failed: boolean }
  | { kind: "in"; session: HomeworkSession };

/** The link's token: the path segment after /h/. */
export function tokenFrom(path: string): string {
  const m = /^\/h\/([^/?#]+)/.exec(path);
  if (!m) return "";
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

type Props = {
  /** location.pathname: /h/<token>. */
  path: string;
  /** The first retry delay of a failed send (doubles each time). Tests make it short. */
  retryDelayMs?: number;
};

export function HomeworkApp({ path, retryDelayMs }: Props) {
  const token = useMemo(() => tokenFrom(path), [path]);
  const scope = useMemo(() => (token ? scopeOf(token) : ""), [token]);
  const [phase, setPhase] = useState<Phase>(token ? { kind: "checking" } : { kind: "no-link" });
  const [check, setCheck] = useState(0);

  useEffect(() => {
    if (!token) return;
    let live = true;
    getSession().then(
      (session) => {
        if (!live) return;
        // Only a session this device opened with this very link: never someone else's.
        setPhase(openedWith(scope) ? { kind: "in", session } : { kind: "welcome" });
      },
      (e: unknown) => {
        if (!live) return;
        setPhase(isSessionEnded(asApiError(e)) ? { kind: "welcome" } : { kind: "unreachable" });
      },
    );
    return () => {
      live = false;
    };
  }, [token, scope, check]);

  const opened = useCallback(
    (session: HomeworkSession) => {
      rememberOpened(scope);
      setPhase({ kind: "in", session });
    },
    [scope],
  );

  const sessionEnded = useCallback(() => {
    setPhase({
      kind: "welcome",
      note: "For your privacy, your session ended. Anything you wrote is still saved on this device.",
    });
  }, []);

  const leave = useCallback(
    async (unsent: boolean) => {
      // Whatever the server says, nothing of this session stays on screen or in memory.
      setPhase({ kind: "left", unsent, failed: false });
      forgetOpened();
      if (typeof window !== "undefined" && window.location.pathname === path) {
        window.history.replaceState(null, "", "/h/"); // the token leaves the address bar too
      }
      try {
        await endSession();
      } catch {
        setPhase({ kind: "left", unsent, failed: true });
      }
    },
    [path],
  );

  switch (phase.kind) {
    case "checking":
      return (
        <Layout>
          <p role="status" className="hw-status">
            Loading…
          </p>
        </Layout>
      );
    case "unreachable":
      return <Unreachable onRetry={() => setCheck((n) => n + 1)} />;
    case "welcome":
      return <Welcome token={token} note={phase.note} onOpened={opened} onInactive={() => setPhase({ kind: "inactive" })} />;
    case "inactive":
      return <Inactive />;
    case "no-link":
      return <NoLink />;
    case "left":
      return <Left unsent={phase.unsent} failed={phase.failed} onRetry={() => void leave(phase.unsent)} />;
    case "in":
      return (
        <SessionApp
          key={scope}
          initial={phase.session}
          scope={scope}
          retryDelayMs={retryDelayMs}
          onSessionEnded={sessionEnded}
          onLeave={(unsent) => void leave(unsent)}
        />
      );
  }
}

function Welcome({
  token,
  note,
  onOpened,
  onInactive,
}: {
  token: string;
  note?: string;
  onOpened: (s: HomeworkSession) => void;
  onInactive: () => void;
}) {
  const heading = usePage("Welcome");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function open() {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      onOpened(await openSession(token));
    } catch (e) {
      const err = asApiError(e);
      setBusy(false);
      if (err.status === 404 || err.status === 400) return onInactive();
      if (err.status === 429) return setError("Too many tries from this connection. Please wait a few minutes, then try again.");
      setError(err.status === 0 ? "No connection. Check your connection and try again." : err.message);
    }
  }

  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>
        Your homework
      </h1>
      {note && <p className="hw-notice">{note}</p>}
      <p>This is your private space for the work you do between sessions with your clinician.</p>
      {error && (
        <div className="hw-alert" role="alert">
          <p>{error}</p>
        </div>
      )}
      <button type="button" className="hw-button" aria-disabled={busy || undefined} onClick={() => void open()}>
        {busy ? "Opening…" : "Open my homework"}
      </button>
    </Layout>
  );
}

/** Wrong, expired and revoked links all look the same. */
function Inactive() {
  const heading = usePage("Link not active");
  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>
        This link isn't active
      </h1>
      <p>This link isn't active. Ask your clinician for a new one.</p>
    </Layout>
  );
}

function NoLink() {
  const heading = usePage("Your homework");
  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>
        Your homework
      </h1>
      <p>To see your homework, open the link in the message from your clinician.</p>
    </Layout>
  );
}

function Unreachable({ onRetry }: { onRetry: () => void }) {
  const heading = usePage("No connection");
  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>
        We can't reach Steady
      </h1>
      <div role="alert" className="hw-alert">
        <p>Check your connection and try again.</p>
      </div>
      <button type="button" className="hw-button" onClick={onRetry}>
        Try again
      </button>
    </Layout>
  );
}

function Left({ unsent, failed, onRetry }: { unsent: boolean; failed: boolean; onRetry: () => void }) {
  const heading = usePage("You've left");
  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>
        You've left
      </h1>
      {failed ? (
        <>
          <div role="alert" className="hw-alert">
            <p>
              We couldn't reach Steady to lock your homework on this device. Check your connection and try again, or
              close this page.
            </p>
          </div>
          <button type="button" className="hw-button" onClick={onRetry}>
            Try again
          </button>
        </>
      ) : (
        <p role="status">Your homework is locked on this device.</p>
      )}
      {unsent && (
        <p>Something you wrote hasn't been sent yet. It is saved on this device and will be sent when you next open your link.</p>
      )}
      <p>To come back, open the link in the message from your clinician.</p>
    </Layout>
  );
}

type SessionProps = {
  initial: HomeworkSession;
  scope: string;
  retryDelayMs?: number;
  onSessionEnded: () => void;
  onLeave: (unsent: boolean) => void;
};

/** The pages of an open session. Everything here is dropped when the client leaves. */
function SessionApp({ initial, scope, retryDelayMs, onSessionEnded, onLeave }: SessionProps) {
  const [session, setSession] = useState(initial);
  const [view, setView] = useState<View>({ name: "today" });
  const drafts = useMemo(() => new Drafts(scope), [scope]);
  const [outbox, setOutbox] = useState<Outbox | null>(null);

  useEffect(() => {
    const box = new Outbox(drafts, { onSessionEnded, baseDelay: retryDelayMs });
    setOutbox(box);
    box.resume(); // sends the client tapped before a reload or while offline
    return () => box.dispose();
  }, [drafts, onSessionEnded, retryDelayMs]);

  const go = useCallback((next: View) => setView(next), []);

  const value = useMemo<Homework | null>(
    () => (outbox ? { session, setSession, drafts, outbox, go, sessionEnded: onSessionEnded } : null),
    [session, drafts, outbox, go, onSessionEnded],
  );

  if (!value || !outbox) return <Layout practiceName={session.practice_name}>{null}</Layout>;

  const choosePin = session.pin.required && !session.pin.set;
  return (
    <HomeworkProvider value={value}>
      <Layout
        practiceName={session.practice_name}
        current={view.name}
        onNavigate={(name) => setView({ name } as View)}
        onLeave={() => {
          const unsent = outbox.hasPending();
          outbox.dispose();
          onLeave(unsent);
        }}
        navHidden={choosePin}
      >
        {choosePin ? (
          <ChoosePinView />
        ) : view.name === "today" ? (
          <TodayView key="today" />
        ) : view.name === "task" ? (
          <TaskView key={`${view.assignmentId}/${view.date}`} assignmentId={view.assignmentId} date={view.date} title={view.title} />
        ) : view.name === "thanks" ? (
          <ThanksView key="thanks" what={view.what} />
        ) : view.name === "journal" ? (
          <JournalView key="journal" />
        ) : view.name === "reminders" ? (
          <RemindersView key="reminders" />
        ) : (
          <PastView key="past" />
        )}
      </Layout>
    </HomeworkProvider>
  );
}
