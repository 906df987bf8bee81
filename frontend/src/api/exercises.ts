import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";

export type Exercise = components["schemas"]["Exercise"];
export type ExerciseField = components["schemas"]["ExerciseField"];
export type FieldType = ExerciseField["type"];
export type FieldOption = NonNullable<ExerciseField["options"]>[number];
export type ProgrammeStep = NonNullable<Exercise["steps"]>[number];
export type Template = components["schemas"]["Template"];
export type TemplateRequest = components["schemas"]["TemplateRequest"];
export type Modality = Exercise["modality"];
export type Audience = Exercise["audience"];
export type Phase = Exercise["phase"];
export type CadenceKind = Exercise["cadence"];

export const MODALITY_LABELS: Record<Modality, string> = {
  gottman: "Gottman-informed",
  eft: "EFT-informed",
  general: "General",
};

export const AUDIENCE_LABELS: Record<Audience, string> = {
  individual: "Individual",
  hurt: "The partner who was hurt",
  caused_harm: "The partner who caused the harm",
  both: "Both partners",
};

/** The phases of trust repair, in the order the work goes; "any" is not trust repair. */
export const PHASES: Phase[] = ["atone", "attune", "attach", "any"];

export const PHASE_LABELS: Record<Phase, string> = {
  atone: "Atone",
  attune: "Attune",
  attach: "Attach",
  any: "Any time",
};

export const PHASE_DESCRIPTIONS: Record<Phase, string> = {
  atone: "Full responsibility, honest answers, transparency, ending contact tied to the harm.",
  attune: "Understanding the disconnection that came before, listening without defending, handling triggers.",
  attach: "New rituals of connection, rebuilding closeness once safety is back.",
  any: "Useful at any point, and not part of trust-repair work.",
};

export const MODALITIES: Modality[] = ["gottman", "eft", "general"];
export const AUDIENCES: Audience[] = ["individual", "hurt", "caused_harm", "both"];
export const CADENCE_KINDS: CadenceKind[] = ["once", "daily", "weekly", "programme"];

/** The field types in the order the editor offers them (internal/library.FieldTypes). */
export const FIELD_TYPES: FieldType[] = [
  "short_text",
  "long_text",
  "scale",
  "yes_no",
  "checklist",
  "single_choice",
  "multi_choice",
  "script",
];

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  short_text: "Short text",
  long_text: "Long text",
  scale: "0–10 scale",
  yes_no: "Yes/no",
  checklist: "Checklist",
  single_choice: "Single choice",
  multi_choice: "Multiple choice",
  script: "Script to practise",
};

/** Default text limits, in characters (internal/library ShortTextMax and LongTextMax). */
export const SHORT_TEXT_MAX = 300;
export const LONG_TEXT_MAX = 10000;

/** Whether a field type is answered by picking from options. */
export function hasOptions(type: FieldType): boolean {
  return type === "checklist" || type === "single_choice" || type === "multi_choice";
}

/** Trust-repair work (any phase but "any") needs a safety screen before it goes to a couple. */
export function isTrustRepair(exercise: Pick<Exercise, "phase">): boolean {
  return exercise.phase !== "any";
}

/** "Daily", or "A programme of 30 days" when the exercise's steps are known. */
export function suggestedCadenceLabel(exercise: Pick<Exercise, "cadence" | "steps">): string {
  switch (exercise.cadence) {
    case "once":
      return "Once";
    case "daily":
      return "Daily";
    case "weekly":
      return "Weekly";
    case "programme": {
      const n = exercise.steps?.length ?? 0;
      return n > 0 ? `A programme of ${n} ${n === 1 ? "day" : "days"}` : "A programme of daily steps";
    }
  }
}

/**
 * The fields a client answers on one occurrence: a programme's step brings its principle to read
 * and its question (internal/library Definition.FieldsFor), anything else its own fields.
 */
export function fieldsFor(exercise: Exercise, step: number): ExerciseField[] {
  const steps = exercise.steps ?? [];
  if (steps.length === 0 || step < 1 || step > steps.length) return exercise.fields ?? [];
  const s = steps[step - 1];
  return [
    { id: "principle", type: "script", label: s.title, text: s.principle },
    { id: "reflection", type: "long_text", label: s.question, max_length: 4000 },
  ];
}

export const exerciseKeys = {
  all: ["exercises"] as const,
  library: () => ["exercises", "library"] as const,
  templates: () => ["exercises", "templates"] as const,
  template: (id: string) => ["exercises", "template", id] as const,
};

/** The built-in library; it changes only with a release, so it stays fresh for a while. */
export function useLibrary() {
  return useQuery({
    queryKey: exerciseKeys.library(),
    queryFn: async () => (await call(() => api.GET("/api/exercises/library"))).exercises,
    staleTime: 10 * 60_000,
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: exerciseKeys.templates(),
    queryFn: async () => (await call(() => api.GET("/api/exercises/templates"))).templates,
  });
}

export function useTemplate(id: string) {
  return useQuery({
    queryKey: exerciseKeys.template(id),
    queryFn: () => call(() => api.GET("/api/exercises/templates/{id}", { params: { path: { id } } })),
  });
}

/** After a template changes: it in the cache, the list refetched. */
function useTemplateSaved() {
  const queryClient = useQueryClient();
  return (template: Template) => {
    queryClient.setQueryData(exerciseKeys.template(template.id), template);
    void queryClient.invalidateQueries({ queryKey: exerciseKeys.templates() });
  };
}

/** Copy a library exercise ({from_library}) or save a new one from the editor ({definition}). */
export function useCreateTemplate() {
  const saved = useTemplateSaved();
  return useMutation({
    mutationFn: (body: TemplateRequest) => call(() => api.POST("/api/exercises/templates", { body })),
    onSuccess: saved,
  });
}

/** Save a new version of a template. */
export function useUpdateTemplate(id: string) {
  const saved = useTemplateSaved();
  return useMutation({
    mutationFn: (definition: Exercise) =>
      call(() => api.PUT("/api/exercises/templates/{id}", { params: { path: { id } }, body: { definition } })),
    onSuccess: saved,
  });
}

export function useArchiveTemplate(id: string) {
  const saved = useTemplateSaved();
  return useMutation({
    mutationFn: () => call(() => api.POST("/api/exercises/templates/{id}/archive", { params: { path: { id } } })),
    onSuccess: saved,
  });
}
