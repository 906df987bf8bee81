// What the homework pages keep on the device: half-written drafts (with the idempotency key of
// their send), which link this device last opened, and the practice's crisis lines (so the help
// page works offline; they say nothing about the client). Everything is scoped to one link, so two
// partners sharing a phone never see each other's drafts. The link's token itself is never
// stored, only a one-way hash of it.
import type { Answers, CrisisSupport } from "./api";

const PREFIX = "steady.hw.";
const OPENED = `${PREFIX}opened`;

export type TaskDraft = {
  kind: "task";
  assignment_id: string;
  date: string;
  title: string;
  /** Only the fields the client touched, by field id. */
  values: Answers;
  /** One per draft: every send of this draft (a retry, a double tap, after a reload) carries it. */
  key: string;
  /** The client tapped Send and the outcome is not known yet: keep sending. */
  pending: boolean;
  saved_at: number;
};

export type JournalDraft = {
  kind: "journal";
  body: string;
  key: string;
  pending: boolean;
  saved_at: number;
};

export type Draft = TaskDraft | JournalDraft;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // blocked (some private modes)
  }
}

function read(key: string): unknown {
  try {
    const raw = storage()?.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): boolean {
  const s = storage();
  if (!s) return false;
  try {
    s.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // full, or blocked
  }
}

function remove(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // nothing to do
  }
}

/** A short one-way hash (cyrb53): enough to tell links apart, useless for rebuilding a token. */
export function hashOf(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

/** The scope of a link's data on this device. */
export function scopeOf(token: string): string {
  return hashOf(`steady-homework-link:${token}`);
}

/** Remembers that this device opened a session with this link (after the tap). */
export function rememberOpened(scope: string): void {
  write(OPENED, scope);
}

/**
 * Whether the session cookie on this device was opened with this link. GET /api/homework/me
 * does not say whose session it is, so a partner's session left open on a shared phone must
 * not be shown to someone opening their own link.
 */
export function openedWith(scope: string): boolean {
  return read(OPENED) === scope;
}

export function forgetOpened(): void {
  remove(OPENED);
}

function crisisKey(scope: string): string {
  return `${PREFIX}${scope}.crisis`;
}

function isCrisis(value: unknown): value is CrisisSupport {
  if (!value || typeof value !== "object") return false;
  const c = value as Partial<Record<keyof CrisisSupport, unknown>>;
  return (
    typeof c.country === "string" &&
    typeof c.next_steps === "string" &&
    Array.isArray(c.resources) &&
    c.resources.every(
      (r: unknown) =>
        !!r &&
        typeof r === "object" &&
        typeof (r as { name?: unknown }).name === "string" &&
        typeof (r as { contact?: unknown }).contact === "string",
    )
  );
}

/** The practice's crisis lines as last fetched for this link, for when there is no signal. */
export function savedCrisis(scope: string): CrisisSupport | null {
  const c = read(crisisKey(scope));
  return isCrisis(c) ? c : null;
}

export function saveCrisis(scope: string, crisis: CrisisSupport): void {
  write(crisisKey(scope), { country: crisis.country, resources: crisis.resources, next_steps: crisis.next_steps });
}

/** A fresh idempotency key (a v4 UUID; randomUUID needs a secure context, so fall back). */
export function newKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isDraft(value: unknown): value is Draft {
  if (!value || typeof value !== "object") return false;
  const d = value as { [K in keyof TaskDraft | keyof JournalDraft]?: unknown };
  if (typeof d.key !== "string" || typeof d.pending !== "boolean") return false;
  if (d.kind === "journal") return typeof d.body === "string";
  return (
    d.kind === "task" &&
    typeof d.assignment_id === "string" &&
    typeof d.date === "string" &&
    !!d.values &&
    typeof d.values === "object"
  );
}

/** The drafts of one link on this device. */
export class Drafts {
  readonly scope: string;
  /** Where drafts go when the device will not store them (storage blocked or full). */
  private readonly memory = new Map<string, Draft>();

  constructor(scope: string) {
    this.scope = scope;
  }

  taskKey(assignmentId: string, date: string): string {
    return `${PREFIX}${this.scope}.task.${assignmentId}.${date}`;
  }

  journalKey(): string {
    return `${PREFIX}${this.scope}.journal`;
  }

  load(key: string): Draft | null {
    const kept = this.memory.get(key);
    if (kept) return kept;
    const d = read(key);
    return isDraft(d) ? d : null;
  }

  loadTask(key: string): TaskDraft | null {
    const d = this.load(key);
    return d?.kind === "task" ? d : null;
  }

  loadJournal(): JournalDraft | null {
    const d = this.load(this.journalKey());
    return d?.kind === "journal" ? d : null;
  }

  /** Saves the draft; false when this device cannot keep it (it lives in memory only). */
  save(key: string, draft: Draft): boolean {
    const saved = { ...draft, saved_at: Date.now() };
    if (write(key, saved)) {
      this.memory.delete(key);
      return true;
    }
    this.memory.set(key, saved);
    return false;
  }

  remove(key: string): void {
    remove(key);
    this.memory.delete(key);
  }

  /** Every draft of this link on this device, by storage key. */
  list(): Array<[string, Draft]> {
    const mine = `${PREFIX}${this.scope}.`;
    const keys = new Set(this.memory.keys());
    const s = storage();
    try {
      for (let i = 0; s && i < s.length; i++) {
        const key = s.key(i);
        if (key?.startsWith(mine)) keys.add(key);
      }
    } catch {
      // storage went away
    }
    const out: Array<[string, Draft]> = [];
    for (const key of keys) {
      const d = this.load(key);
      if (d) out.push([key, d]);
    }
    return out;
  }
}

/** The answers to send: what the client touched, without empty text. */
export function answersOf(values: Answers): Answers {
  const out: Answers = {};
  for (const [id, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    if (typeof v === "string" && v.trim() === "") continue;
    out[id] = v;
  }
  return out;
}
