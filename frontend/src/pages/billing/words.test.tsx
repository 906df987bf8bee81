import { describe, expect, it } from "vitest";
import { formatMoney } from "../../api/billing";
import { formatDate } from "../../components/format";
import { daysFromNow } from "../../test/clock";
import { BILLING_ACTIVE, BILLING_TRIAL, SEAT_PREVIEW_SUBSCRIBED, SEAT_PREVIEW_TRIAL } from "../../test/fixtures";
import { readOnlyBecause, seatPreviewWords, statusWords } from "./words";

const usd = (cents: number) => formatMoney(cents, "usd");

describe("seat preview in words", () => {
  it("says what is charged now and on the next invoice while subscribed", () => {
    expect(seatPreviewWords(SEAT_PREVIEW_SUBSCRIBED)).toBe(
      `Adding a seat: 3 → 4 seats. About ${usd(1933)} now for the rest of this period, then ${usd(11600)} on ${formatDate(daysFromNow(24, "09:00"))}.`,
    );
    expect(seatPreviewWords({ ...SEAT_PREVIEW_SUBSCRIBED, prorated_now: null })).toBe(
      `Adding a seat: 3 → 4 seats. The next invoice: ${usd(11600)} on ${formatDate(daysFromNow(24, "09:00"))}.`,
    );
    expect(seatPreviewWords({ ...SEAT_PREVIEW_SUBSCRIBED, next_invoice_amount: null })).toBe(
      `Adding a seat: 3 → 4 seats. About ${usd(1933)} now for the rest of this period.`,
    );
  });

  it("charges nothing during a trial without a subscription", () => {
    expect(seatPreviewWords(SEAT_PREVIEW_TRIAL)).toBe(`No charge during your trial; after it, 4 seats at ${usd(2900)} per seat a month.`);
    expect(seatPreviewWords({ ...SEAT_PREVIEW_TRIAL, unit_amount: null })).toBe("No charge now.");
  });
});

describe("subscription status in words", () => {
  it("names the state plainly", () => {
    expect(statusWords(BILLING_TRIAL)).toBe(`Free trial — ends ${formatDate(daysFromNow(40, "12:00"))}`);
    expect(statusWords(BILLING_ACTIVE)).toBe("Active");
    expect(statusWords({ ...BILLING_ACTIVE, cancel_at_period_end: true })).toBe(
      `Active until ${formatDate(daysFromNow(24, "09:00"))}; it will not renew`,
    );
    expect(statusWords({ ...BILLING_TRIAL, status: "trialing", standing: "read_only", reason: "trial_over" })).toBe("Read-only: free trial ended");
    expect(statusWords({ ...BILLING_ACTIVE, status: "unpaid", standing: "read_only", reason: "grace_over" })).toBe(
      "Read-only: payment failed and the grace period is over",
    );
    expect(statusWords({ ...BILLING_TRIAL, status: "none" })).toBe("No subscription");
  });

  it("gives a reason for read-only standing, also one it does not know", () => {
    expect(readOnlyBecause("paused")).toBe("its subscription is paused");
    expect(readOnlyBecause(null)).toBe("its subscription has ended");
    expect(readOnlyBecause("something_new")).toBe("its subscription has ended");
  });
});
