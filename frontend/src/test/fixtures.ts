import type { Alert } from "../api/alerts";
import type { Assignment, JournalEntry, SafetyScreen } from "../api/assignments";
import type { Billing, Invoice, Plan, SeatPreview, Standing } from "../api/billing";
import type { Client, Couple, Member } from "../api/clients";
import type { Exercise, Template } from "../api/exercises";
import type { AdherenceWeek, CaseloadEntry, CaseloadPage, CheckInPoint, MeasureSeries, PartnerProgress, Progress } from "../api/progress";
import type { Role } from "../api/client";
import type { PracticeSettings } from "../api/team";
import { daysFromNow } from "./clock";
import { csrfTokens, json, ME } from "./helpers";
import { options } from "./options";

// Every date here is relative to the tests' fixed clock (src/test/clock.ts: NOW is Tuesday
// 24 November 2026, 12:00 UTC), written daysFromNow(days) or daysFromNow(days, "HH:MM").

export const ANA_ID = ME.user.id;
export const BEN_ID = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b01";
export const CLEO_ID = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b02";
export const SAM_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c01";
export const ALEX_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c02";
export const COUPLE_ID = "c0c0c0c0-1111-4222-8333-444455556666";

export const MEMBERS: Member[] = [
  { user_id: ANA_ID, name: "Ana Lindqvist", email: "ana@example.com", role: "owner", status: "active", created_at: daysFromNow(-323, "09:00") },
  { user_id: BEN_ID, name: "Ben Okafor", email: "ben@example.com", role: "clinician", status: "active", created_at: daysFromNow(-296, "09:00") },
  { user_id: CLEO_ID, name: "Cleo Marsh", email: "cleo@example.com", role: "clinician", status: "deactivated", created_at: daysFromNow(-295, "09:00") },
];

export const SAM: Client = {
  id: SAM_ID,
  name: "Samira Haddad",
  preferred_name: "Sam",
  pronouns: "she/her",
  email: "sam@example.com",
  mobile: "+447700900123",
  time_zone: "Europe/London",
  consent_email: true,
  consent_sms: false,
  status: "active",
  created_at: daysFromNow(-259, "10:00"),
  updated_at: daysFromNow(-259, "10:00"),
  clinicians: [{ user_id: BEN_ID, name: "Ben Okafor" }],
  couples: [{ id: COUPLE_ID, name: "Sam and Alex", trust_role: "hurt" }],
};

export const ALEX: Client = {
  id: ALEX_ID,
  name: "Alex Moreau",
  preferred_name: "",
  pronouns: "",
  email: "",
  mobile: "",
  time_zone: "Europe/Paris",
  consent_email: false,
  consent_sms: false,
  status: "active",
  created_at: daysFromNow(-258, "10:00"),
  updated_at: daysFromNow(-258, "10:00"),
};

export const COUPLE: Couple = {
  id: COUPLE_ID,
  name: "Sam and Alex",
  status: "active",
  created_at: daysFromNow(-257, "10:00"),
  partners: [
    { client_id: ALEX_ID, name: "Alex Moreau", trust_role: "caused_harm" },
    { client_id: SAM_ID, name: "Samira Haddad", trust_role: "hurt" },
  ],
  clinicians: [{ user_id: BEN_ID, name: "Ben Okafor" }],
};

/** The signed-in person with another role. */
export const meAs = (role: Role) => () => json(200, { ...ME, role });

export const members = () => json(200, { members: MEMBERS });

/** GET /api/practice: reminders 08:00 to 20:00, quiet 21:00 to 07:00, a PIN on homework links. */
export const PRACTICE_SETTINGS: PracticeSettings = {
  name: "Harbour Counselling",
  time_zone: "Europe/London",
  reminder_window_start: "08:00",
  reminder_window_end: "20:00",
  quiet_hours_start: "21:00",
  quiet_hours_end: "07:00",
  require_two_factor: false,
  homework_pin_required: true,
  crisis: {
    country: "GB",
    resources: [{ name: "Samaritans", contact: "Call 116 123, free, any time", href: "tel:116123" }],
    next_steps: "Your clinician will be in touch.",
  },
};

