// The client's homework pages at /h/<token>: no router library, no query cache, just state, and
// an address per screen (routes.ts) so that Back and a reload return to it.
//
// Opening the link changes nothing (mail scanners open links): the page only asks whether this
// device already has a session for this link (GET /api/homework/me), and the token is exchanged
// for a session only when the client taps "Open my homework".
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import {
  asApiError,
  endSession,
  getSession,
  isSessionEnded,
  isTransient,
  openSession,
  type HomeworkSession,
} from "./api";
import { HelpView, SupportView } from "./crisis";
import { JournalView } from "./journal";
import { OfflineView } from "./offline";
import { Outbox } from "./outbox";
import { ChoosePinView, PastView } from "./past";
import { RemindersView } from "./reminders";
import {
  forgetHistory,
  linkFrom,
  pathOf,
  pushPath,
  replacePath,
  routeFrom,
  tokenFrom,
  type Route,
} from "./routes";
import { HelpLinkProvider, HomeworkProvider, Layout, usePage, type Go, type Homework, type View } from "./shell";
import { Drafts, forgetOpened, openedWith, rememberOpened, saveCrisis, scopeOf } from "./storage";
import { TaskView } from "./task";
import { ThanksView, TodayView } from "./today";
import { WeekView } from "./week";

export { tokenFrom };

type Phase =
  | { kind: "checking" }
  | { kind: "unreachable" }
  /** No signal, but this device has drafts of this link: they are listed and sent when it can. */
  | { kind: "offline"; tries: number }
  | { kind: "welcome"; note?: string }
  | { kind: "inactive" }
  | { kind: "no-link" }
  | { kind: "left"; unsent: boolean; failed: boolean }
  | { kind: "in"; session: HomeworkSession };

/** The screen at an address; a task's title comes from what is known on this device. */
function viewOf(route: Route, titleOf: (assignmentId: string, date: string) => string): View {
  return route.name === "task" ? { ...route, title: titleOf(route.assignmentId, route.date) } : route;
}

/** The address of a screen; null for the thank-you, which keeps the address of what was sent. */
function routeOf(view: View): Route | null {
  switch (view.name) {
    case "thanks":
      return null;
    case "support":
      return { name: "help" };
    case "task":
      return { name: "task", assignmentId: view.assignmentId, date: view.date };
    default:
      return view;
  }
}

const none = () => () => {};

type Props = {
  /** location.pathname when the page loaded: /h/<token>, or one of its screens. */
  path: string;
  /** The first retry delay of a failed send (doubles each time). Tests make it short. */
  retryDelayMs?: number;
};

