import { useInfiniteQuery, useQuery, type InfiniteData } from "@tanstack/react-query";
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
/** One page of the caseload as the API sends it, with counts over the whole caseload. */
export type CaseloadPage = paths["/api/caseload"]["get"]["responses"][200]["content"]["application/json"];
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

/**
 * A client's whole record as CSV, and their progress report as PDF: plain same-origin links, so
 * the staff session cookie goes along and the browser downloads what the server sends. Each
 * download leaves an audit row.
 */
export const clientExportHref = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/export`;
export const clientReportHref = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/report`;

/** Both partners' measures, weekly check-ins and adherence, one entry per partner. */
export function useCoupleProgress(coupleId: string) {
  return useQuery({
    queryKey: progressKeys.couple(coupleId),
    queryFn: async (): Promise<PartnerProgress[]> =>
      (await call(() => api.GET("/api/couples/{id}/progress", { params: { path: { id: coupleId } } }))).partners,
  });
}

/** Clients per caseload page; a practice can hold thousands, so the caseload is never loaded whole. */
export const CASELOAD_PAGE_SIZE = 50;

/** The caseload pages loaded so far, joined: entries in the API's order and the latest counts. */
export type Caseload = {
  entries: CaseloadEntry[];
  /** Active clients the caller sees. */
  total: number;
  /** Of those, clients with an open alert, a missed streak or a worse score. */
  flagged: number;
};

/** The offset of the page after this one, or undefined once the caseload is all loaded. */
export function nextCaseloadOffset(page: CaseloadPage): number | undefined {
  const next = page.offset + page.limit;
  return page.limit > 0 && next < page.total ? next : undefined;
}

/**
 * Joins the loaded pages in order. A client seen on an earlier page is not repeated: the order
 * can shift between two pages (an alert raised in between), and each client appears once.
 * The counts are the latest page's.
 */
export function joinCaseload(data: InfiniteData<CaseloadPage, number>): Caseload {
  const seen = new Set<string>();
  const entries: CaseloadEntry[] = [];
  for (const page of data.pages) {
    for (const e of page.clients) {
      if (seen.has(e.client_id)) continue;
      seen.add(e.client_id);
      entries.push(e);
    }
  }
  const last = data.pages[data.pages.length - 1];
  return { entries, total: last?.total ?? 0, flagged: last?.flagged ?? 0 };
}

/**
 * The caller's clients, those who need attention first, in the API's order (never re-sorted
 * here), a page of CASELOAD_PAGE_SIZE at a time: fetchNextPage loads the next.
 */
export function useCaseload() {
  return useInfiniteQuery({
    queryKey: progressKeys.caseload,
    initialPageParam: 0,
    queryFn: ({ pageParam }): Promise<CaseloadPage> =>
      call(() => api.GET("/api/caseload", { params: { query: { offset: pageParam, limit: CASELOAD_PAGE_SIZE } } })),
    getNextPageParam: nextCaseloadOffset,
    select: joinCaseload,
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
