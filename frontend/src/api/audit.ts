import { useInfiniteQuery } from "@tanstack/react-query";
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

/** The filters that are set, trimmed, in the API's order. */
export function auditQuery(filter: AuditFilter): Partial<AuditFilter> {
  const out: Partial<AuditFilter> = {};
  for (const name of AUDIT_FILTER_NAMES) {
    const value = filter[name].trim();
    if (value) out[name] = value;
  }
  return out;
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