// ---- Exercises, assignments and homework

export const TEMPLATE_ID = "e0e0e0e0-2222-4333-8444-555566667777";
export const SAM_ASSIGNMENT_ID = "a5a5a5a5-0001-4000-8000-000000000001";
export const ALEX_ASSIGNMENT_ID = "a5a5a5a5-0002-4000-8000-000000000002";
export const GROUP_ID = "a5a5a5a5-9999-4000-8000-000000000009";

/** A library exercise with sensible defaults; override what a test cares about. */
export function exercise(slug: string, over: Partial<Exercise> = {}): Exercise {
  return {
    slug,
    title: slug,
    summary: `Summary of ${slug}.`,
    modality: "general",
    audience: "both",
    phase: "any",
    minutes: 10,
    cadence: "daily",
    why: "Why it helps.",
    watch_out: "What to watch out for.",
    fields: [{ id: "note", type: "long_text", label: "What happened?" }],
    ...over,
  };
}

export const CONSISTENCY_LOG = exercise("consistency-log", {
  title: "Daily consistency log",
  summary: "A short daily record of doing what you said you would.",
  audience: "caused_harm",
  phase: "atone",
  why: "Trust comes back through many small kept promises, not one big speech.",
  watch_out: "Keeping score or expecting credit for each entry.",
  fields: [
    {
      id: "kept",
      type: "checklist",
      label: "Today I…",
      options: options({
        on_time: "was where I said, when I said",
        told_changes: "told my partner about changed plans",
        no_reminders: "did agreed tasks without reminders",
      }),
    },
    { id: "honest_mood", type: "scale", label: "How open was I about my mood?", min_label: "Closed off", max_label: "Fully open" },
  ],
});

export const FOLLOW_THROUGH_LOG = exercise("follow-through-log", {
  title: "Follow-through log",
  summary: "A private note of what your partner did, read later as a pattern.",
  audience: "hurt",
  phase: "atone",
  fields: [{ id: "matched", type: "yes_no", label: "Did actions match words today?" }],
});

export const NAMING_THE_HARM = exercise("naming-the-harm", {
  title: "Naming what I did",
  summary: "Write plainly what you did and what it did to your partner.",
  audience: "caused_harm",
  phase: "atone",
  modality: "gottman",
  cadence: "once",
  minutes: 30,
  intro: "Take your time. There is no right length.",
  fields: [
    { id: "what", type: "long_text", label: "What I did", required: true, max_length: 4000 },
    { id: "name", type: "short_text", label: "One word for how it felt", help: "Just one." },
    { id: "say_it", type: "script", label: "Say it aloud", text: "I did this, and it hurt you. No excuses." },
  ],
});

export const LISTENING_PRACTICE = exercise("listening-practice", {
  title: "Listening without defending",
  summary: "Reflect back what you heard before you answer.",
  phase: "attune",
  modality: "eft",
  cadence: "weekly",
  fields: [
    { id: "listened", type: "yes_no", label: "Did you reflect back before answering?" },
    {
      id: "hardest",
      type: "single_choice",
      label: "What was hardest?",
      options: options({ not_interrupting: "Not interrupting", not_correcting: "Not correcting details" }),
    },
    {
      id: "felt",
      type: "multi_choice",
      label: "What did you feel?",
      options: options({ calm: "Calm", defensive: "Defensive", sad: "Sad" }),
    },
  ],
});

export const RITUAL = exercise("ritual-of-connection", {
  title: "A ritual of connection",
  summary: "Agree one small daily ritual and keep it for a week.",
  phase: "attach",
  modality: "gottman",
  cadence: "weekly",
});

