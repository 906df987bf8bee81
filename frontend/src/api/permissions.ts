import type { Role } from "./client";

// What each role may do, as the API enforces it (internal/practice/permissions.go). The UI hides
// what a role cannot use; the API refuses it either way.

/** Owners and admins read and export the audit log. */
export function canViewAudit(role: Role): boolean {
  return role === "owner" || role === "admin";
}

/** Only the owner erases a client's data for good. */
export function canEraseClients(role: Role): boolean {
  return role === "owner";
}

/** Owners and admins see the subscription, choose a plan and open Stripe's billing portal. */
export function canManageBilling(role: Role): boolean {
  return role === "owner" || role === "admin";
}
