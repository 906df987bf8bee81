import { useQuery } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";

export type CrisisSupport = components["schemas"]["CrisisSupport"];
export type CrisisResource = components["schemas"]["CrisisResource"];
export type CrisisDefault = components["schemas"]["CrisisDefault"];

/** The limits the API states for crisis support (internal/crisis). */
export const CRISIS_LIMITS = { resources: 10, name: 120, contact: 200, href: 200, nextSteps: 2000 } as const;

/** A country as the API takes it: two capital letters. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code);
}

export const crisisKeys = {
  default: (country: string) => ["practice", "crisis-default", country] as const,
};

/** Steady's default crisis support for a country ("" for the generic one). */
export function fetchCrisisDefault(country: string): Promise<CrisisDefault> {
  const query = country ? { country } : {};
  return call(() => api.GET("/api/practice/crisis-default", { params: { query } }));
}

export function useCrisisDefault(country: string) {
  return useQuery({
    queryKey: crisisKeys.default(country),
    enabled: country === "" || isCountryCode(country),
    // The defaults change only with a new release of Steady.
    staleTime: Infinity,
    queryFn: () => fetchCrisisDefault(country),
  });
}

/** Whether two supports tell a client the same, country aside (how the API decides "default"). */
export function sameWords(a: CrisisSupport, b: CrisisSupport): boolean {
  return (
    a.next_steps.trim() === b.next_steps.trim() &&
    a.resources.length === b.resources.length &&
    a.resources.every((r, i) => {
      const o = b.resources[i];
      return r.name.trim() === o.name.trim() && r.contact.trim() === o.contact.trim() && (r.href ?? "").trim() === (o.href ?? "").trim();
    })
  );
}

/** Whether two supports are the same in every respect, country included. */
export function sameSupport(a: CrisisSupport | undefined, b: CrisisSupport | undefined): boolean {
  return a === b || (!!a && !!b && a.country === b.country && sameWords(a, b));
}
