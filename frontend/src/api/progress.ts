import { useQuery } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components, paths } from "./schema";

export type Progress = components["schemas"]["Progress"];
export type MeasureSeries = components["schemas"]["MeasureSeries"];
export type MeasureBand = MeasureSeries["bands"][number];
export type MeasurePoint = MeasureSeries["points"][number];
export type MeasureChange = NonNullable<MeasureSeries["change"]>;
export type AdherenceWeek = components["schemas"]["AdherenceWeek"];
export type CheckInPoint = components["schemas"]["CheckInPoint"];
export type CaseloadEntry = components["schemas"]["CaseloadEntry"];
/** One daily exercise's last 60 days. */
export type ExerciseCalendar = Progress["calendar"][number];
export type CalendarDay = ExerciseCalendar["days"][number];
export type DayStatus = CalendarDay["status"];
/** One partner's check-ins and adherence on a couple's progress. */
export type PartnerProgress =
  paths["/api/couples/{id}/progress"]["get"]["responses"][200]["content"]["application/json"]["partners"][number];

/** The four items of the weekly trust-and-safety check-in, in its order: a short name and the question. */
export const CHECK_IN_ITEMS = [
  { key: "safe", label: "Safe", question: "How safe did you feel with your partner?" },
  { key: "matched", label: "Matched", question: "How far did your partner's actions match their words?" },
  { key: "honest", label: "Honest", question: "How honest could you be with your partner?" },
  { key: "trust", label: "Trust", question: "How much do you trust your partner right now?" },
] as const satisfies readonly { key: keyof CheckInPoint; label: string; question: string }[];

/** Each item is answered 0 to 10, so the total runs 0 to 40. */
export const CHECK_IN_MAX = 40;

export const progressKeys = {
  all: ["progress"] as const,
  client: (id: string) => ["progress", "client", id] as const,
  couple: (id: string) => ["progress", "couple", id] as const,
  caseload: ["progress", "caseload"] as const,
};

/**
 * A client's measures, weekly adherence and daily calendars. Every fetch leaves a progress.read
 * audit row, so, like the client record, it is fetched again on each opening of the tab.
 */
export function useClientProgress(clientId: string) {
  return useQuery({
    queryKey: progressKeys.client(clientId),
    queryFn: () => call(() => api.GET("/api/clients/{id}/progress", { params: { path: { id: clientId } } })),
  });
}

/** Both partners' weekly check-ins and adherence, one entry per partner. */
export function useCoupleProgress(coupleId: string) {
  return useQuery({
    queryKey: progressKeys.couple(coupleId),
    queryFn: async (): Promise<PartnerProgress[]> =>
      (await call(() => api.GET("/api/couples/{id}/progress", { params: { path: { id: coupleId } } }))).partners,
  });
}

/** The caller's clients, those who need attention first, in the API's order (never re-sorted here). */
export function useCaseload() {
  return useQuery({
    queryKey: progressKeys.caseload,
    queryFn: async (): Promise<CaseloadEntry[]> => (await call(() => api.GET("/api/caseload"))).clients,
  });
}

const MEASURE_NAMES: Record<string, string> = {
  "phq-9": "PHQ-9",
  "gad-7": "GAD-7",
  "pcl-5": "PCL-5",
  "trust-safety-check-in": "Weekly check-in",
};

/** A measure's short name ("PHQ-9") from its key; anything unknown is shown as given. */
export function measureName(instrument: string): string {
  return MEASURE_NAMES[instrument.toLowerCase()] ?? instrument;
}