export const THIRTY_DAYS = exercise("thirty-days", {
  title: "Thirty days of steady steps",
  summary: "One short principle a day, with one question.",
  audience: "individual",
  cadence: "programme",
  fields: undefined,
  steps: [
    { title: "Start where you are", principle: "Healing has no timetable.", question: "What would today look like if you were patient with yourself?" },
    { title: "Small things count", principle: "Kept promises add up.", question: "What small promise did you keep today?" },
    { title: "Name the win", principle: "Notice what felt different.", question: "What felt genuinely different today?" },
  ],
});

export const STRESS_TALK = exercise("stress-reducing-conversation", {
  title: "The stress-reducing conversation",
  summary: "Talk about stress from outside the relationship, taking each other's side.",
  modality: "gottman",
  cadence: "weekly",
  fields: [{ id: "stress", type: "short_text", label: "What stressed you this week?" }],
});

export const LIBRARY: Exercise[] = [CONSISTENCY_LOG, FOLLOW_THROUGH_LOG, NAMING_THE_HARM, LISTENING_PRACTICE, RITUAL, THIRTY_DAYS, STRESS_TALK];

export const TEMPLATE: Template = {
  id: TEMPLATE_ID,
  title: "Our Sunday check-in",
  based_on: "",
  current_version: 2,
  archived: false,
  created_at: daysFromNow(-54, "09:00"),
  updated_at: daysFromNow(-23, "09:00"),
  definition: exercise("our-sunday-check-in", {
    title: "Our Sunday check-in",
    summary: "A weekly honest check-in that does not relitigate the past.",
    cadence: "weekly",
    fields: [{ id: "safe", type: "scale", label: "How safe did you feel this week?", min_label: "Not at all", max_label: "Completely" }],
  }),
  versions: [
    { version: 1, created_at: daysFromNow(-54, "09:00"), created_by_name: "Ana Lindqvist" },
    { version: 2, created_at: daysFromNow(-23, "09:00"), created_by_name: "Ben Okafor" },
  ],
};

export const library = () => json(200, { exercises: LIBRARY });
export const templates = () => json(200, { templates: [TEMPLATE] });

/** An exercise with one field of every type, to read answers against. */
export const EVERY_TYPE = exercise("every-type", {
  title: "Every kind of question",
  fields: [
    { id: "word", type: "short_text", label: "One word for today" },
    { id: "story", type: "long_text", label: "What happened" },
    { id: "trust", type: "scale", label: "How much do you trust your partner today?", min_label: "Not at all", max_label: "Completely" },
    { id: "matched", type: "yes_no", label: "Did actions match words?" },
    {
      id: "kept",
      type: "checklist",
      label: "Promises kept",
      options: options({ on_time: "Home on time", phoned: "Phoned when late", dishes: "Did the dishes unasked" }),
    },
    { id: "mood", type: "single_choice", label: "Mood tonight", options: options({ calm: "Calm", tense: "Tense" }) },
    {
      id: "needs",
      type: "multi_choice",
      label: "What would help",
      options: options({ time: "Time together", space: "Some space", words: "Reassurance in words" }),
    },
    { id: "practised", type: "script", label: "Ask for comfort", text: "When I feel this way, could you hold me?" },
  ],
});

