import { describe, expect, it } from "vitest";
import { formatMoney } from "./billing";

// The expected strings come from Intl itself, so these hold in any locale the tests run in.
const money = (units: number, currency: string) => new Intl.NumberFormat(undefined, { style: "currency", currency }).format(units);

describe("formatMoney", () => {
  it("turns Stripe's smallest unit into the currency's units, whatever case the code is in", () => {
    expect(formatMoney(2900, "usd")).toBe(money(29, "USD"));
    expect(formatMoney(11633, "GBP")).toBe(money(116.33, "GBP"));
    expect(formatMoney(0, "eur")).toBe(money(0, "EUR"));
  });

  it("leaves currencies without minor units as they are", () => {
    expect(formatMoney(2900, "jpy")).toBe(money(2900, "JPY"));
  });

  it("still says something for a code Intl does not know", () => {
    expect(formatMoney(2900, "not a code")).toBe("29.00 NOT A CODE");
  });
});
