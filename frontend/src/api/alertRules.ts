import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components, paths } from "./schema";

// Alert rules: thresholds the practice (or a member, for their own clients) sets, and the
// follow-ups they open. These are separate from risk alerts (api/alerts.ts), which a client's
// answers raise and which stay on the Alerts page.

export type AlertRules = components["schemas"]["AlertRules"];
export type AlertRulesInput = components["schemas"]["AlertRulesInput"];
export type RuleAlertList = paths["/api/rule-alerts"]["get"]["responses"][200]["content"]["application/json"];
export type RuleAlert = RuleAlertList["alerts"][number];

export const alertRuleKeys = {
  all: ["alert-rules"] as const,
  practice: ["alert-rules", "practice"] as const,
  member: (id: string) => ["alert-rules", "member", id] as const,
  alerts: ["rule-alerts"] as const,
};

/** The thresholds' ranges, as the API checks them. */
export const MISSED_IN_ROW_RANGE = { min: 2, max: 30 } as const;
export const SILENT_DAYS_RANGE = { min: 2, max: 28 } as const;

/** The practice's rules (owners and admins change them; anyone may read them). */
export function usePracticeAlertRules(enabled = true) {
  return useQuery({
    queryKey: alertRuleKeys.practice,
    enabled,
    queryFn: () => call(() => api.GET("/api/alert-rules")),
  });
}

/** Changes the practice's rules; members who follow them are read again. */
export function useSavePracticeAlertRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertRulesInput) => call(() => api.PUT("/api/alert-rules", { body })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: alertRuleKeys.all });
      queryClient.setQueryData(alertRuleKeys.practice, saved);
    },
  });
}

/** The rules for a member's clients: their own override, else the practice's (`override` says which). */
export function useMemberAlertRules(id: string | undefined) {
  return useQuery({
    queryKey: alertRuleKeys.member(id ?? ""),
    enabled: !!id,
    queryFn: () => call(() => api.GET("/api/alert-rules/members/{id}", { params: { path: { id: id! } } })),
  });
}

/** Sets a member's own override; the answer is kept. */
export function useSaveMemberAlertRules(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertRulesInput) =>
      call(() => api.PUT("/api/alert-rules/members/{id}", { params: { path: { id } }, body })),
    onSuccess: (saved) => queryClient.setQueryData(alertRuleKeys.member(id), saved),
  });
}

/** Clears a member's own override: the practice's rules apply to their clients again; the answer is kept. */
export function useClearMemberAlertRules(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => api.DELETE("/api/alert-rules/members/{id}", { params: { path: { id } } })),
    onSuccess: (rules) => queryClient.setQueryData(alertRuleKeys.member(id), rules),
  });
}

/** The caller's follow-ups: open ones first, then the last 30 days' settled ones, and how many are unseen. */
export function useRuleAlerts() {
  return useQuery({
    queryKey: alertRuleKeys.alerts,
    queryFn: () => call(() => api.GET("/api/rule-alerts")),
  });
}

/** Marks all the caller's follow-ups seen: the count clears at once, and the list is read again. */
export function useMarkRuleAlertsSeen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => api.POST("/api/rule-alerts/seen")),
    onSuccess: () => {
      queryClient.setQueryData<RuleAlertList>(alertRuleKeys.alerts, (list) =>
        list ? { unseen: 0, alerts: list.alerts.map((a) => ({ ...a, seen: true })) } : list,
      );
      void queryClient.invalidateQueries({ queryKey: alertRuleKeys.alerts });
    },
  });
}