export function HomeworkApp({ path, retryDelayMs }: Props) {
  const token = useMemo(() => tokenFrom(path), [path]);
  const link = useMemo(() => linkFrom(path), [path]);
  const scope = useMemo(() => (token ? scopeOf(token) : ""), [token]);
  const drafts = useMemo(() => new Drafts(scope), [scope]);
  const [phase, setPhase] = useState<Phase>(token ? { kind: "checking" } : { kind: "no-link" });
  const [check, setCheck] = useState(0);

  // Titles of the tasks opened here, so a task's heading shows at once after Back or Forward.
  const titles = useRef(new Map<string, string>());
  const titleOf = useCallback(
    (assignmentId: string, date: string) =>
      titles.current.get(`${assignmentId}/${date}`) ?? drafts.loadTask(drafts.taskKey(assignmentId, date))?.title ?? "",
    [drafts],
  );
  const [view, setView] = useState<View>(() => viewOf(routeFrom(path), titleOf));
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);

  // The address says which screen: written out in full (anything odd after the token is Today).
  useEffect(() => {
    if (link && typeof window !== "undefined") replacePath(pathOf(link, routeFrom(window.location.pathname)));
  }, [link]);

  // Back and Forward.
  useEffect(() => {
    if (!token) return;
    const moved = () => {
      if (tokenFrom(window.location.pathname) !== token) return; // left: the token is gone
      setView(viewOf(routeFrom(window.location.pathname), titleOf));
    };
    window.addEventListener("popstate", moved);
    return () => window.removeEventListener("popstate", moved);
  }, [token, titleOf]);

  const go = useCallback<Go>(
    (next, options) => {
      if (next.name === "task") titles.current.set(`${next.assignmentId}/${next.date}`, next.title);
      const route = routeOf(next);
      if (route && link) {
        const target = pathOf(link, route);
        if (options?.replace || target === window.location.pathname) replacePath(target);
        else pushPath(target);
      }
      setView(next);
    },
    [link],
  );

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
        const err = asApiError(e);
        if (isSessionEnded(err)) return setPhase({ kind: "welcome" });
        // Offline with something of this link's on the device: show it rather than a dead end.
        const kept = isTransient(err) && openedWith(scope) && drafts.list().length > 0;
        setPhase((p) => (kept ? { kind: "offline", tries: p.kind === "offline" ? p.tries + 1 : 0 } : { kind: "unreachable" }));
      },
    );
    return () => {
      live = false;
    };
  }, [token, scope, drafts, check]);

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

  // One outbox while there is something to send: offline, then in the session, without a gap.
  const sending = phase.kind === "in" || phase.kind === "offline";
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  useEffect(() => {
    if (!sending) return;
    const box = new Outbox(drafts, { onSessionEnded: sessionEnded, baseDelay: retryDelayMs });
    setOutbox(box);
    box.resume(); // sends the client tapped before a reload or while offline
    return () => {
      box.dispose();
      setOutbox(null);
    };
  }, [sending, drafts, sessionEnded, retryDelayMs]);

  // Answers that set off a risk item: the crisis screen at once, whichever screen is open. It
  // takes the place of the form that was sent (Back never reopens it), or comes on top of another.
  const crisis = useSyncExternalStore(outbox?.subscribe ?? none, () => outbox?.crisis ?? null);
  useEffect(() => {
    const taken = crisis && outbox?.takeCrisis();
    if (!taken) return;
    saveCrisis(scope, taken.support);
    const v = viewRef.current;
    const form =
      v.name === "task" ? drafts.taskKey(v.assignmentId, v.date) : v.name === "journal" ? drafts.journalKey() : "";
    go({ name: "support", crisis: taken.support }, { replace: form === taken.key });
  }, [crisis, outbox, scope, drafts, go]);

  const leave = useCallback(
    async (unsent: boolean) => {
      // Whatever the server says, nothing of this session stays on screen or in memory.
      setPhase({ kind: "left", unsent, failed: false });
      forgetOpened();
      if (typeof window !== "undefined" && tokenFrom(window.location.pathname) === token) {
        // The token leaves the address bar, and every entry of the tab's history that had it.
        void forgetHistory("/h/");
      }
      try {
        await endSession();
      } catch {
        setPhase({ kind: "left", unsent, failed: true });
      }
    },
    [token],
  );

  const toToday = useCallback(() => go({ name: "today" }), [go]);
  const help = useMemo(
    () =>
      link && phase.kind !== "left"
        ? { href: pathOf(link, { name: "help" }), open: () => go({ name: "help" }), current: view.name === "help" }
        : null,
    [link, phase.kind, go, view.name],
  );

  // Help right now never waits for a session, nor for the session check.
  const standalone = phase.kind !== "in" && phase.kind !== "left" && phase.kind !== "no-link";
  if (standalone && view.name === "help") {
    return (
      <HelpLinkProvider value={help}>
        <Layout>
          <HelpView scope={scope} live={false} onBack={toToday} backLabel="Back" />
        </Layout>
      </HelpLinkProvider>
    );
  }

  return <HelpLinkProvider value={help}>{screen()}</HelpLinkProvider>;

  function screen() {
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
      case "offline":
        return (
          <Layout>
            {!outbox ? null : view.name === "support" ? (
              <SupportView key="support" crisis={view.crisis} onContinue={toToday} />
            ) : (
              <OfflineView
                drafts={drafts}
                outbox={outbox}
                tries={phase.tries}
                onRetry={() => setCheck((n) => n + 1)}
                onToday={() => {
                  go({ name: "today" });
                  setCheck((n) => n + 1);
                }}
              />
            )}
          </Layout>
        );
      case "welcome":
        return <Welcome token={token} note={phase.note} onOpened={opened} onInactive={() => setPhase({ kind: "inactive" })} />;
      case "inactive":
        return <Inactive />;
      case "no-link":
        return <NoLink />;
      case "left":
        return <Left unsent={phase.unsent} failed={phase.failed} onRetry={() => void leave(phase.unsent)} />;
      case "in":
        return outbox ? (
          <SessionApp
            key={scope}
            initial={phase.session}
            scope={scope}
            drafts={drafts}
            outbox={outbox}
            view={view}
            go={go}
            link={link}
            onSessionEnded={sessionEnded}
            onLeave={(unsent) => void leave(unsent)}
          />
        ) : (
          <Layout practiceName={phase.session.practice_name}>{null}</Layout>
        );
    }
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
  drafts: Drafts;
  outbox: Outbox;
  view: View;
  go: Go;
  link: string;
  onSessionEnded: () => void;
  onLeave: (unsent: boolean) => void;
};

/** The pages of an open session. Everything here is dropped when the client leaves. */
function SessionApp({ initial, scope, drafts, outbox, view, go, link, onSessionEnded, onLeave }: SessionProps) {
  const [session, setSession] = useState(initial);

  const value = useMemo<Homework>(
    () => ({ session, setSession, drafts, outbox, go, sessionEnded: onSessionEnded }),
    [session, drafts, outbox, go, onSessionEnded],
  );

  const choosePin = session.pin.required && !session.pin.set;
  return (
    <HomeworkProvider value={value}>
      <Layout
        practiceName={session.practice_name}
        current={view.name}
        onNavigate={(name) => go({ name })}
        hrefOf={(name) => pathOf(link, { name })}
        onLeave={() => {
          const unsent = outbox.hasPending();
          outbox.dispose();
          onLeave(unsent);
        }}
        navHidden={choosePin}
      >
        {view.name === "help" ? (
          // Before anything else, even choosing a PIN.
          <HelpView key="help" scope={scope} live onBack={() => go({ name: "today" })} />
        ) : view.name === "support" ? (
          <SupportView key="support" crisis={view.crisis} onContinue={() => go({ name: "today" })} />
        ) : choosePin ? (
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
        ) : view.name === "week" ? (
          <WeekView key="week" />
        ) : (
          <PastView key="past" />
        )}
      </Layout>
    </HomeworkProvider>
  );
}
