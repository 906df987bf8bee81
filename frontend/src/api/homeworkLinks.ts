import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";

export type HomeworkLink = components["schemas"]["HomeworkLink"];

export const homeworkLinkKeys = {
  client: (id: string) => ["homework-link", id] as const,
};

/** The state of a client's homework link; the API never sends its token. */
export function useHomeworkLink(clientId: string) {
  return useQuery({
    queryKey: homeworkLinkKeys.client(clientId),
    queryFn: () => call(() => api.GET("/api/clients/{id}/homework-link", { params: { path: { id: clientId } } })),
  });
}

/**
 * A new link (any earlier one stops working). The answer carries the URL this once: the caller
 * shows it and keeps it nowhere else; only the link's state goes into the cache.
 */
export function useCreateHomeworkLink(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => api.POST("/api/clients/{id}/homework-link", { params: { path: { id: clientId } } })),
    onSuccess: ({ link }) => queryClient.setQueryData(homeworkLinkKeys.client(clientId), link),
  });
}

export type LinkChannel = "email" | "sms";

/**
 * A new link (any earlier one stops working), sent to the client by email or text. Like a link
 * made by hand, the answer carries the URL this once, with where it went (masked); only the
 * link's state goes into the cache.
 */
export function useSendHomeworkLink(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channel: LinkChannel) =>
      call(() =>
        api.POST("/api/clients/{id}/homework-link/send", { params: { path: { id: clientId } }, body: { channel } }),
      ),
    onSuccess: ({ link }) => queryClient.setQueryData(homeworkLinkKeys.client(clientId), link),
  });
}

/** Extends the live link to 90 days from now (also revives an expired one that was not revoked). */
export function useRenewHomeworkLink(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(() => api.POST("/api/clients/{id}/homework-link/renew", { params: { path: { id: clientId } } })),
    onSuccess: (link) => queryClient.setQueryData(homeworkLinkKeys.client(clientId), link),
  });
}

export function useRevokeHomeworkLink(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => api.DELETE("/api/clients/{id}/homework-link", { params: { path: { id: clientId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: homeworkLinkKeys.client(clientId) }),
  });
}

/** Clears the client's PIN; they choose a new one on their next visit. */
export function useResetPin(clientId: string) {
  return useMutation({
    mutationFn: () => call(() => api.POST("/api/clients/{id}/pin/reset", { params: { path: { id: clientId } } })),
  });
}