export const SAM_ASSIGNMENT: Assignment = {
  id: SAM_ASSIGNMENT_ID,
  client_id: SAM_ID,
  client_name: "Samira Haddad",
  couple_id: COUPLE_ID,
  group_id: GROUP_ID,
  title: "Every kind of question",
  library_slug: "every-type",
  definition: EVERY_TYPE,
  cadence: { kind: "daily", start: daysFromNow(-4), at: "19:00" },
  status: "active",
  created_at: daysFromNow(-5, "10:00"),
  reminders: { channel: "email", at: null, nudge: true },
  occurrences: [
    { date: daysFromNow(-4), step: 1, due_at: daysFromNow(-4, "19:00"), status: "missed" },
    {
      date: daysFromNow(-3),
      step: 2,
      due_at: daysFromNow(-3, "19:00"),
      status: "done",
      response: {
        id: "b0b0b0b0-0000-4000-8000-000000000001",
        submitted_at: daysFromNow(-3, "20:15"),
        answers: {
          word: "Hopeful",
          story: "We talked after dinner.\nIt went better than last week.",
          trust: 7,
          matched: true,
          kept: ["on_time", "dishes"],
          mood: "tense",
          needs: ["time", "words"],
          practised: true,
        },
      },
    },
    {
      date: daysFromNow(-2),
      step: 3,
      due_at: daysFromNow(-2, "19:00"),
      status: "late",
      response: {
        id: "b0b0b0b0-0000-4000-8000-000000000002",
        submitted_at: daysFromNow(-1, "08:00"),
        answers: { trust: 4, matched: false, kept: [], practised: false },
      },
    },
    { date: daysFromNow(0), step: 5, due_at: daysFromNow(0, "19:00"), status: "due" },
    { date: daysFromNow(1), step: 6, due_at: daysFromNow(1, "19:00"), status: "upcoming" },
  ],
};

export const ALEX_ASSIGNMENT: Assignment = {
  id: ALEX_ASSIGNMENT_ID,
  client_id: ALEX_ID,
  client_name: "Alex Moreau",
  couple_id: COUPLE_ID,
  group_id: "a5a5a5a5-8888-4000-8000-000000000008",
  title: "Daily consistency log",
  library_slug: "consistency-log",
  definition: CONSISTENCY_LOG,
  cadence: { kind: "weekly", start: daysFromNow(-8), weekdays: ["fri", "mon", "wed"], at: "08:00" },
  status: "paused",
  created_at: daysFromNow(-9, "10:00"),
  paused_at: daysFromNow(-2, "10:00"),
  reminders: { channel: "email", at: null, nudge: true },
  occurrences: [
    {
      date: daysFromNow(-8),
      step: 1,
      due_at: daysFromNow(-8, "08:00"),
      status: "done",
      response: {
        id: "b0b0b0b0-0000-4000-8000-000000000003",
        submitted_at: daysFromNow(-8, "09:00"),
        answers: { kept: ["told_changes"], honest_mood: 6 },
      },
    },
  ],
};

export const SCREEN_PROCEED: SafetyScreen = {
  id: "5c5c5c5c-0000-4000-8000-000000000001",
  couple_id: COUPLE_ID,
  violence_or_fear: false,
  coercive_control: false,
  active_addiction: false,
  ongoing_contact: true,
  positive: true,
  decision: "proceed",
  note: "Contact with the colleague ended last week; reviewing monthly.",
  screened_by_name: "Ben Okafor",
  screened_at: daysFromNow(-14, "15:30"),
};

export const JOURNAL: JournalEntry[] = [
  { id: "10000000-0000-4000-8000-000000000001", body: "First entry.", created_at: daysFromNow(-6, "21:00") },
  { id: "10000000-0000-4000-8000-000000000002", body: "Second entry,\non two lines.", created_at: daysFromNow(-2, "21:00") },
];

// ---- Risk alerts

const PHQ9_REASON = 'Answered PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above "not at all".';
const CHECK_IN_REASON = "Rated feeling safe with their partner at 2 or below out of 10 in the weekly check-in.";

// Whose answer an alert is about, and which item of which measure raised it.
const ALEX_ALERT = { client_id: ALEX_ID, client_name: "Alex Moreau" } satisfies Partial<Alert>;
const SAM_ALERT = { client_id: SAM_ID, client_name: "Samira Haddad" } satisfies Partial<Alert>;
const CHECK_IN_ITEM = { instrument: "trust-safety-check-in", item: "safe", reason: CHECK_IN_REASON } satisfies Partial<Alert>;
const PHQ9_ITEM = { instrument: "phq-9", item: "q9", reason: PHQ9_REASON } satisfies Partial<Alert>;

