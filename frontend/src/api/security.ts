import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Me } from "./client";
import { meQueryKey } from "./auth";
import type { components } from "./schema";

export type TwoFactorSetup = components["schemas"]["TwoFactorSetup"];
export type TwoFactorDisableRequest = components["schemas"]["TwoFactorDisableRequest"];
export type Session = components["schemas"]["Session"];
export type PasswordChangeRequest = components["schemas"]["PasswordChangeRequest"];
export type PasswordResetConfirm = components["schemas"]["PasswordResetConfirm"];

export const sessionsKey = ["auth", "sessions"] as const;

/** True when the practice requires two-factor sign-in and this person has not set it up yet. */
export function mustEnrol(me: Me): boolean {
  return me.two_factor_required && !me.two_factor_enabled;
}

/** Records in the cached /me whether two-factor sign-in is on, so the shell reacts at once. */
function useSetTwoFactorEnabled() {
  const queryClient = useQueryClient();
  return (enabled: boolean) => {
    queryClient.setQueryData<Me | null>(meQueryKey, (me) => (me ? { ...me, two_factor_enabled: enabled } : me));
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };
}

/** Starts enrolment: a new secret and its QR code (calling it again replaces an unconfirmed one). */
export function useTwoFactorSetup() {
  return useMutation({ mutationFn: () => call(() => api.POST("/api/auth/two-factor/setup")) });
}

/** Confirms enrolment with a code from the app; answers the ten recovery codes, once. */
export function useTwoFactorEnable() {
  const setEnabled = useSetTwoFactorEnabled();
  return useMutation({
    mutationFn: async (code: string) =>
      (await call(() => api.POST("/api/auth/two-factor/enable", { body: { code } }))).recovery_codes,
    onSuccess: () => setEnabled(true),
  });
}

export function useTwoFactorDisable() {
  const setEnabled = useSetTwoFactorEnabled();
  return useMutation({
    mutationFn: (body: TwoFactorDisableRequest) => call(() => api.POST("/api/auth/two-factor/disable", { body })),
    onSuccess: () => setEnabled(false),
  });
}

export function useSessions(enabled: boolean) {
  return useQuery({
    queryKey: sessionsKey,
    enabled,
    queryFn: async () => (await call(() => api.GET("/api/auth/sessions"))).sessions,
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: Session) =>
      call(() => api.DELETE("/api/auth/sessions/{id}", { params: { path: { id: session.id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

/** Changes the password; the server ends every other session, so the list is refetched. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChangeRequest) => call(() => api.POST("/api/auth/password", { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

/** Asks for a reset link; the server answers the same (202) whether or not the address has an account. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => call(() => api.POST("/api/auth/password-reset", { body: { email } })),
  });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetConfirm) => call(() => api.POST("/api/auth/password-reset/confirm", { body })),
  });
}

/**
 * A browser as a person would name it, from its user agent: "Firefox on Windows".
 * Good enough to tell one's own devices apart; the raw string is shown alongside.
 */
export function describeBrowser(userAgent: string): string {
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /(Chrome|Chromium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "";
  const system = /iPhone|iPad/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : "";
  if (browser && system) return `${browser} on ${system}`;
  return browser || system || "Unknown browser";
}
