import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";

export type Client = components["schemas"]["Client"];
export type ClientRequest = components["schemas"]["ClientRequest"];
export type Couple = components["schemas"]["Couple"];
export type CoupleRequest = components["schemas"]["CoupleRequest"];
/** One partner of a new couple: an existing client ({ client_id }) or a new one ({ new_client }). */
export type PartnerRequest = CoupleRequest["partners"][number];
export type TrustRole = components["schemas"]["TrustRole"];
export type Member = components["schemas"]["Member"];
export type ClientStatus = Client["status"];
export type RecordAccess = components["schemas"]["RecordAccess"];
export type EmergencyGrant = components["schemas"]["EmergencyGrant"];
/** What an emergency grant opens: a client's record, or a couple's (and both partners'). */
export type RecordKind = "client" | "couple";

/** What the client list can be narrowed by; empty strings mean "not filtered". */
export type ClientFilter = { q: string; status: ClientStatus; clinician_id: string };

export const TRUST_ROLE_LABELS: Record<TrustRole, string> = {
  hurt: "The partner who was hurt",
  caused_harm: "The partner who caused the harm",
  unspecified: "Not specified",
};

export const clientKeys = {
  all: ["clients"] as const,
  list: (f: ClientFilter) => ["clients", "list", f] as const,
  detail: (id: string) => ["clients", "detail", id] as const,
};

export const coupleKeys = {
  all: ["couples"] as const,
  list: () => ["couples", "list"] as const,
  detail: (id: string) => ["couples", "detail", id] as const,
};

export const membersKey = ["team", "members"] as const;

/** The client list's query for one filter and page (offset, limit). */
function clientListQuery(filter: ClientFilter, offset: number, limit: number) {
  return {
    status: filter.status,
    offset,
    limit,
    ...(filter.q.trim() ? { q: filter.q.trim() } : {}),
    ...(filter.clinician_id ? { clinician_id: filter.clinician_id } : {}),
  };
}

/** The most clients one page of the list holds: what a picker offers. */
export const MAX_CLIENT_PAGE = 500;

/**
 * The clients a picker offers: the first page of the largest size the API serves, by name. The
 * last answer stays shown while the next one loads, so the list does not flicker as someone
 * types.
 */
export function useClients(filter: ClientFilter) {
  return useQuery({
    queryKey: [...clientKeys.list(filter), 0, MAX_CLIENT_PAGE],
    queryFn: async () => {
      const query = clientListQuery(filter, 0, MAX_CLIENT_PAGE);
      const data = await call(() => api.GET("/api/clients", { params: { query } }));
      return data.clients;
    },
    placeholderData: keepPreviousData,
  });
}