/** Open, the newest: Alex's weekly check-in. */
export const ALERT_OPEN_ALEX: Alert = {
  id: "a1e70000-0000-4000-8000-000000000001",
  ...ALEX_ALERT,
  ...CHECK_IN_ITEM,
  status: "open",
  created_at: daysFromNow(-2, "09:30"),
  note: "",
};

/** Open: Sam's PHQ-9. */
export const ALERT_OPEN_SAM: Alert = {
  id: "a1e70000-0000-4000-8000-000000000002",
  ...SAM_ALERT,
  ...PHQ9_ITEM,
  status: "open",
  created_at: daysFromNow(-3, "08:00"),
  note: "",
};

/** Acknowledged, with a note: Sam's check-in, newer than both open ones. */
export const ALERT_ACK_SAM: Alert = {
  id: "a1e70000-0000-4000-8000-000000000003",
  ...SAM_ALERT,
  ...CHECK_IN_ITEM,
  status: "acknowledged",
  created_at: daysFromNow(-1, "07:00"),
  acknowledged_at: daysFromNow(-1, "08:15"),
  note: "Left a voicemail; calling again at five.",
};

/** Resolved, with what was done. */
export const ALERT_RESOLVED_ALEX: Alert = {
  id: "a1e70000-0000-4000-8000-000000000004",
  ...ALEX_ALERT,
  ...PHQ9_ITEM,
  status: "resolved",
  created_at: daysFromNow(-23, "20:00"),
  acknowledged_at: daysFromNow(-23, "21:00"),
  resolved_at: daysFromNow(-22, "10:00"),
  note: "Called Alex the same evening; agreed a safety plan and an extra session on Friday.",
};

/** GET /api/alerts answering these alerts, in the order given. */
export const alertList = (...alerts: Alert[]) => () => json(200, { alerts });

// ---- Progress and caseload

export const JORDAN_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c03";
export const CASEY_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c04";
export const CONSISTENCY_ASSIGNMENT_ID = "a5a5a5a5-0003-4000-8000-000000000003";

export const PHQ9_SERIES: MeasureSeries = {
  instrument: "phq-9",
  title: "PHQ-9: how you have been feeling",
  max: 27,
  higher_is_better: false,
  bands: [
    { min: 0, max: 4, label: "minimal" },
    { min: 5, max: 9, label: "mild" },
    { min: 10, max: 14, label: "moderate" },
    { min: 15, max: 19, label: "moderately severe" },
    { min: 20, max: 27, label: "severe" },
  ],
  reliable_change: 5.998,
  points: [
    { date: daysFromNow(-56), total: 18, band: "moderately severe" },
    { date: daysFromNow(-42), total: 16, band: "moderately severe" },
    { date: daysFromNow(-28), total: 13, band: "moderate" },
    { date: daysFromNow(-7), total: 11, band: "moderate" },
  ],
  change: { first: 18, latest: 11, difference: -7, status: "improved" },
};

export const GAD7_SERIES: MeasureSeries = {
  instrument: "gad-7",
  title: "GAD-7: worry and anxiety",
  max: 21,
  higher_is_better: false,
  bands: [
    { min: 0, max: 4, label: "minimal" },
    { min: 5, max: 9, label: "mild" },
    { min: 10, max: 14, label: "moderate" },
    { min: 15, max: 21, label: "severe" },
  ],
  reliable_change: 3.992,
  points: [
    { date: daysFromNow(-56), total: 8, band: "mild" },
    { date: daysFromNow(-7), total: 13, band: "moderate" },
  ],
  change: { first: 8, latest: 13, difference: 5, status: "worsened" },
};

