// Each screen of the homework pages has an address under the link, so Back, Forward and a
// reload return to it. Seven paths do not need a router library (the bundle stays small):
//
//   /h/<token>                          Today
//   /h/<token>/task/<assignment>/<date>  one exercise
//   /h/<token>/journal, /reminders, /week, /past, /help
//
// Anything else after the token is Today. The history entries this page adds carry their
// position (state.hw), so leaving can take every address with the token out of the tab's history.

export type Route =
  | { name: "today" }
  | { name: "task"; assignmentId: string; date: string }
  | { name: "journal" }
  | { name: "reminders" }
  | { name: "week" }
  | { name: "past" }
  | { name: "help" };

const SCREENS = ["journal", "reminders", "week", "past", "help"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LINK = /^\/h\/([^/?#]+)(\/[^?#]*)?/;

/** The link's token: the path segment after /h/. */
export function tokenFrom(path: string): string {
  const m = LINK.exec(path);
  if (!m) return "";
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** The link's own address, /h/<token>, exactly as it was written (no re-encoding). */
export function linkFrom(path: string): string {
  const m = LINK.exec(path);
  return m ? `/h/${m[1]}` : "";
}

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The screen a path under a link names; Today for anything it does not understand. */
export function routeFrom(path: string): Route {
  const m = LINK.exec(path);
  const parts = (m?.[2] ?? "").split("/").filter((p) => p !== "");
  if (parts.length === 1) {
    const screen = SCREENS.find((s) => s === parts[0]);
    if (screen) return { name: screen };
  }
  if (parts.length === 3 && parts[0] === "task" && UUID.test(parts[1]) && isDate(parts[2])) {
    return { name: "task", assignmentId: parts[1].toLowerCase(), date: parts[2] };
  }
  return { name: "today" };
}

/** The path of a screen under the link (link: /h/<token>, as linkFrom gives it). */
export function pathOf(link: string, route: Route): string {
  switch (route.name) {
    case "today":
      return link;
    case "task":
      return `${link}/task/${route.assignmentId}/${route.date}`;
    default:
      return `${link}/${route.name}`;
  }
}

/** This page's position among the history entries it added (0: the one it loaded in). */
export function historyIndex(): number {
  const state: unknown = globalThis.history?.state;
  const n = state && typeof state === "object" ? (state as { hw?: unknown }).hw : undefined;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : 0;
}

/** A new history entry for path (Back returns to the current one). */
export function pushPath(path: string): void {
  globalThis.history?.pushState({ hw: historyIndex() + 1 }, "", path);
}

/** The current history entry now stands for path. */
export function replacePath(path: string): void {
  globalThis.history?.replaceState({ hw: historyIndex() }, "", path);
}

/**
 * Takes every address this page added out of the tab's history: back to the entry the page
 * loaded in, that entry becomes path, and the entries after it are dropped. Back then cannot
 * bring the link's token into the address bar again.
 */
export async function forgetHistory(path: string): Promise<void> {
  const h = globalThis.history;
  if (!h) return;
  const steps = historyIndex();
  if (steps > 0) {
    await new Promise<void>((done) => {
      const timer = setTimeout(finish, 1000); // a browser that never says it went back
      function finish() {
        clearTimeout(timer);
        globalThis.removeEventListener("popstate", finish);
        done();
      }
      globalThis.addEventListener("popstate", finish);
      h.go(-steps);
    });
  }
  h.replaceState(null, "", path);
  h.pushState(null, "", path); // drops any entries that came after (the client may have gone Back)
}
