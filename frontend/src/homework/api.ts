// The homework pages' API calls: the typed client of src/api/client.ts (openapi-fetch with the
// CSRF header and its one retry on 403 csrf_invalid), nothing of the staff app.
import { api, ApiError, networkError, resetCsrfToken, toApiError } from "../api/client";
import type { components, paths } from "../api/schema";

type Schemas = components["schemas"];
type Ok<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": infer T } } } };
}
  ? T
  : never;
export type HomeworkSession = Schemas["HomeworkSession"];
export type Task = Schemas["Task"];
export type TaskDetail = Schemas["TaskDetail"];
export type ExerciseField = Schemas["ExerciseField"];
/**
 * A send's receipt. crisis comes only when the answers just sent set off a risk item (PHQ-9
 * item 9 above zero, say): the calm screen with the practice's crisis lines, on this device only.
 */
export type Receipt = Schemas["Receipt"];
/** Who the client can call or text right now, for the practice's country, and what happens next. */
export type CrisisSupport = Schemas["CrisisSupport"];
/** One crisis line: href is tel:, sms: or https:. */
export type CrisisResource = Schemas["CrisisResource"];
export type PastResponse = Schemas["PastResponse"];
export type JournalEntry = Schemas["JournalEntry"];
export type ReminderChoices = Schemas["ReminderChoices"];
export type TodayList = Ok<"/api/homework/today">;
export type History = Ok<"/api/homework/history">;
/** The client's own last seven days: tasks done of those due, their check-ins, a line of encouragement. */
export type Week = Ok<"/api/homework/week">;
export type Trend = Week["trends"][number];
export type Answers = Record<string, unknown>;

export { ApiError };

/** An ApiError with the seconds of a 429's Retry-After, when the server sent one. */
export class RefusedError extends ApiError {
  readonly retryAfter: number | null;

  constructor(base: ApiError, retryAfter: number | null) {
    super(base.status, base.code, base.message, base.fields);
    this.name = "RefusedError";
    this.retryAfter = retryAfter;
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

async function run<T>(request: () => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request();
  } catch (e) {
    if (e instanceof ApiError) throw e; // e.g. the CSRF token could not be fetched
    throw networkError();
  }
  const { response } = result;
  if (!response.ok) {
    const seconds = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    throw new RefusedError(toApiError(response.status, result.error), Number.isFinite(seconds) ? seconds : null);
  }
  return result.data as T;
}

/** Offline, or the server failed: the outcome is unknown, so send again with the same key. */
export function isTransient(e: ApiError): boolean {
  return e.status === 0 || e.status >= 500;
}

/** The session is gone (expired, revoked, or ended on this device). */
export function isSessionEnded(e: ApiError): boolean {
  return e.status === 401;
}

export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : networkError();
}

export async function getSession(): Promise<HomeworkSession> {
  return run(() => api.GET("/api/homework/me"));
}

/** Exchanges the link's token for a session. Only ever called from a tap, never on load. */
export async function openSession(token: string): Promise<HomeworkSession> {
  const session = await run(() => api.POST("/api/homework/session", { body: { token } }));
  resetCsrfToken(); // a new session may come with a new token
  return session;
}

export async function endSession(): Promise<void> {
  try {
    await run(() => api.POST("/api/homework/logout"));
  } finally {
    resetCsrfToken();
  }
}

export async function getToday(): Promise<TodayList> {
  return run(() => api.GET("/api/homework/today"));
}

export async function getTask(assignmentId: string, date: string): Promise<TaskDetail> {
  return run(() =>
    api.GET("/api/homework/tasks/{assignment_id}/{date}", { params: { path: { assignment_id: assignmentId, date } } }),
  );
}

export async function sendAnswers(body: {
  assignment_id: string;
  date: string;
  answers: Answers;
  idempotency_key: string;
}): Promise<Receipt> {
  return run(() => api.POST("/api/homework/responses", { body }));
}

export async function sendJournal(body: { body: string; idempotency_key: string }): Promise<Receipt> {
  return run(() => api.POST("/api/homework/journal", { body }));
}

export async function setPin(pin: string): Promise<HomeworkSession> {
  return run(() => api.POST("/api/homework/pin", { body: { pin } }));
}

export async function verifyPin(pin: string): Promise<HomeworkSession> {
  return run(() => api.POST("/api/homework/pin/verify", { body: { pin } }));
}

export async function getHistory(): Promise<History> {
  return run(() => api.GET("/api/homework/history"));
}

/** The client's own week (GET /api/homework/week): behind the PIN, like the history (403 pin_required). */
export async function getWeek(): Promise<Week> {
  return run(() => api.GET("/api/homework/week"));
}

/** The practice's crisis lines and next steps (GET /api/homework/crisis). */
export async function getCrisisSupport(): Promise<CrisisSupport> {
  return run(() => api.GET("/api/homework/crisis"));
}

/** The client's own reminder choices: their time, a pause, off, email unsubscribed. */
export async function getReminderChoices(): Promise<ReminderChoices> {
  return run(() => api.GET("/api/homework/reminders"));
}

/** Replaces the client's reminder choices (all four, every time); answers with what was saved. */
export async function saveReminderChoices(body: ReminderChoices): Promise<ReminderChoices> {
  return run(() => api.PUT("/api/homework/reminders", { body }));
}