/** One page of the client list with the whole list's count, for the Clients page. */
export function useClientPage(filter: ClientFilter, offset: number, limit: number) {
  return useQuery({
    queryKey: [...clientKeys.list(filter), offset, limit],
    queryFn: () => call(() => api.GET("/api/clients", { params: { query: clientListQuery(filter, offset, limit) } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * One client's record. Every fetch leaves a client.read row in the audit trail, so the record
 * is never fresh from the cache: each opening of a page that shows it fetches it again (cached
 * data shows meanwhile), and the trail records every view.
 */
export function useClient(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: clientKeys.detail(id),
    enabled,
    queryFn: () => call(() => api.GET("/api/clients/{id}", { params: { path: { id } } })),
  });
}

/** Active clients whose name or preferred name holds q (all of them for an empty q), for a picker. */
export function useClientSearch(q: string) {
  return useClients({ q, status: "active", clinician_id: "" });
}

/** "Samira Haddad (Sam)": a client's name with their preferred name when it differs. */
export function clientLabel(c: Pick<Client, "name" | "preferred_name">): string {
  return c.preferred_name && c.preferred_name !== c.name ? `${c.name} (${c.preferred_name})` : c.name;
}

export function useMembers() {
  return useQuery({
    queryKey: membersKey,
    queryFn: async () => (await call(() => api.GET("/api/team/members"))).members,
    staleTime: 60_000,
  });
}

/** Members who can be assigned to clients and couples now. */
export function activeMembers(members: Member[] | undefined): Member[] {
  return (members ?? []).filter((m) => m.status === "active");
}

/** After a change to a client: the new record in the cache, lists and couples refetched. */
function useClientSaved() {
  const queryClient = useQueryClient();
  return (client: Client) => {
    queryClient.setQueryData(clientKeys.detail(client.id), client);
    void queryClient.invalidateQueries({ queryKey: clientKeys.all, predicate: (q) => q.queryKey[1] === "list" });
    void queryClient.invalidateQueries({ queryKey: coupleKeys.all });
  };
}

export function useCreateClient() {
  const saved = useClientSaved();
  return useMutation({
    mutationFn: (body: ClientRequest) => call(() => api.POST("/api/clients", { body })),
    onSuccess: saved,
  });
}

export function useUpdateClient(id: string) {
  const saved = useClientSaved();
  return useMutation({
    mutationFn: (body: ClientRequest) => call(() => api.PATCH("/api/clients/{id}", { params: { path: { id } }, body })),
    onSuccess: saved,
  });
}

export function useSetArchived(id: string) {
  const saved = useClientSaved();
  return useMutation({
    mutationFn: (archived: boolean) =>
      call(() =>
        archived
          ? api.POST("/api/clients/{id}/archive", { params: { path: { id } } })
          : api.POST("/api/clients/{id}/restore", { params: { path: { id } } }),
      ),
    onSuccess: saved,
  });
}

/** Erases a client for good (owner only). */
export function useEraseClient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => api.DELETE("/api/clients/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: clientKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: clientKeys.all });
      void queryClient.invalidateQueries({ queryKey: coupleKeys.all });
    },
  });
}

export function useCouples() {
  return useQuery({
    queryKey: coupleKeys.list(),
    queryFn: async () => (await call(() => api.GET("/api/couples"))).couples,
  });
}

/** One couple. Every fetch leaves a couple.read row per partner, so (like useClient) every view fetches. */
export function useCouple(id: string) {
  return useQuery({
    queryKey: coupleKeys.detail(id),
    queryFn: () => call(() => api.GET("/api/couples/{id}", { params: { path: { id } } })),
  });
}

export function useCreateCouple() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CoupleRequest) => call(() => api.POST("/api/couples", { body })),
    onSuccess: (couple) => {
      queryClient.setQueryData(coupleKeys.detail(couple.id), couple);
      void queryClient.invalidateQueries({ queryKey: coupleKeys.all, predicate: (q) => q.queryKey[1] === "list" });
      // Each partner's record now lists the couple, and a partner added on the way is a new client.
      void queryClient.invalidateQueries({ queryKey: clientKeys.all });
    },
  });
}

/**
 * How the caller sees a client's or couple's clinical record, as its page's answer says. Only a
 * single record's answer carries it; one without it (a fixture, an older cache entry) is shown as
 * before, and the API refuses what the caller may not see either way.
 */
export function recordAccess(record: { record_access?: RecordAccess }): RecordAccess {
  return record.record_access ?? "clinician";
}

/**
 * Emergency access (owners only): opens the record for four hours for the reason given. Who may
 * see what has changed, so every query is fetched again: the page, its sections, the lists.
 */
export function useOpenEmergencyAccess(kind: RecordKind, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      call(() =>
        kind === "client"
          ? api.POST("/api/clients/{id}/emergency-access", { params: { path: { id } }, body: { reason } })
          : api.POST("/api/couples/{id}/emergency-access", { params: { path: { id } }, body: { reason } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
}

/** Ends the caller's emergency access to the record now; like opening it, every query is fetched again. */
export function useEndEmergencyAccess(kind: RecordKind, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(() =>
        kind === "client"
          ? api.DELETE("/api/clients/{id}/emergency-access", { params: { path: { id } } })
          : api.DELETE("/api/couples/{id}/emergency-access", { params: { path: { id } } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
}
