// Test fixtures and helpers for the homework pages (not part of the bundle: only tests import it).
// Like src/test/helpers.tsx, fetch is mocked at the HTTP boundary; this file does not import the
// staff app.
import { render } from "@testing-library/react";
import type { ExerciseField, HomeworkSession, Task, TaskDetail, TodayList } from "./api";
import { HomeworkApp } from "./HomeworkApp";
import { rememberOpened, scopeOf } from "./storage";
import { daysFromNow, TODAY } from "../test/clock";
import { csrfTokens, json, type Handler } from "../test/fetch";
import { options } from "../test/options";

export { apiError, csrfTokens, json, mockFetch, offline, type Handler } from "../test/fetch";

export const TOKEN = "hw_9Zq3kR7vYt2LmX8pWc4N";
// The fixtures' today is the tests' fixed clock's (src/test/clock.ts): Tuesday 24 November 2026,
// noon in the session's zone (Europe/London, on GMT then).
export { TODAY };
export const A1 = "5b0f6d1e-3c2a-4f8b-9d7e-1a2b3c4d5e01";
export const A2 = "5b0f6d1e-3c2a-4f8b-9d7e-1a2b3c4d5e02";
export const A3 = "5b0f6d1e-3c2a-4f8b-9d7e-1a2b3c4d5e03";

export const SESSION: HomeworkSession = {
  client_name: "Sam",
  practice_name: "Harbour Counselling",
  time_zone: "Europe/London",
  pin: { required: true, set: true, verified: false },
};

export const CHECK_IN: Task = {
  assignment_id: A1,
  date: TODAY,
  step: 0,
  title: "Evening check-in",
  summary: "Three quick questions about today.",
  minutes: 5,
  status: "due",
  due_at: daysFromNow(0, "20:00"), // 8:00 PM in London (GMT in November)
};

export const LOG_YESTERDAY: Task = {
  assignment_id: A2,
  date: daysFromNow(-1),
  step: 0,
  title: "Follow-through log",
  summary: "",
  minutes: 3,
  status: "due", // open until the end of the next day
  due_at: daysFromNow(-1, "20:00"),
};

export const NEXT: Task = {
  assignment_id: A3,
  date: daysFromNow(1),
  step: 0,
  title: "Name the win",
  summary: "",
  minutes: 2,
  status: "upcoming",
  due_at: daysFromNow(1, "20:00"),
};

export const TODAY_LIST: TodayList = { today: TODAY, open: [CHECK_IN, LOG_YESTERDAY], upcoming: [NEXT] };

export const FIELDS: Record<ExerciseField["type"], ExerciseField> = {
  short_text: { id: "word", type: "short_text", label: "One word for today", help: "Just one word is enough.", max_length: 40 },
  long_text: { id: "story", type: "long_text", label: "What happened", required: true, max_length: 50 },
  scale: {
    id: "trust",
    type: "scale",
    label: "How safe did you feel today?",
    min_label: "Not at all",
    max_label: "Completely",
    required: true,
  },
  yes_no: { id: "matched", type: "yes_no", label: "Did actions match words today?" },
  checklist: {
    id: "log",
    type: "checklist",
    label: "What did you follow through on?",
    options: options({ on_time: "Was on time", told: "Told about changed plans", honest: "Was honest about my mood" }),
  },
  single_choice: {
    id: "feel",
    type: "single_choice",
    label: "Which word is closest?",
    options: options({ calm: "Calm", tense: "Tense" }),
  },
  multi_choice: {
    id: "needs",
    type: "multi_choice",
    label: "What would help this week?",
    options: options({ time: "Time together", space: "Some space", talk: "A calm talk" }),
  },
  script: {
    id: "say",
    type: "script",
    label: "Practise saying this",
    text: "I hear that this hurt you, and I am not going to explain it away.",
  },
};

export function detail(fields: ExerciseField[], extra: Partial<TaskDetail> = {}): TaskDetail {
  return {
    ...CHECK_IN,
    intro: "Take a few quiet minutes.",
    why: "Noticing the day helps you both see the pattern, not just the bad moments.",
    watch_out: "Don't use this to keep score.",
    fields,
    answered: false,
    ...extra,
  };
}

export const TASK_PATH = `/api/homework/tasks/${A1}/${TODAY}`;

/** The routes of an open session, with today's list and the check-in's detail. */
export function sessionRoutes(
  fields: ExerciseField[] = Object.values(FIELDS),
  extra: Record<string, Handler | Handler[]> = {},
  session: HomeworkSession = SESSION,
): Record<string, Handler | Handler[]> {
  return {
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/homework/me": () => json(200, session),
    "GET /api/homework/today": () => json(200, TODAY_LIST),
    [`GET ${TASK_PATH}`]: () => json(200, detail(fields)),
    ...extra,
  };
}

export const RECEIPT = { id: "9a8b7c6d-0000-4000-8000-000000000001", submitted_at: daysFromNow(0, "12:00") };

export const LINK = `/h/${TOKEN}`;

/**
 * Renders the homework pages at /h/<token> (or at: one of its screens, e.g. `${LINK}/journal`),
 * with the address bar there too. opened: this device opened a session with this link before
 * (so a live session is shown at once). Unmount and call reload() to reload.
 */
export function renderHomework({
  opened = true,
  retryDelayMs = 10,
  at = LINK,
}: { opened?: boolean; retryDelayMs?: number; at?: string } = {}) {
  if (opened) rememberOpened(scopeOf(TOKEN));
  if (window.location.pathname !== at) window.history.pushState(null, "", at); // a page just loaded there
  return render(<HomeworkApp path={at} retryDelayMs={retryDelayMs} />);
}

/** Loads the page again where the address bar is (after unmounting the last one). */
export function reload(options: { retryDelayMs?: number } = {}) {
  return render(<HomeworkApp path={window.location.pathname} retryDelayMs={options.retryDelayMs ?? 10} />);
}

/** The drafts this link keeps on the device, parsed. */
export function storedDrafts(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)!;
    if (key.includes(".task.") || key.endsWith(".journal")) out.push(JSON.parse(localStorage.getItem(key)!));
  }
  return out;
}
