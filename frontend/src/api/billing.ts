import { useMutation, useQuery, useQueryClient, type Query } from "@tanstack/react-query";
import { api, ApiError, call } from "./client";
import type { components } from "./schema";

export type Billing = components["schemas"]["Billing"];
export type Plan = components["schemas"]["Plan"];
export type Invoice = components["schemas"]["Invoice"];
export type SeatPreview = components["schemas"]["SeatPreview"];
export type Standing = components["schemas"]["Standing"];
export type StandingReason = NonNullable<Standing["reason"]>;
export type Interval = Plan["interval"];

export const billingKeys = {
  billing: ["billing"] as const,
  seatPreview: ["billing", "seat-preview"] as const,
  /** Every member's view of the subscription (the shell's banner). */
  standing: ["practice", "standing"] as const,
};

/** While polling after checkout: how often, and at most how many fetches (about 30 s). */
export const CHECKOUT_POLL_MS = 2_000;
const CHECKOUT_POLL_MAX = 15;

/** Stripe has confirmed a checkout: the subscription is active, or trialing with a subscription behind it. */
export function subscriptionConfirmed(billing: Billing | undefined): boolean {
  return !!billing && (billing.status === "active" || (billing.status === "trialing" && billing.subscribed));
}

/**
 * The billing page (owners and admins; anyone else gets 404). With `pollAfterCheckout`, fetched
 * again every 2 s until Stripe's webhook has confirmed the subscription, at most about 30 s.
 * The standing it carries also goes into the shell's banner, so the two never disagree.
 */
export function useBilling({ pollAfterCheckout = false }: { pollAfterCheckout?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: billingKeys.billing,
    queryFn: async () => {
      const billing = await call(() => api.GET("/api/billing"));
      const standing: Standing = {
        standing: billing.standing,
        // Billing's reason is a plain string in the contract; Standing's the same values, enumerated.
        reason: billing.reason as Standing["reason"],
        grace_ends: billing.grace_ends,
      };
      queryClient.setQueryData(billingKeys.standing, standing);
      return billing;
    },
    refetchInterval: pollAfterCheckout ? (query: Query<Billing>) => checkoutPoll(query) : undefined,
  });
}

function checkoutPoll(query: Query<Billing>): number | false {
  if (subscriptionConfirmed(query.state.data)) return false;
  return checkoutPollOver(query.state) ? false : CHECKOUT_POLL_MS;
}

function checkoutPollOver(state: { dataUpdateCount: number; errorUpdateCount: number }): boolean {
  return state.dataUpdateCount + state.errorUpdateCount >= CHECKOUT_POLL_MAX;
}

/**
 * Polling after checkout has given up without a confirmation (see useBilling). Read as the page
 * renders, which it does after every fetch.
 */
export function useCheckoutPollOver(): boolean {
  const state = useQueryClient().getQueryState(billingKeys.billing);
  return !!state && !subscriptionConfirmed(state.data as Billing | undefined) && checkoutPollOver(state);
}

/** Full service, a grace period after a failed payment, or read-only: every member reads it. */
export function useStanding(enabled = true) {
  return useQuery({
    queryKey: billingKeys.standing,
    enabled,
    queryFn: () => call(() => api.GET("/api/practice/standing")),
    staleTime: 60_000,
  });
}

/** What one more seat would cost, fetched when a confirmation that adds a seat is open. */
export function useSeatPreview(enabled: boolean) {
  return useQuery({
    queryKey: billingKeys.seatPreview,
    enabled,
    queryFn: () => call(() => api.GET("/api/billing/seat-preview")),
    // Always the price as of now: a seat added a moment ago changes it.
    staleTime: 0,
    gcTime: 0,
  });
}

/**
 * A Stripe Checkout page for the chosen plan; the caller sends the browser there
 * (window.location.assign). 409 already_subscribed refetches the page's state.
 */
export function useCheckout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (interval: Interval) => call(() => api.POST("/api/billing/checkout", { body: { interval } })),
    onError: (error) => {
      if (error instanceof ApiError && error.code === "already_subscribed") void queryClient.invalidateQueries({ queryKey: billingKeys.billing });
    },
  });
}

/** A Stripe Customer Portal session (payment methods, invoices, cancelling); the caller goes there. */
export function useOpenPortal() {
  return useMutation({
    mutationFn: () => call(() => api.POST("/api/billing/portal")),
  });
}

/**
 * An amount in the currency's smallest unit (Stripe's cents, pence; yen have none) in the
 * reader's locale: formatMoney(2900, "usd") is "$29.00".
 */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(undefined, { style: "currency", currency: code });
  } catch {
    // Not a currency code Intl knows: the number in units of two decimals, and the code.
    return `${(amount / 100).toFixed(2)} ${code}`.trim();
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

export const INTERVAL_NOUN: Record<Interval, string> = { month: "month", year: "year" };
export const INTERVAL_ADJECTIVE: Record<Interval, string> = { month: "Monthly", year: "Yearly" };
