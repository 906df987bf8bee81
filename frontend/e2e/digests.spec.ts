import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { phq9Choices } from "./phq9";
import { clientWithLink, nav, phoneWithPIN, signUp } from "./practice";

// The weekly digest, end to end on the real server and its real dispatcher: a clinician sets
// their digest to the hour that has just begun, the digest is made within the dispatcher's
// minute and emailed to the dev mailbox, and the email's link opens the digest showing the
// client who needs attention.

/** The weekday (as the API names it) and hour it is now on a wall clock in zone. */
function wallClockNow(zone: string): { weekday: string; hour: string } {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "long", hour: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { weekday: part("weekday").toLowerCase(), hour: String(Number(part("hour"))) };
}

test("a clinician changes their digest hour; the digest arrives in the mailbox and its link opens the client who slipped", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000); // the dispatcher runs once a minute
  const stamp = Date.now();
  const email = `digest+${stamp}@example.com`;
  await signUp(page, `Harbour Lights ${stamp}`, "Kit Marlow", email);

  // A client of theirs answers a PHQ-9 with item 9 above zero: an open risk alert.
  const { link } = await clientWithLink(page, "Morgan Slip", "Kit Marlow");
  await page.getByLabel("Exercise", { exact: true }).selectOption({ label: "PHQ-9: how you have been feeling" });
  await page.getByLabel("Daily").check();
  await page.getByRole("button", { name: /^Assign/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /assigned/i }).first()).toBeVisible();
  const { context, phone } = await phoneWithPIN(browser, link);
  await phone.getByRole("button", { name: /PHQ-9/ }).first().click();
  for (const choice of phq9Choices(phone, "Several days")) await choice.check();
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone.getByRole("heading", { level: 1, name: "Thank you for telling us" })).toBeVisible();
  await context.close();

  // The digest settings: today, at the hour that has just begun, on London's clock.
  await nav(page).getByRole("link", { name: "Weekly digest" }).click();
  await page.getByRole("main").getByRole("link", { name: "Digest settings" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/digest/i);
  await page.getByRole("combobox", { name: "Time zone" }).selectOption("Europe/London");
  const now = wallClockNow("Europe/London");
  await page.getByLabel("Day", { exact: true }).selectOption(now.weekday);
  await page.getByLabel("Time", { exact: true }).selectOption(now.hour);
  await page.getByLabel("Email me when my digest is ready").check();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Save digest settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Digest settings saved." })).toBeVisible();

  // The email: how many need attention and a link, and no client's name.
  let message: { subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        const box = await (await page.request.get("/api/dev/mailbox")).json();
        message = box.messages.find((m: { to: string; subject: string }) => m.to === email && /^Your week in Steady/.test(m.subject));
        return message?.subject;
      },
      { timeout: 150_000, intervals: [2_000] },
    )
    .toBe("Your week in Steady: 1 client needs attention");
  expect(message!.text).not.toContain("Morgan Slip");
  const digestURL = message!.text.match(/https?:\/\/\S+\/app\/digests\/[0-9a-f-]{36}/)?.[0];
  expect(digestURL).toBeTruthy();

  // Its link opens the digest, the client who slipped under "Needs attention".
  await page.goto(new URL(digestURL!).pathname);
  const attention = page.getByRole("region", { name: "Needs attention" });
  await expect(attention.getByRole("link", { name: "Morgan Slip" })).toBeVisible();
  await expect(attention).toContainText("1 open risk alert");
  await expectNoAxeViolations(page);
});
