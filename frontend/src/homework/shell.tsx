import {
  createContext,
  useContext,
  useEffect,
  useRef,
  type Dispatch,
  type MouseEvent,
  type ReactNode,
  type SetStateAction,
} from "react";
import type { ApiError, CrisisSupport, HomeworkSession } from "./api";
import type { Outbox } from "./outbox";
import type { Drafts } from "./storage";

/**
 * A screen. Each has an address under the link (routes.ts), except the two that follow a send:
 * the thank-you keeps the address of the form that was sent (Back goes to the screen before
 * it, never to the sent form), and the crisis screen stands at the help page's address.
 */
export type View =
  | { name: "today" }
  | { name: "task"; assignmentId: string; date: string; title: string }
  | { name: "thanks"; what: "answers" | "journal" }
  | { name: "journal" }
  | { name: "reminders" }
  | { name: "week" }
  | { name: "past" }
  | { name: "help" }
  | { name: "support"; crisis: CrisisSupport };

/** replace: the new screen takes the current history entry's place instead of adding one. */
export type Go = (view: View, options?: { replace?: boolean }) => void;

export type Homework = {
  session: HomeworkSession;
  setSession: Dispatch<SetStateAction<HomeworkSession>>;
  drafts: Drafts;
  outbox: Outbox;
  go: Go;
  /** The server said the session is gone (401): back to the welcome screen. */
  sessionEnded: () => void;
};

const HomeworkContext = createContext<Homework | null>(null);
export const HomeworkProvider = HomeworkContext.Provider;

export function useHomework(): Homework {
  const value = useContext(HomeworkContext);
  if (!value) throw new Error("useHomework outside the homework session");
  return value;
}

/**
 * Sets the document title and moves focus to the page's h1 when the page appears, so a
 * screen reader announces the new page. Returns the ref for the h1 (which has tabIndex -1).
 */
export function usePage(title: string) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Steady`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return heading;
}

/** The way to the help page (none where the link is not known, as after leaving). */
export type HelpLink = { href: string; open: () => void; current: boolean };
const HelpLinkContext = createContext<HelpLink | null>(null);
export const HelpLinkProvider = HelpLinkContext.Provider;

/** A link that moves within the app on a plain click and stays a real link otherwise. */
export function inApp(open: () => void) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    open();
  };
}

/** What anyone can do, when the practice's own lines are not known on this device. */
export function GenericCrisisText() {
  return (
    <p>
      If you are in danger or thinking about harming yourself, call your local emergency number now. In the US call or
      text <a href="tel:988">988</a>; in the UK and Ireland call Samaritans on <a href="tel:116123">116 123</a>;
      elsewhere,{" "}
      <a href="https://findahelpline.com" target="_blank" rel="noopener noreferrer">
        findahelpline.com
      </a>{" "}
      lists free, confidential lines.
    </p>
  );
}

/** Crisis resources: a way to them from every page. */
export function CrisisFooter() {
  const help = useContext(HelpLinkContext);
  if (help) {
    return (
      <footer className="hw-crisis" aria-label="Help right now">
        <p className="hw-crisis-help">
          <a
            className="hw-crisis-link"
            href={help.href}
            aria-current={help.current ? "page" : undefined}
            onClick={inApp(help.open)}
          >
            Need help now?
          </a>{" "}
          See who you can call or text right away.
        </p>
      </footer>
    );
  }
  return (
    <footer className="hw-crisis" aria-labelledby="hw-crisis-title">
      <h2 id="hw-crisis-title">Need help now?</h2>
      <GenericCrisisText />
    </footer>
  );
}

type NavItem = { name: "today" | "journal" | "week" | "past"; label: string };
const NAV: NavItem[] = [
  { name: "today", label: "Today" },
  { name: "journal", label: "Journal" },
  { name: "week", label: "Your week" },
  { name: "past", label: "Past entries" },
];

type LayoutProps = {
  children: ReactNode;
  practiceName?: string;
  /** The current page, for the navigation (none on the signed-out pages). */
  current?: View["name"];
  onNavigate?: (name: NavItem["name"]) => void;
  /** The address of each page in the navigation. */
  hrefOf?: (name: NavItem["name"]) => string;
  onLeave?: () => void;
  /** Hide the navigation (while a PIN must be chosen). */
  navHidden?: boolean;
};

/** Every homework page: a small header, the page, the crisis footer. */
export function Layout({ children, practiceName, current, onNavigate, hrefOf, onLeave, navHidden }: LayoutProps) {
  return (
    <div className="hw">
      <header className="hw-header">
        <div className="hw-header-row">
          <p className="hw-brand">
            Steady{practiceName && <span className="hw-practice"> · {practiceName}</span>}
          </p>
          {onLeave && (
            <button type="button" className="hw-leave" onClick={onLeave}>
              Leave
            </button>
          )}
        </div>
        {onNavigate && !navHidden && (
          <nav aria-label="Homework">
            <ul className="hw-nav">
              {NAV.map((item) => (
                <li key={item.name}>
                  <a
                    href={hrefOf?.(item.name)}
                    aria-current={current === item.name ? "page" : undefined}
                    onClick={inApp(() => onNavigate(item.name))}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main className="hw-main">{children}</main>
      <CrisisFooter />
    </div>
  );
}

/** A failed load, announced, with a way to try again. */
export function LoadFailed({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <div className="hw-alert" role="alert">
      <p>{error.status === 0 ? "No connection. Check your connection and try again." : error.message}</p>
      <button type="button" className="hw-button-secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
