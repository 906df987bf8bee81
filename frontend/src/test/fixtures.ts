import type { Assignment, JournalEntry, SafetyScreen } from "../api/assignments";
import type { Client, Couple, Member } from "../api/clients";
import type { Exercise, Template } from "../api/exercises";
import type { Role } from "../api/client";
import { json, ME } from "./helpers";

export const ANA_ID = ME.user.id;
export const BEN_ID = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b01";
export const CLEO_ID = "3c1a8d2e-7f4b-4e0a-9b1c-2d3e4f5a6b02";
export const SAM_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c01";
export const ALEX_ID = "7a0e5c9b-1d2f-4a3b-8c4d-5e6f7a8b9c02";
export const COUPLE_ID = "c0c0c0c0-1111-4222-8333-444455556666";

export const MEMBERS: Member[] = [
  { user_id: ANA_ID, name: "Ana Lindqvist", email: "ana@example.com", role: "owner", status: "active", created_at: "2026-01-05T09:00:00Z" },
  { user_id: BEN_ID, name: "Ben Okafor", email: "ben@example.com", role: "clinician", status: "active", created_at: "2026-02-01T09:00:00Z" },
  { user_id: CLEO_ID, name: "Cleo Marsh", email: "cleo@example.com", role: "clinician", status: "deactivated", created_at: "2026-02-02T09:00:00Z" },
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
  created_at: "2026-03-10T10:00:00Z",
  updated_at: "2026-03-10T10:00:00Z",
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
  created_at: "2026-03-11T10:00:00Z",
  updated_at: "2026-03-11T10:00:00Z",
};

export const COUPLE: Couple = {
  id: COUPLE_ID,
  name: "Sam and Alex",
  status: "active",
  created_at: "2026-03-12T10:00:00Z",
  partners: [
    { client_id: ALEX_ID, name: "Alex Moreau", trust_role: "caused_harm" },
    { client_id: SAM_ID, name: "Samira Haddad", trust_role: "hurt" },
  ],
  clinicians: [{ user_id: BEN_ID, name: "Ben Okafor" }],
};

/** The signed-in person with another role. */
export const meAs = (role: Role) => () => json(200, { ...ME, role });

export const members = () => json(200, { members: MEMBERS });

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
      options: [
        { id: "on_time", label: "was where I said, when I said" },
        { id: "told_changes", label: "told my partner about changed plans" },
        { id: "no_reminders", label: "did agreed tasks without reminders" },
      ],
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
      options: [
        { id: "not_interrupting", label: "Not interrupting" },
        { id: "not_correcting", label: "Not correcting details" },
      ],
    },
    {
      id: "felt",
      type: "multi_choice",
      label: "What did you feel?",
      options: [
        { id: "calm", label: "Calm" },
        { id: "defensive", label: "Defensive" },
        { id: "sad", label: "Sad" },
      ],
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
  created_at: "2026-10-01T09:00:00Z",
  updated_at: "2026-11-01T09:00:00Z",
  definition: exercise("our-sunday-check-in", {
    title: "Our Sunday check-in",
    summary: "A weekly honest check-in that does not relitigate the past.",
    cadence: "weekly",
    fields: [{ id: "safe", type: "scale", label: "How safe did you feel this week?", min_label: "Not at all", max_label: "Completely" }],
  }),
  versions: [
    { version: 1, created_at: "2026-10-01T09:00:00Z", created_by_name: "Ana Lindqvist" },
    { version: 2, created_at: "2026-11-01T09:00:00Z", created_by_name: "Ben Okafor" },
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
      options: [
        { id: "on_time", label: "Home on time" },
        { id: "phoned", label: "Phoned when late" },
        { id: "dishes", label: "Did the dishes unasked" },
      ],
    },
    {
      id: "mood",
      type: "single_choice",
      label: "Mood tonight",
      options: [
        { id: "calm", label: "Calm" },
        { id: "tense", label: "Tense" },
      ],
    },
    {
      id: "needs",
      type: "multi_choice",
      label: "What would help",
      options: [
        { id: "time", label: "Time together" },
        { id: "space", label: "Some space" },
        { id: "words", label: "Reassurance in words" },
      ],
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
  cadence: { kind: "daily", start: "2026-11-20", at: "19:00" },
  status: "active",
  created_at: "2026-11-19T10:00:00Z",
  occurrences: [
    { date: "2026-11-20", step: 1, due_at: "2026-11-20T19:00:00Z", status: "missed" },
    {
      date: "2026-11-21",
      step: 2,
      due_at: "2026-11-21T19:00:00Z",
      status: "done",
      response: {
        id: "b0b0b0b0-0000-4000-8000-000000000001",
        submitted_at: "2026-11-21T20:15:00Z",
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
      date: "2026-11-22",
      step: 3,
      due_at: "2026-11-22T19:00:00Z",
      status: "late",
      response: {
        id: "b0b0b0b0-0000-4000-8000-000000000002",
        submitted_at: "2026-11-23T08:00:00Z",
        answers: { trust: 4, matched: false, kept: [], practised: false },
      },
    },
    { date: "2026-11-24", step: 5, due_at: "2026-11-24T19:00:00Z", status: "due" },
    { date: "2026-11-25", step: 6, due_at: "2026-11-25T19:00:00Z", status: "upcoming" },
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
  cadence: { kind: "weekly", start: "2026-11-16", weekdays: ["fri", "mon", "wed"], at: "08:00" },
  status: "paused",
  created_at: "2026-11-15T10:00:00Z",
  paused_at: "2026-11-22T10:00:00Z",
  occurrences: [
    {
      date: "2026-11-16",
      step: 1,
      due_at: "2026-11-16T08:00:00Z",
      status: "done",
      response: {
        id: "b0b0b0b0-0000-4000-8000-000000000003",
        submitted_at: "2026-11-16T09:00:00Z",
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
  screened_at: "2026-11-10T15:30:00Z",
};

export const JOURNAL: JournalEntry[] = [
  { id: "10000000-0000-4000-8000-000000000001", body: "First entry.", created_at: "2026-11-18T21:00:00Z" },
  { id: "10000000-0000-4000-8000-000000000002", body: "Second entry,\non two lines.", created_at: "2026-11-22T21:00:00Z" },
];
