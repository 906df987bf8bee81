import { useInfiniteQuery } from "@tanstack/react-query";
import { browserTimeZone } from "../components/timeZones";
import { api, call } from "./client";
import type { components } from "./schema";

export type AuditEvent = components["schemas"]["AuditEvent"];

/** The audit log's filters as the API names them; empty strings mean "not filtered". */
export type AuditFilter = {
  actor_user_id: string;
  client_id: string;
  action: string;
  from: string;
  to: string;
};

export const AUDIT_FILTER_NAMES = ["actor_user_id", "client_id", "action", "from", "to"] as const;

export const EMPTY_AUDIT_FILTER: AuditFilter = { actor_user_id: "", client_id: "", action: "", from: "", to: "" };

/** Events per page; a shorter page means there is nothing older. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * The filters that are set, trimmed, in the API's order. Dates are the viewer's own days: with
 * a date set, the browser's time zone goes along as tz, and the server counts each day from the
 * viewer's midnight to the next (the address keeps the dates only, so a bookmark travels).
 */
export function auditQuery(filter: AuditFilter): Partial<AuditFilter> & { tz?: string } {
  const out: Partial<AuditFilter> & { tz?: string } = {};
  for (const name of AUDIT_FILTER_NAMES) {
    const value = filter[name].trim();
    if (value) out[name] = value;
  }
  if (out.from || out.to) out.tz = browserTimeZone();
  return out;
}

/** The calendar date of `now` in the IANA zone, as YYYY-MM-DD: the viewer's today, not UTC's. */
export function dateIn(zone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(now)
    .map((p) => [p.type, p.value]);
  const p = Object.fromEntries(parts) as Record<string, string>;
  return `${p.year}-${p.month}-${p.day}`;
}

/** The last `days` days in the zone, today included, as the filter's from and to. */
export function lastDays(days: number, zone: string, now: Date = new Date()): { from: string; to: string } {
  const to = dateIn(zone, now);
  const [y, m, d] = to.split("-").map(Number);
  const from = new Date(Date.UTC(y, m - 1, d - (days - 1))).toISOString().slice(0, 10);
  return { from, to };
}

/** The CSV download of everything matching the filters (a plain link: the session cookie goes along). */
export function auditExportHref(filter: AuditFilter): string {
  const qs = new URLSearchParams(auditQuery(filter)).toString();
  return qs ? `/api/audit/export?${qs}` : "/api/audit/export";
}

/** The audit trail, newest first, a page at a time: each next page is older than the last event shown. */
export function useAuditEvents(filter: AuditFilter, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["audit", auditQuery(filter)],
    enabled,
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) => {
      const query = { ...auditQuery(filter), limit: AUDIT_PAGE_SIZE, ...(pageParam ? { before_id: pageParam } : {}) };
      return (await call(() => api.GET("/api/audit", { params: { query } }))).events;
    },
    getNextPageParam: (last) => (last.length < AUDIT_PAGE_SIZE ? undefined : last[last.length - 1]?.id),
  });
}
