import { hasOptions, type Exercise, type ExerciseField, type FieldType } from "../../api/exercises";

/**
 * The template editor's state and its conversion to and from the API's Exercise. Ids the person
 * typed (or that an existing version had) are kept; the rest are made from the labels.
 */

export type OptionDraft = { key: string; id: string; label: string };

export type FieldDraft = {
  /** React's key; stays with the field when it moves. */
  key: string;
  /** The id the person set or the saved version had; "" to make one from the label. */
  id: string;
  type: FieldType;
  label: string;
  help: string;
  required: boolean;
  min_label: string;
  max_label: string;
  options: OptionDraft[];
  text: string;
  max_length: string;
};

export type StepDraft = { key: string; title: string; principle: string; question: string };

export type Draft = {
  slug: string;
  title: string;
  summary: string;
  modality: Exercise["modality"];
  audience: Exercise["audience"];
  phase: Exercise["phase"];
  minutes: string;
  cadence: Exercise["cadence"];
  why: string;
  watch_out: string;
  intro: string;
  fields: FieldDraft[];
  steps: StepDraft[];
};

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function newOption(): OptionDraft {
  return { key: newKey(), id: "", label: "" };
}

export function newField(type: FieldType = "short_text"): FieldDraft {
  return {
    key: newKey(),
    id: "",
    type,
    label: "",
    help: "",
    required: false,
    min_label: "",
    max_label: "",
    options: hasOptions(type) ? [newOption(), newOption()] : [],
    text: "",
    max_length: "",
  };
}

export function newStep(): StepDraft {
  return { key: newKey(), title: "", principle: "", question: "" };
}

export function emptyDraft(): Draft {
  return {
    slug: "",
    title: "",
    summary: "",
    modality: "general",
    audience: "individual",
    phase: "any",
    minutes: "10",
    cadence: "daily",
    why: "",
    watch_out: "",
    intro: "",
    fields: [],
    steps: [],
  };
}

export function draftFrom(def: Exercise): Draft {
  return {
    slug: def.slug,
    title: def.title,
    summary: def.summary,
    modality: def.modality,
    audience: def.audience,
    phase: def.phase,
    minutes: String(def.minutes),
    cadence: def.cadence,
    why: def.why,
    watch_out: def.watch_out,
    intro: def.intro ?? "",
    fields: (def.fields ?? []).map((f) => ({
      key: newKey(),
      id: f.id,
      type: f.type,
      label: f.label,
      help: f.help ?? "",
      required: !!f.required,
      min_label: f.min_label ?? "",
      max_label: f.max_label ?? "",
      options: (f.options ?? []).map((o) => ({ key: newKey(), id: o.id, label: o.label })),
      text: f.text ?? "",
      max_length: f.max_length ? String(f.max_length) : "",
    })),
    steps: (def.steps ?? []).map((s) => ({ key: newKey(), ...s })),
  };
}

const MAX_ID = 40;
const MAX_SLUG = 60;

function ascii(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** "How safe do you feel?" → "how_safe_do_you_feel": lowercase letters, digits and underscores, starting with a letter. */
export function snakeCase(label: string, prefix = "field"): string {
  let id = ascii(label)
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (id && !/^[a-z]/.test(id)) id = `${prefix}_${id}`;
  return id.slice(0, MAX_ID).replace(/_+$/, "");
}

/** "Daily check-in!" → "daily-check-in". */
export function kebabCase(title: string): string {
  return ascii(title)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/, "");
}

/**
 * The ids to send: each one set is kept as it is (the API reports duplicates among those); the
 * others are made from their labels, or `${fallback}_${n}`, and made unique with _2, _3….
 */
export function resolveIds(items: { id: string; label: string }[], fallback: string): string[] {
  const taken = new Set(items.map((i) => i.id.trim()).filter(Boolean));
  return items.map((item, n) => {
    const set = item.id.trim();
    if (set) return set;
    const base = snakeCase(item.label, fallback) || `${fallback}_${n + 1}`;
    let id = base;
    for (let k = 2; taken.has(id); k++) {
      const suffix = `_${k}`;
      id = base.slice(0, MAX_ID - suffix.length).replace(/_+$/, "") + suffix;
    }
    taken.add(id);
    return id;
  });
}

/** A whole number typed in a number input; anything else becomes 0, which the API explains. */
function whole(text: string): number {
  const n = Number(text.trim());
  return text.trim() !== "" && Number.isInteger(n) ? n : 0;
}

function optional(text: string): string | undefined {
  const t = text.trim();
  return t ? t : undefined;
}

function toField(f: FieldDraft, id: string): ExerciseField {
  const field: ExerciseField = { id, type: f.type, label: f.label.trim() };
  const help = optional(f.help);
  if (help) field.help = help;
  if (f.required) field.required = true;
  if (f.type === "scale") {
    field.min_label = f.min_label.trim();
    field.max_label = f.max_label.trim();
  }
  if (hasOptions(f.type)) {
    const ids = resolveIds(f.options, "choice");
    field.options = f.options.map((o, j) => ({ id: ids[j], label: o.label.trim() }));
  }
  if (f.type === "script") field.text = f.text.trim();
  if ((f.type === "short_text" || f.type === "long_text") && f.max_length.trim()) {
    field.max_length = whole(f.max_length);
  }
  return field;
}

/** The Exercise to send. A programme sends its steps, anything else its fields. */
export function toDefinition(d: Draft): Exercise {
  const title = d.title.trim();
  const def: Exercise = {
    slug: d.slug || kebabCase(title) || "exercise",
    title,
    summary: d.summary.trim(),
    modality: d.modality,
    audience: d.audience,
    phase: d.phase,
    minutes: whole(d.minutes),
    cadence: d.cadence,
    why: d.why.trim(),
    watch_out: d.watch_out.trim(),
  };
  const intro = optional(d.intro);
  if (intro) def.intro = intro;
  if (d.cadence === "programme") {
    def.steps = d.steps.map((s) => ({ title: s.title.trim(), principle: s.principle.trim(), question: s.question.trim() }));
  } else {
    const ids = resolveIds(d.fields, "field");
    def.fields = d.fields.map((f, i) => toField(f, ids[i]));
  }
  return def;
}
