// The subscription in plain words, shared by the billing page, the shell's banner and the team
// page's seat confirmations.
import { formatMoney, INTERVAL_NOUN, type Billing, type SeatPreview, type StandingReason } from "../../api/billing";
import { formatDate } from "../../components/format";

/** Why a practice is read-only, finishing "This practice is read-only because …". */
const READ_ONLY_BECAUSE: Record<StandingReason, string> = {
  canceled: "its subscription was cancelled",
  unpaid: "its subscription's payments failed and were not made up",
  paused: "its subscription is paused",
  grace_over: "a payment failed and the grace period has ended",
  trial_over: "its free trial ended without a subscription",
  incomplete: "its first payment was not completed",
  payment_failed: "a payment failed",
};

/** "its subscription was cancelled"; any other (or no) reason: "its subscription has ended". */
export function readOnlyBecause(reason: string | null): string {
  return (reason && READ_ONLY_BECAUSE[reason as StandingReason]) || "its subscription has ended";
}

/** The short form after "Read-only: " on the billing page. */
const READ_ONLY_SHORT: Partial<Record<StandingReason, string>> = {
  trial_over: "free trial ended",
  paused: "subscription paused",
  grace_over: "payment failed and the grace period is over",
  incomplete: "first payment not completed",
  unpaid: "payments failed",
};

/** Stripe's subscription statuses, when the standing says nothing more. */
const STATUS_WORDS: Record<string, string> = {
  none: "No subscription",
  active: "Active",
  trialing: "Free trial",
  past_due: "Payment failed",
  canceled: "Cancelled",
  unpaid: "Unpaid",
  paused: "Paused",
  incomplete: "Waiting for the first payment",
  incomplete_expired: "Checkout not completed",
};

/** The subscription's state in a line: "Free trial — ends 3 January 2027", "Active", "Read-only: subscription ended". */
export function statusWords(b: Billing): string {
  if (b.standing === "read_only") {
    return `Read-only: ${(b.reason && READ_ONLY_SHORT[b.reason as StandingReason]) || "subscription ended"}`;
  }
  if (b.standing === "grace" || b.status === "past_due") {
    return b.grace_ends ? `Payment failed — full service until ${formatDate(b.grace_ends)}` : "Payment failed";
  }
  if (b.status === "trialing") return b.trial_end ? `Free trial — ends ${formatDate(b.trial_end)}` : "Free trial";
  if (b.status === "active" && b.cancel_at_period_end && b.current_period_end) {
    return `Active until ${formatDate(b.current_period_end)}; it will not renew`;
  }
  return STATUS_WORDS[b.status] ?? b.status;
}

/** "1 seat", "3 seats". */
export function seatCount(n: number): string {
  return n === 1 ? "1 seat" : `${n} seats`;
}

/** "$29.00 per seat a month". */
export function perSeat(amount: number, currency: string, interval: string): string {
  const noun = INTERVAL_NOUN[interval as keyof typeof INTERVAL_NOUN];
  return noun ? `${formatMoney(amount, currency)} per seat a ${noun}` : `${formatMoney(amount, currency)} per seat`;
}

/** What one more seat costs, from the seat preview, in a sentence or two. */
export function seatPreviewWords(p: SeatPreview): string {
  const seats = `${p.seats} → ${p.seats_after} seats`;
  if (!p.subscribed) {
    if (p.unit_amount === null) return "No charge now.";
    return `No charge during your trial; after it, ${seatCount(p.seats_after)} at ${perSeat(p.unit_amount, p.currency, p.interval)}.`;
  }
  const parts = [`Adding a seat: ${seats}.`];
  const now = p.prorated_now !== null ? `About ${formatMoney(p.prorated_now, p.currency)} now for the rest of this period` : "";
  const next =
    p.next_invoice_amount !== null
      ? `${formatMoney(p.next_invoice_amount, p.currency)}${p.next_invoice_date ? ` on ${formatDate(p.next_invoice_date)}` : " on the next invoice"}`
      : "";
  if (now && next) parts.push(`${now}, then ${next}.`);
  else if (now) parts.push(`${now}.`);
  else if (next) parts.push(`The next invoice: ${next}.`);
  return parts.join(" ");
}
