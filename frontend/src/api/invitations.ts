import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, refreshCsrfToken } from "./client";
import { fetchMe, meQueryKey } from "./auth";
import type { paths } from "./schema";

export type InvitationPreview =
  paths["/api/invitations/preview"]["get"]["responses"]["200"]["content"]["application/json"];
type AcceptBody = NonNullable<paths["/api/invitations/accept"]["post"]["requestBody"]>;
export type AcceptRequest = AcceptBody["content"]["application/json"];

/** What an invitation link offers. Opening it changes nothing on the server. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ["invitation-preview", token],
    enabled: token !== "",
    queryFn: () => call(() => api.GET("/api/invitations/preview", { params: { query: { token } } })),
    retry: false,
    // Previews are rate limited per address; one look per visit is enough.
    staleTime: Infinity,
  });
}

/**
 * Joins the practice. A new account is signed in at once (its person goes into the cache);
 * an existing account answers login_required and logs in as usual, two-factor included.
 */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AcceptRequest) => {
      const joined = await call(() => api.POST("/api/invitations/accept", { body }));
      if (joined.login_required) return { loginRequired: true as const };
      // A new session (and CSRF token) came with the answer.
      refreshCsrfToken();
      const me = await fetchMe();
      queryClient.setQueryData(meQueryKey, me);
      return { loginRequired: false as const };
    },
  });
}
