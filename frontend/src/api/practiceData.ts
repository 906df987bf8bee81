import { useMutation, useQuery, useQueryClient, type Query } from "@tanstack/react-query";
import { meQueryKey } from "./auth";
import { api, call } from "./client";
import type { components } from "./schema";

export type PracticeExport = components["schemas"]["PracticeExport"];
export type ClosePracticeRequest = components["schemas"]["ClosePracticeRequest"];
export type PracticeClosed = components["schemas"]["PracticeClosed"];

export const practiceDataKeys = {
  exports: ["practice", "exports"] as const,
};

/** How often the list is fetched again while an export is being made. */
export const EXPORT_POLL_MS = 1_500;

/** An export still under way: the page keeps asking how far it has got. */
export function exportUnderWay(e: PracticeExport | undefined): boolean {
  return e?.status === "queued" || e?.status === "running";
}

/** The practice's recent exports, newest first (owners), fetched again while one is being made. */
export function usePracticeExports(enabled = true) {
  return useQuery({
    queryKey: practiceDataKeys.exports,
    enabled,
    queryFn: async () => (await call(() => api.GET("/api/practice/exports"))).exports,
    refetchInterval: (query: Query<PracticeExport[]>) => (exportUnderWay(query.state.data?.[0]) ? EXPORT_POLL_MS : false),
  });
}

/** Starts an export of everything (or answers the one under way); the list then follows it. */
export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await call(() => api.POST("/api/practice/exports"))).export,
    onSuccess: (started) => {
      queryClient.setQueryData<PracticeExport[]>(practiceDataKeys.exports, (list = []) => [
        started,
        ...list.filter((e) => e.id !== started.id),
      ]);
      void queryClient.invalidateQueries({ queryKey: practiceDataKeys.exports });
    },
  });
}

/** Closes the practice for good; who I am is fetched again, and the shell then shows it closed. */
export function useClosePractice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClosePracticeRequest) => call(() => api.POST("/api/practice/close", { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