export const CHECK_IN_SERIES: MeasureSeries = {
  instrument: "trust-safety-check-in",
  title: "Weekly trust and safety check-in",
  max: 40,
  higher_is_better: true,
  bands: [],
  reliable_change: 9.917,
  points: [
    { date: daysFromNow(-23), total: 22, band: "" },
    { date: daysFromNow(-16), total: 24, band: "" },
    { date: daysFromNow(-9), total: 23, band: "" },
    { date: daysFromNow(-2), total: 27, band: "" },
  ],
  change: { first: 22, latest: 27, difference: 5, status: "no reliable change" },
};

/** Twelve Mondays, from 11 weeks before this week's (7 Sep) to this week's (23 Nov), with done of due; one week had nothing due. */
export const SAM_ADHERENCE: AdherenceWeek[] = [
  [7, 7], [6, 7], [7, 7], [5, 7], [0, 0], [4, 7], [7, 7], [6, 7], [3, 7], [5, 7], [4, 7], [1, 2],
].map(([done, due], i) => ({ week_start: daysFromNow(-78 + 7 * i), done, due }));

export const SAM_PROGRESS: Progress = {
  measures: [PHQ9_SERIES, GAD7_SERIES, CHECK_IN_SERIES],
  adherence: SAM_ADHERENCE,
  calendar: [
    {
      assignment_id: SAM_ASSIGNMENT_ID,
      title: "Every kind of question",
      kind: "daily",
      days: [
        { date: daysFromNow(-4), status: "missed" },
        { date: daysFromNow(-3), status: "done" },
        { date: daysFromNow(-2), status: "late" },
        { date: daysFromNow(0), status: "due" },
        { date: daysFromNow(1), status: "upcoming" },
      ],
    },
    {
      assignment_id: CONSISTENCY_ASSIGNMENT_ID,
      title: "Daily consistency log",
      kind: "daily",
      // 1 Oct to 23 Nov (54 days up to yesterday): every seventh day missed, every fifth late, the rest done.
      days: Array.from({ length: 54 }, (_, i) => ({
        date: daysFromNow(-54 + i),
        status: i % 7 === 6 ? ("missed" as const) : i % 5 === 4 ? ("late" as const) : ("done" as const),
      })),
    },
  ],
};

/** Weekly check-ins, the first `start` days from now (negative: ago). */
const checkIns = (totals: [number, number, number, number][], start: number): CheckInPoint[] =>
  totals.map(([safe, matched, honest, trust], i) => ({
    date: daysFromNow(start + 7 * i),
    safe,
    matched,
    honest,
    trust,
    total: safe + matched + honest + trust,
  }));

/** The weekly check-ins as the measure series GET /api/couples/{id}/progress also sends. */
const checkInSeries = (points: CheckInPoint[]): MeasureSeries => {
  const first = points[0].total;
  const latest = points[points.length - 1].total;
  return {
    ...CHECK_IN_SERIES,
    points: points.map((p) => ({ date: p.date, total: p.total, band: "" })),
    change: { first, latest, difference: latest - first, status: "no reliable change" },
  };
};

const ALEX_CHECK_INS = checkIns([[8, 6, 5, 6], [8, 7, 6, 6], [9, 7, 7, 7]], -16);
const SAM_CHECK_INS = checkIns([[6, 4, 7, 5], [5, 4, 6, 4], [7, 6, 7, 5], [7, 7, 7, 6]], -23);

/** Alex's PHQ-9: one score so far. */
export const ALEX_PHQ9: MeasureSeries = {
  ...PHQ9_SERIES,
  points: [{ date: daysFromNow(-9), total: 6, band: "mild" }],
  change: undefined,
};

