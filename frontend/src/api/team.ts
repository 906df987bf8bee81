import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Role } from "./client";
import { meQueryKey } from "./auth";
import type { components } from "./schema";

export type Member = components["schemas"]["Member"];
export type Invitation = components["schemas"]["Invitation"];
export type PracticeSettings = components["schemas"]["PracticeSettings"];
export type PracticeSettingsUpdate = components["schemas"]["PracticeSettingsUpdate"];
/** The roles a member can be given or invited as (ownership moves only by transfer). */
export type AssignableRole = Invitation["role"];

export const teamKeys = {
  /** Shared with the clients pages' clinician pickers: the same list, the same shape (Member[]). */
  members: ["team", "members"] as const,
  invitations: ["team", "invitations"] as const,
  settings: ["practice", "settings"] as const,
};

export function useTeamMembers() {
  return useQuery({
    queryKey: teamKeys.members,
    queryFn: async () => (await call(() => api.GET("/api/team/members"))).members,
  });
}

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.invitations,
    enabled,
    queryFn: async () => (await call(() => api.GET("/api/team/invitations"))).invitations,
  });
}

/** What a member action changes, as the API names it. */
export type MemberAction =
  | { kind: "role"; member: Member; role: AssignableRole }
  | { kind: "deactivate"; member: Member }
  | { kind: "reactivate"; member: Member }
  | { kind: "owner"; member: Member };

function runMemberAction(action: MemberAction): Promise<unknown> {
  const path = { id: action.member.user_id };
  switch (action.kind) {
    case "role":
      return call(() => api.PATCH("/api/team/members/{id}", { params: { path }, body: { role: action.role } }));
    case "deactivate":
      return call(() => api.POST("/api/team/members/{id}/deactivate", { params: { path } }));
    case "reactivate":
      return call(() => api.POST("/api/team/members/{id}/reactivate", { params: { path } }));
    case "owner":
      return call(() => api.POST("/api/team/members/{id}/make-owner", { params: { path } }));
  }
}

/** Role changes, deactivation and ownership transfer; the list (and, for a transfer, who I am) is refetched. */
export function useMemberAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runMemberAction,
    onSuccess: (_, action) => {
      void queryClient.invalidateQueries({ queryKey: teamKeys.members });
      // Transferring ownership makes me an admin: the shell and the pages read my role from /me.
      if (action.kind === "owner") void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: AssignableRole }) =>
      call(() => api.POST("/api/team/invitations", { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: teamKeys.invitations }),
  });
}

export type InvitationAction = { kind: "resend" | "revoke"; invitation: Invitation };

export function useInvitationAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, invitation }: InvitationAction) => {
      const params = { path: { id: invitation.id } };
      return kind === "resend"
        ? call(() => api.POST("/api/team/invitations/{id}/resend", { params }))
        : call(() => api.DELETE("/api/team/invitations/{id}", { params }));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: teamKeys.invitations }),
  });
}

export function usePracticeSettings(enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.settings,
    enabled,
    queryFn: () => call(() => api.GET("/api/practice")),
  });
}

export function useSavePracticeSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PracticeSettingsUpdate) => call(() => api.PATCH("/api/practice", { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(teamKeys.settings, saved);
      // The header shows the practice's name from /me.
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

// What each role may do on these pages, as the API enforces it (internal/practice/permissions.go).
// The UI hides what a role cannot use; the API refuses it either way.

/** Owners and admins invite, change roles and deactivate (never the owner, never themselves). */
export function canManageTeam(role: Role): boolean {
  return role === "owner" || role === "admin";
}

/** Owners and admins change the practice's name, time zone and reminder hours. */
export function canManageSettings(role: Role): boolean {
  return role === "owner" || role === "admin";
}

/** Only the owner makes another member the owner. */
export function canTransferOwnership(role: Role): boolean {
  return role === "owner";
}
