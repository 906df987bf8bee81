import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components, paths } from "./schema";

export type DigestSettings = components["schemas"]["DigestSettings"];
export type DigestSummary = components["schemas"]["DigestSummary"];
export type DigestContent = components["schemas"]["DigestContent"];
export type DigestLine = components["schemas"]["DigestLine"];
export type DigestItem = components["schemas"]["DigestItem"];
export type DigestCaseload = NonNullable<DigestContent["caseload"]>;
export type DigestPractice = NonNullable<DigestContent["practice"]>;
export type Weekday = DigestSettings["weekday"];
/** What PUT /api/digests/settings takes. */
export type DigestSettingsUpdate = paths["/api/digests/settings"]["put"]["requestBody"]["content"]["application/json"];

export const digestKeys = {
  list: ["digests", "list"] as const,
  one: (id: string) => ["digests", "one", id] as const,
  settings: ["digests", "settings"] as const,
};

/** The caller's own digests, newest week first. */
export function useDigests() {
  return useQuery({
    queryKey: digestKeys.list,
    queryFn: async () => (await call(() => api.GET("/api/digests"))).digests,
  });
}

/**
 * One of the caller's digests. A digest is kept exactly as it was made, so once loaded it is
 * never fetched again while it stays in the cache.
 */
export function useDigest(id: string | undefined) {
  return useQuery({
    queryKey: digestKeys.one(id ?? ""),
    enabled: !!id,
    queryFn: () => call(() => api.GET("/api/digests/{id}", { params: { path: { id: id! } } })),
    staleTime: Infinity,
  });
}

/** When the caller's digest is made, and whether it is emailed. */
export function useDigestSettings(enabled = true) {
  return useQuery({
    queryKey: digestKeys.settings,
    enabled,
    queryFn: () => call(() => api.GET("/api/digests/settings")),
  });
}

/** Changes the caller's own digest settings; the answer (with the next send time) is kept. */
export function useSaveDigestSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DigestSettingsUpdate) => call(() => api.PUT("/api/digests/settings", { body })),
    onSuccess: (saved) => queryClient.setQueryData(digestKeys.settings, saved),
  });
}

/** The days of the week as the settings name them, Monday first (the order people pick from). */
export const WEEKDAYS: { value: Weekday; label: string }[] = [
  { value: "monday", label: "Monday" },
  { value: "tuesday", label: "Tuesday" },
  { value: "wednesday", label: "Wednesday" },
  { value: "thursday", label: "Thursday" },
  { value: "friday", label: "Friday" },
  { value: "saturday", label: "Saturday" },
  { value: "sunday", label: "Sunday" },
];
