import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useOutletContext } from "react-router";
import { logout, meQueryKey, useMe } from "../api/auth";
import { ApiError, networkError, type Me, type Role } from "../api/client";
import { billingKeys } from "../api/billing";
import { canManageBilling, canViewAudit } from "../api/permissions";
import { mustEnrol } from "../api/security";
import { canManageSettings } from "../api/team";
import { AlertsNavLink } from "../components/AlertBadge";
import { StandingBanner } from "./billing/StandingBanner";
import { ClosedPractice } from "./ClosedPractice";

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", clinician: "Clinician" };

/** The signed-in frame: header, main navigation and the page in <main>. Sends visitors to /login. */
export function AppShell() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <LoadFailed onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/login" replace />;
  return <Shell me={me.data} />;
}

function Shell({ me }: { me: Me }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: logout,
    onSuccess: () => {
      navigate("/login", { replace: true });
      queryClient.clear();
    },
  });
  const error = signOut.error ? (signOut.error instanceof ApiError ? signOut.error : networkError()) : null;
  useShellRefusals();

  // A practice that requires two-factor sign-in: set it up before anything else.
  const location = useLocation();
  if (mustEnrol(me) && location.pathname !== "/app/security") {
    return <Navigate to="/app/security" replace />;
  }
  // A closed practice has nothing left but its export (for its owner): no menu, no pages.
  const closed = !!me.practice.closed_at && !mustEnrol(me);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <div className="app-header-practice">
          <span className="brand">Steady</span>
          <span className="practice-name">{me.practice.name}</span>
        </div>
        <div className="app-header-account">
          <p className="account">
            <span className="account-name">{me.user.name}</span>
            <span className="account-role">{ROLE_LABELS[me.role]}</span>
          </p>
          <button type="button" className="button-secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Log out
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav aria-label="Main" className="app-nav" hidden={closed}>
          <ul>
            <li>
              <NavLink to="/app" end>
                Overview
              </NavLink>
            </li>
            <li>
              <AlertsNavLink enabled={!mustEnrol(me) && !closed} />
            </li>
            <li>
              <NavLink to="/app/digests">Weekly digest</NavLink>
            </li>
            <li>
              <NavLink to="/app/clients">Clients</NavLink>
            </li>
            <li>
              <NavLink to="/app/couples">Couples</NavLink>
            </li>
            <li>
              <NavLink to="/app/exercises">Exercises</NavLink>
            </li>
            {canViewAudit(me.role) && (
              <li>
                <NavLink to="/app/audit">Audit log</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/app/team">Team</NavLink>
            </li>
            {canManageSettings(me.role) && (
              <li>
                <NavLink to="/app/settings">Settings</NavLink>
              </li>
            )}
            {canManageBilling(me.role) && (
              <li>
                <NavLink to="/app/billing">Billing</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/app/security">Security</NavLink>
            </li>
          </ul>
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          {!closed && <StandingBanner me={me} enabled={!mustEnrol(me)} />}
          {error && (
            <div className="error-summary" role="alert">
              <p className="error-summary-message">{error.message}</p>
            </div>
          )}
          {closed ? <ClosedPractice me={me} /> : <Outlet context={me} />}
        </main>
      </div>
    </>
  );
}

/**
 * Refusals that change the shell itself. When the practice starts requiring two-factor sign-in
 * while someone is signed in, the API refuses their next request with
 * two_factor_enrolment_required: fetch /me again, and the shell then sends them to set it up.
 * When the practice has become read-only meanwhile (practice_read_only), fetch its standing
 * again, so the banner says why. When it has been closed (practice_closed), fetch /me again:
 * the shell then shows the closed practice.
 */
function useShellRefusals() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const onRefusal = (error: unknown) => {
      if (!(error instanceof ApiError)) return;
      if (error.code === "two_factor_enrolment_required") void queryClient.invalidateQueries({ queryKey: meQueryKey });
      if (error.code === "practice_read_only") void queryClient.invalidateQueries({ queryKey: billingKeys.standing });
      if (error.code === "practice_closed") void queryClient.invalidateQueries({ queryKey: meQueryKey });
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") onRefusal(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") onRefusal(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient]);
}

/** The signed-in staff member, for pages rendered inside the shell. */
export function useCurrentUser(): Me {
  return useOutletContext<Me>();
}

function Loading() {
  return (
    <main id="main" className="auth-main">
      <p role="status">Loading…</p>
    </main>
  );
}

function LoadFailed({ onRetry }: { onRetry: () => void }) {
  return (
    <main id="main" className="auth-main">
      <div className="card">
        <h1>Steady is not responding</h1>
        <div className="error-summary" role="alert">
          <p className="error-summary-message">We could not load your account. Check your connection and try again.</p>
        </div>
        <button type="button" className="button-primary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </main>
  );
}
