import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDay } from "../components/dates";
import { api, ApiError, call } from "./client";
import type { components } from "./schema";

export type Alert = components["schemas"]["Alert"];
export type AlertStatus = Alert["status"];
export type AlertAction = "acknowledge" | "resolve";

export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
};

const INSTRUMENT_LABELS: Record<string, string> = {
  "phq-9": "PHQ-9",
  "gad-7": "GAD-7",
  "pcl-5": "PCL-5",
  "trust-safety-check-in": "Weekly check-in",
};

/** A measure's key in words: "phq-9" → "PHQ-9", "trust-safety-check-in" → "Weekly check-in". */
export function instrumentLabel(key: string): string {
  return INSTRUMENT_LABELS[key] ?? key.toUpperCase();
}

export type AlertAnswer = NonNullable<Alert["answer"]>;

/**
 * The answer that raised an alert, after its question: "answered “Several days” (1) on 24 Nov",
 * or for a 0–10 rating "answered 1 of 10 on 24 Nov".
 */
export function answerInWords(answer: AlertAnswer): string {
  const given = /^\d+ of 10$/.test(answer.label) ? answer.label : `“${answer.label}” (${answer.value})`;
  return `answered ${given} on ${formatDay(answer.date)}`;
}

/** Where the answer is shown on the client's page: their homework, opened at that day's answers. */
export function answerLink(alert: Pick<Alert, "client_id">, answer: AlertAnswer): string {
  return `/app/clients/${alert.client_id}/homework#${answerAnchor(answer.assignment_id, answer.date)}`;
}

/** The id of one day's answers in an assignment list (AssignmentList), for links to land on. */
export function answerAnchor(assignmentId: string, date: string): string {
  return `answer-${assignmentId}-${date}`;
}

/** How often the alert list (and so the navigation's count) is fetched again while a page is open. */
export const ALERT_POLL_MS = 60_000;

export const alertKeys = {
  all: ["alerts"] as const,
  /** Every alert the caller may see, or one client's. */
  list: (clientId?: string) => ["alerts", "list", clientId ?? "all"] as const,
};

/** Open and acknowledged alerts first (open ones before acknowledged ones, newest first), then resolved ones. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  const rank: Record<AlertStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };
  const latest = (a: Alert) => (a.status === "resolved" ? (a.resolved_at ?? a.created_at) : a.created_at);
  return [...alerts].sort((a, b) => rank[a.status] - rank[b.status] || latest(b).localeCompare(latest(a)));
}

/** Risk alerts, sorted by sortAlerts; all the caller may see, or one client's. */
export function useAlerts(clientId?: string, options: { poll?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: alertKeys.list(clientId),
    queryFn: async () => {
      const query = clientId ? { client_id: clientId } : {};
      const { alerts } = await call(() => api.GET("/api/alerts", { params: { query } }));
      return sortAlerts(alerts);
    },
    refetchInterval: options.poll ? ALERT_POLL_MS : undefined,
    enabled: options.enabled ?? true,
  });
}

/** How many alerts are open (not yet acknowledged); polled, for the navigation. Undefined until known. */
export function useOpenAlertCount(enabled = true): number | undefined {
  const alerts = useAlerts(undefined, { poll: true, enabled });
  return alerts.data?.filter((a) => a.status === "open").length;
}

/**
 * Acknowledge (an optional note) or resolve (a note is required) one alert. The answer goes into
 * every cached alert list at once, and the lists are fetched again.
 */
export function useAlertAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, note }: { id: string; action: AlertAction; note: string }) => {
      const options = { params: { path: { id } }, body: { note: note.trim() } };
      return call(() =>
        action === "acknowledge"
          ? api.POST("/api/alerts/{id}/acknowledge", options)
          : api.POST("/api/alerts/{id}/resolve", options),
      );
    },
    onSuccess: (alert) => {
      queryClient.setQueriesData<Alert[]>({ queryKey: alertKeys.all }, (list) =>
        list ? sortAlerts(list.map((a) => (a.id === alert.id ? alert : a))) : list,
      );
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    },
    onError: (error) => {
      // The alert moved on elsewhere: show where it is now.
      if (error instanceof ApiError && error.code === "alert_state") void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    },
  });
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
export function timeAgo(iso: string, now = new Date()): string {
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "just now";
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  }
  return "just now";
}
