import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, ApiError, call, networkError, refreshCsrfToken, type Me } from "./client";
import type { components } from "./schema";

export type SignupRequest = components["schemas"]["SignupRequest"];
export type LoginRequest = components["schemas"]["LoginRequest"];

export const meQueryKey = ["me"] as const;

/** The signed-in staff member, or null when nobody is signed in (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await call(() => api.GET("/api/auth/me"));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

/** The password was right and the account uses two-factor sign-in: a code finishes the log-in. */
export type TwoFactorChallenge = components["schemas"]["TwoFactorChallenge"];

/**
 * Logs in with email and password. An account with two-factor sign-in answers with a
 * challenge (no `user`) instead of a session: finish it with loginWithCode.
 */
export async function login(body: LoginRequest): Promise<Me | TwoFactorChallenge> {
  const result = await call(() => api.POST("/api/auth/login", { body }));
  refreshCsrfToken();
  return result;
}

/** Finishes a challenged log-in with a code from the authenticator app or a recovery code. */
export async function loginWithCode(code: string): Promise<Me> {
  const me = await call(() => api.POST("/api/auth/login/two-factor", { body: { code } }));
  refreshCsrfToken();
  return me;
}

export type SignupStarted = components["schemas"]["SignupStarted"];

/**
 * Starts a sign-up. The answer is the same whether or not the address has an account: the
 * email sent to it finishes the sign-up (see confirmSignup) or tells its owner to log in.
 */
export async function signup(body: SignupRequest): Promise<SignupStarted> {
  return call(() => api.POST("/api/auth/signup", { body }));
}

/** Finishes a sign-up with the token of its emailed link: the practice is made and its owner signed in. */
export async function confirmSignup(token: string): Promise<Me> {
  const me = await call(() => api.POST("/api/auth/signup/confirm", { body: { token } }));
  refreshCsrfToken();
  return me;
}

export async function logout(): Promise<void> {
  await call(() => api.POST("/api/auth/logout"));
  refreshCsrfToken();
}

/**
 * A log-in or sign-up confirmation: on success the new session's person goes into the cache and
 * the dashboard opens; a two-factor challenge calls onChallenge instead. `error` is always an
 * ApiError (a failed fetch becomes networkError()).
 */
export function useEnterDashboard<T>(
  submit: (body: T) => Promise<Me | TwoFactorChallenge>,
  onChallenge?: () => void,
) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: submit,
    onSuccess: (result) => {
      if (!("user" in result)) {
        onChallenge?.();
        return;
      }
      queryClient.setQueryData(meQueryKey, result);
      navigate("/app", { replace: true });
    },
  });
  const error = mutation.error ? (mutation.error instanceof ApiError ? mutation.error : networkError()) : null;
  const send = (body: T) => {
    mutation.reset();
    mutation.mutate(body);
  };
  return { send, error, pending: mutation.isPending };
}