/** Both partners: the check-in (each), the PHQ-9 (each) and the GAD-7 (Sam only). */
export const COUPLE_PROGRESS: { partners: PartnerProgress[] } = {
  partners: [
    {
      client_id: ALEX_ID,
      name: "Alex Moreau",
      trust_role: "caused_harm",
      measures: [checkInSeries(ALEX_CHECK_INS), ALEX_PHQ9],
      checkins: ALEX_CHECK_INS,
      adherence: [
        { week_start: daysFromNow(-15), done: 3, due: 3 },
        { week_start: daysFromNow(-8), done: 2, due: 3 },
      ],
    },
    {
      client_id: SAM_ID,
      name: "Samira Haddad",
      trust_role: "hurt",
      measures: [checkInSeries(SAM_CHECK_INS), PHQ9_SERIES, GAD7_SERIES],
      checkins: SAM_CHECK_INS,
      adherence: [
        { week_start: daysFromNow(-15), done: 1, due: 4 },
        { week_start: daysFromNow(-8), done: 4, due: 4 },
      ],
    },
  ],
};

/** The API's order: alerts first, then a missed streak, then a worse score, then nothing flagged. */
export const CASELOAD: CaseloadEntry[] = [
  {
    client_id: SAM_ID,
    name: "Samira Haddad",
    open_alerts: 2,
    missed_streak: 0,
    worsening: ["gad-7"],
    reasons: ["2 open risk alerts", "GAD-7 worse by a reliable change (8 to 13)"],
  },
  {
    client_id: ALEX_ID,
    name: "Alex Moreau",
    open_alerts: 0,
    missed_streak: 3,
    worsening: [],
    reasons: ["Missed the last 3 assignments in a row"],
  },
  {
    client_id: JORDAN_ID,
    name: "Jordan Pike",
    open_alerts: 0,
    missed_streak: 0,
    worsening: ["phq-9"],
    reasons: ["PHQ-9 worse by a reliable change (9 to 16)"],
  },
  { client_id: CASEY_ID, name: "Casey Lee", open_alerts: 0, missed_streak: 0, worsening: [], reasons: [] },
];

/**
 * GET /api/caseload's answer: one page of entries with the counts over the whole caseload. By
 * default the page is everything (the counts are the entries'), from offset 0, 50 a page.
 */
export function caseloadPage(clients: CaseloadEntry[] = CASELOAD, page: Partial<Omit<CaseloadPage, "clients">> = {}): CaseloadPage {
  const flagged = clients.filter((e) => e.open_alerts > 0 || e.missed_streak > 0 || e.worsening.length > 0).length;
  return { clients, total: clients.length, flagged, offset: 0, limit: 50, ...page };
}

