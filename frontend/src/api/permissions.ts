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

/**
 * Only the owner may open, with a reason, the record of a client they do not treat (emergency
 * access). Admins never see clinical records.
 */
export function canUseEmergencyAccess(role: Role): boolean {
  return role === "owner";
}

/**
 * Owners and clinicians do clinical work: a client's record is open to them when they are
 * assigned, so the forms that add a client or couple assign them by default. Admins never are.
 */
export function doesClinicalWork(role: Role): boolean {
  return role === "owner" || role === "clinician";
}

/** Only the owner exports all the practice's data, clinical records included. */
export function canExportPractice(role: Role): boolean {
  return role === "owner";
}

/** Only the owner closes the practice for good. */
export function canClosePractice(role: Role): boolean {
  return role === "owner";
}
