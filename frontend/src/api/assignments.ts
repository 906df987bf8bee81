import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";

export type Assignment = components["schemas"]["Assignment"];
export type AssignmentRequest = components["schemas"]["AssignmentRequest"];
export type AssignmentStatus = Assignment["status"];
export type Cadence = components["schemas"]["Cadence"];
export type Weekday = NonNullable<Cadence["weekdays"]>[number];
export type ExerciseRef = components["schemas"]["ExerciseRef"];
export type Occurrence = components["schemas"]["Occurrence"];
export type OccurrenceStatus = Occurrence["status"];
export type SafetyScreen = components["schemas"]["SafetyScreen"];
export type SafetyScreenRequest = components["schemas"]["SafetyScreenRequest"];
export type RecordedSafetyScreen = components["schemas"]["RecordedSafetyScreen"];
export type JournalEntry = components["schemas"]["JournalEntry"];
/** One partner's column of a couple's homework. */
export type PartnerAssignments = {
  client_id: string;
  name: string;
  trust_role: components["schemas"]["TrustRole"];
  assignments: Assignment[];
};

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  active: "Active",
  paused: "Paused",
  stopped: "Stopped",
};

export const OCCURRENCE_STATUS_LABELS: Record<OccurrenceStatus, string> = {
  upcoming: "Upcoming",
  due: "Due",
  done: "Done",
  late: "Late",
  missed: "Missed",
};

/**
 * An occurrence's status in words. The contract does not say what "late" means: with answers it
 * reads as sent after the due time, without them as past due and still open (as the client's
 * homework pages read a late task).
 */
export function occurrenceStatusLabel(o: Pick<Occurrence, "status" | "response">): string {
  if (o.status === "late") return o.response ? "Done late" : "Late, still open";
  return OCCURRENCE_STATUS_LABELS[o.status];
}

/** The concerns a safety screen asks about, in the form's order. */
export const SCREEN_QUESTIONS = [
  { key: "violence_or_fear", label: "Violence, threats, or either partner afraid of the other" },
  { key: "coercive_control", label: "Coercive control" },
  { key: "active_addiction", label: "Active addiction" },
  { key: "ongoing_contact", label: "Ongoing contact tied to the harm" },
] as const;

export type ScreenConcern = (typeof SCREEN_QUESTIONS)[number]["key"];

export const SCREEN_DECISION_LABELS: Record<SafetyScreen["decision"], string> = {
  proceed: "Proceed with trust-repair homework",
  hold: "Hold trust-repair homework",
};

export const assignmentKeys = {
  all: ["assignments"] as const,
  client: (id: string) => ["assignments", "client", id] as const,
  couple: (id: string) => ["assignments", "couple", id] as const,
};

export const safetyScreenKeys = {
  couple: (id: string) => ["safety-screens", id] as const,
};

export const journalKeys = {
  client: (id: string) => ["journal", id] as const,
};

/** A client's assignments, four weeks back to one week ahead, with answers. */
export function useClientAssignments(clientId: string) {
  return useQuery({
    queryKey: assignmentKeys.client(clientId),
    queryFn: async () =>
      (await call(() => api.GET("/api/clients/{id}/assignments", { params: { path: { id: clientId } } }))).assignments,
  });
}

/** Both partners' assignments, one entry per partner. */
export function useCoupleAssignments(coupleId: string) {
  return useQuery({
    queryKey: assignmentKeys.couple(coupleId),
    queryFn: async (): Promise<PartnerAssignments[]> =>
      (await call(() => api.GET("/api/couples/{id}/assignments", { params: { path: { id: coupleId } } }))).partners,
  });
}

export function useCreateAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignmentRequest) => call(() => api.POST("/api/assignments", { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assignmentKeys.all }),
  });
}

export type AssignmentAction = "pause" | "resume" | "stop";

/** Pause, resume or stop one assignment; every list that shows it is fetched again. */
export function useAssignmentAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: AssignmentAction }) => {
      const params = { params: { path: { id } } };
      return call(() =>
        action === "pause"
          ? api.POST("/api/assignments/{id}/pause", params)
          : action === "resume"
            ? api.POST("/api/assignments/{id}/resume", params)
            : api.POST("/api/assignments/{id}/stop", params),
      );
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assignmentKeys.all }),
  });
}

/** A couple's safety screens, newest first (sorted here too: the newest one decides). */
export function useSafetyScreens(coupleId: string, enabled = true) {
  return useQuery({
    queryKey: safetyScreenKeys.couple(coupleId),
    queryFn: async () => {
      const { screens } = await call(() =>
        api.GET("/api/couples/{id}/safety-screens", { params: { path: { id: coupleId } } }),
      );
      return [...screens].sort((a, b) => b.screened_at.localeCompare(a.screened_at));
    },
    enabled: enabled && !!coupleId,
  });
}

export function useRecordSafetyScreen(coupleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SafetyScreenRequest) =>
      call(() => api.POST("/api/couples/{id}/safety-screens", { params: { path: { id: coupleId } }, body })),
    onSuccess: (recorded: RecordedSafetyScreen) => {
      void queryClient.invalidateQueries({ queryKey: safetyScreenKeys.couple(coupleId) });
      // A hold pauses the partners' trust-repair assignments: their lists must show it.
      if (recorded.paused_assignments.length > 0) void queryClient.invalidateQueries({ queryKey: assignmentKeys.all });
    },
  });
}

/** A client's journal, newest first. */
export function useClientJournal(clientId: string) {
  return useQuery({
    queryKey: journalKeys.client(clientId),
    queryFn: async () => {
      const { entries } = await call(() => api.GET("/api/clients/{id}/journal", { params: { path: { id: clientId } } }));
      return [...entries].sort((a, b) => b.created_at.localeCompare(a.created_at));
    },
  });
}