/** n made-up caseload entries from number `from` on, flagged (a missed streak) or not. */
export function caseloadClients(from: number, n: number, flagged: boolean): CaseloadEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    const streak = flagged ? 2 : 0;
    return {
      client_id: `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
      name: `Client ${String(k).padStart(3, "0")}`,
      open_alerts: 0,
      missed_streak: streak,
      worsening: [],
      reasons: flagged ? ["Missed the last 2 assignments in a row"] : [],
    };
  });
}

// ---- Sam's client page (its tabs and the homework link panel)

export const SAM_LINK_URL = `/api/clients/${SAM_ID}/homework-link`;
/** The homework link's URL, which the API shows once, when the link is made. */
export const HOMEWORK_URL_ONCE = "https://steady.example/h/9vJx2kQ8tN4mR7pL1sW6yB3cF5hD0gZa";

/** Sam's homework link: active for two more months, last used yesterday evening. */
export const ACTIVE_LINK = {
  status: "active",
  created_at: daysFromNow(-23, "10:00"),
  expires_at: daysFromNow(67, "10:00"),
  last_used_at: daysFromNow(-1, "19:05"),
};

/** The routes Sam's client page loads: the client, the assignments, the link, the journal, the reminders. */
export function samPageRoutes({
  client = SAM,
  assignments = [SAM_ASSIGNMENT],
  link = ACTIVE_LINK,
}: { client?: Client; assignments?: Assignment[]; link?: object } = {}) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/auth/csrf": csrfTokens(),
    [`GET /api/clients/${SAM_ID}`]: () => json(200, client),
    [`GET /api/clients/${SAM_ID}/assignments`]: () => json(200, { assignments }),
    [`GET ${SAM_LINK_URL}`]: () => json(200, link),
    [`GET /api/clients/${SAM_ID}/journal`]: () => json(200, { entries: JOURNAL }),
    [`GET /api/clients/${SAM_ID}/reminders`]: () => json(200, { deliveries: [] }),
  };
}

// ---- Billing

export const MONTHLY_PLAN: Plan = { interval: "month", price_id: "price_monthly", unit_amount: 2900, currency: "usd" };
export const YEARLY_PLAN: Plan = { interval: "year", price_id: "price_yearly", unit_amount: 29000, currency: "usd" };

/** GET /api/billing on a 30-day trial with no subscription yet: 3 active members, both plans on offer. */
export const BILLING_TRIAL: Billing = {
  status: "trialing",
  standing: "full",
  reason: null,
  grace_ends: null,
  trial_end: daysFromNow(40, "12:00"),
  current_period_end: null,
  cancel_at_period_end: false,
  price_id: "",
  interval: "",
  quantity: 0,
  seats: 3,
  subscribed: false,
  has_customer: false,
  seat_error: null,
  seat_error_at: null,
  plans: [MONTHLY_PLAN, YEARLY_PLAN],
  next_invoice: null,
  invoices: [],
};

/** Two paid monthly invoices. */
export const INVOICES: Invoice[] = [
  {
    id: "in_0002",
    number: "HC-0002",
    status: "paid",
    total: 8700,
    currency: "usd",
    created: daysFromNow(-6, "09:00"),
    hosted_invoice_url: "https://invoice.stripe.test/i/in_0002",
    pdf_url: "https://invoice.stripe.test/i/in_0002/pdf",
  },
  {
    id: "in_0001",
    number: "HC-0001",
    status: "paid",
    total: 5800,
    currency: "usd",
    created: daysFromNow(-36, "09:00"),
    hosted_invoice_url: "https://invoice.stripe.test/i/in_0001",
    pdf_url: "https://invoice.stripe.test/i/in_0001/pdf",
  },
];

/** Subscribed monthly for 3 seats, renewing in 24 days, with past invoices and the next one. */
export const BILLING_ACTIVE: Billing = {
  ...BILLING_TRIAL,
  status: "active",
  trial_end: null,
  current_period_end: daysFromNow(24, "09:00"),
  price_id: MONTHLY_PLAN.price_id,
  interval: "month",
  quantity: 3,
  subscribed: true,
  has_customer: true,
  next_invoice: { amount: 8700, currency: "usd", date: daysFromNow(24, "09:00") },
  invoices: INVOICES,
};

/** GET /api/billing/seat-preview while subscribed: 3 → 4 seats, $19.33 for the rest of the month, then $116.00. */
export const SEAT_PREVIEW_SUBSCRIBED: SeatPreview = {
  subscribed: true,
  seats: 3,
  seats_after: 4,
  unit_amount: 2900,
  currency: "usd",
  interval: "month",
  prorated_now: 1933,
  next_invoice_amount: 11600,
  next_invoice_date: daysFromNow(24, "09:00"),
};

/** The same during the trial, before subscribing: nothing is charged now. */
export const SEAT_PREVIEW_TRIAL: SeatPreview = {
  subscribed: false,
  seats: 3,
  seats_after: 4,
  unit_amount: 2900,
  currency: "usd",
  interval: "month",
  prorated_now: null,
  next_invoice_amount: null,
  next_invoice_date: null,
};

/** GET /api/practice/standing after a failed payment: full service for 9 more days. */
export const STANDING_GRACE: Standing = { standing: "grace", reason: "payment_failed", grace_ends: daysFromNow(9, "12:00") };
/** GET /api/practice/standing once the subscription was cancelled. */
export const STANDING_READ_ONLY: Standing = { standing: "read_only", reason: "canceled", grace_ends: null };
