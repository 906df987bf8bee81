import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { acceptAsNew, invitationLink, nav, signUp } from "./practice";

// Billing, walked in the browser against the server's test-mode stand-in for Stripe
// (internal/billing/devstripe over stripe-mock; scripts/e2e-server.sh starts it): the trial,
// Checkout, a seat added after its price is shown, a failed payment's banner, and recovery.

/** Reloads page until check passes: webhook events reach Steady through a job, not at once. */
async function eventually(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 60_000 });
}

const row = (page: Page, term: string) => page.locator("dt", { hasText: term }).locator("xpath=following-sibling::dd[1]");

test("the owner starts a trial, checks out, adds a clinician after seeing the price, and a failed payment shows the banner", async ({
  page: owner,
  browser,
  baseURL,
}) => {
  const stamp = Date.now();
  const practice = `Quayside Therapy ${stamp}`;
  const clinicianEmail = `seat+${stamp}@example.com`;

  // Signing up starts the trial: no card, nothing to pay.
  await signUp(owner, practice, "Rae Moreno", `billing+${stamp}@example.com`);

  await nav(owner).getByRole("link", { name: "Billing" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(row(owner, "Status")).toContainText("Free trial");
  await expect(row(owner, "Seats in use")).toContainText("1");
  await expectNoAxeViolations(owner);

  // Checkout, monthly, on Stripe's page (here the stand-in's), and back.
  await owner.getByRole("radio", { name: /Monthly/ }).check();
  await owner.getByRole("button", { name: "Continue to checkout" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Subscribe to Steady" })).toBeVisible();
  await expect(owner.getByText("1 seat × $29.00 per month")).toBeVisible();
  await owner.getByRole("button", { name: "Subscribe" }).click();
  await expect(owner).toHaveURL(/\/app\/billing\?checkout=done$/);
  await expect(owner.getByText("Thanks — your subscription is confirmed.")).toBeVisible({ timeout: 60_000 });
  await expect(row(owner, "Seats on the subscription")).toHaveText("1");
  await expect(row(owner, "Next invoice")).toContainText("$29.00");

  // Inviting a clinician shows what their seat will cost before anything is sent.
  await nav(owner).getByRole("link", { name: "Team" }).click();
  await owner.getByLabel("Email", { exact: true }).fill(clinicianEmail);
  await owner.getByLabel("Role", { exact: true }).selectOption("clinician");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByText(/Adding a seat: 1 → 2 seats\..*\$58\.00/)).toBeVisible();
  await expectNoAxeViolations(owner);
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByRole("status")).toHaveText(`Invitation sent to ${clinicianEmail}.`);

  // The clinician accepts; the subscription follows the team to two seats.
  const path = await invitationLink(owner, clinicianEmail);
  const { context, page: clinician } = await acceptAsNew(browser, baseURL, path, practice, "Noor Haddad");
  await expect(nav(clinician).getByRole("link", { name: "Billing" })).toHaveCount(0);

  await owner.goto("/app/billing");
  await eventually(owner, async () => {
    await expect(row(owner, "Seats in use")).toContainText("2");
    await expect(row(owner, "Seats on the subscription")).toHaveText("2");
  });

  // A payment fails (in the portal's test controls): the banner, while Steady works in full.
  await owner.getByRole("button", { name: "Manage payment and invoices" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Billing portal" })).toBeVisible();
  await owner.getByRole("button", { name: "Simulate a failed payment" }).click();
  await owner.getByRole("link", { name: "Return to Steady" }).click();
  await eventually(owner, async () => {
    await expect(owner.getByRole("status").filter({ hasText: "A payment failed." })).toBeVisible();
  });
  await expect(row(owner, "Status")).toContainText("Payment failed — full service until");
  await expectNoAxeViolations(owner);
  // The clinician is not troubled with it: the banner is for owners and admins.
  await clinician.reload();
  await expect(clinician.getByText("A payment failed.")).toHaveCount(0);

  // Paying the overdue invoice restores the standing.
  await owner.getByRole("button", { name: "Manage payment and invoices" }).click();
  await owner.getByRole("button", { name: "Update the card and pay the overdue invoice" }).click();
  await owner.getByRole("link", { name: "Return to Steady" }).click();
  await eventually(owner, async () => {
    await expect(row(owner, "Status")).toHaveText("Active");
  });
  await expect(owner.getByText("A payment failed.")).toHaveCount(0);
  await expect(owner.getByRole("table").getByRole("cell", { name: "Paid" }).first()).toBeVisible();
  await context.close();
});
