import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { phq9Choices } from "./phq9";
import { clientWithLink, confirmSignUp, phoneWithPIN } from "./practice";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("a client answers a PHQ-9 with item 9 above zero; the clinician is alerted at once, by email and in the dashboard, and sees the chart", async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill(`Vale Practice ${stamp}`);
  await page.getByLabel("Your name").fill("Rowan Clinician");
  const email = `alerts+${stamp}@example.com`;
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a calm and long passphrase");
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, email);

  // The PHQ-9 with the GAD-7 beside it, on one cadence, in one step.
  const { link, clientURL } = await clientWithLink(page, "Robin Vale", "Rowan Clinician");
  await page.getByLabel("Exercise", { exact: true }).selectOption({ label: "PHQ-9: how you have been feeling" });
  await page.getByRole("group", { name: "Other measures on the same schedule" }).getByLabel("GAD-7: worry and anxiety").check();
  await page.getByLabel("Daily").check();
  await page.getByRole("button", { name: /^Assign/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /assigned/i }).first()).toContainText(
    "“PHQ-9: how you have been feeling” and “GAD-7: worry and anxiety”",
  );
  await expect(page.getByRole("article", { name: "GAD-7: worry and anxiety" })).toBeVisible();

  // The client, on their phone.
  const { phone } = await phoneWithPIN(browser, link);
  await phone.getByRole("button", { name: /PHQ-9/ }).first().click();
  await expect(phone.getByText("Over the last 2 weeks, how often have you been bothered")).toBeVisible();
  for (const choice of phq9Choices(phone, "Several days")) await choice.check();
  await expectNoAxeViolations(phone);
  await phone.getByRole("button", { name: "Send" }).click();
  // The client gets the calm crisis screen at once; nothing of the alert itself reaches them.
  await expect(phone.getByRole("heading", { level: 1, name: "Thank you for telling us" })).toBeVisible();
  await expect(phone.getByText(/risk|item 9|alert/i)).toHaveCount(0);

  // The clinician: an email at once, with nothing clinical in it.
  await expect
    .poll(async () => {
      const box = await (await page.request.get("/api/dev/mailbox")).json();
      return box.messages.filter((m: { to: string; subject: string }) => m.to === email && /needs your attention/.test(m.subject)).length;
    }, { timeout: 60_000 })
    .toBe(1);

  // The badge, the alert, and what the clinician does about it.
  await page.goto("/app");
  await expect(nav(page).getByRole("link", { name: "Alerts, 1 open" })).toBeVisible();
  await nav(page).getByRole("link", { name: "Alerts, 1 open" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page.getByText(/item 9/)).toBeVisible();
  // The answer that raised it, and the way to it.
  const alert = page.getByRole("article").filter({ hasText: "Robin Vale" });
  await expect(alert).toContainText("Thoughts that you would be better off dead or of hurting yourself in some way — answered “Several days” (1) on");
  await expectNoAxeViolations(page);
  await alert.getByRole("link", { name: /See the answer/ }).click();
  await expect(page).toHaveURL(/\/homework#answer-/);
  const answered = page.locator(".occurrence-target");
  await expect(answered).toBeFocused();
  await expect(answered.getByRole("button", { name: /Hide answers/ })).toHaveAttribute("aria-expanded", "true");
  await expect(answered).toContainText("Several days");
  await expectNoAxeViolations(page);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("status").filter({ hasText: /acknowledged/i }).first()).toBeVisible();
  await page.getByRole("button", { name: /Resolve/ }).click();
  await page.getByLabel("What did you do?").fill("Called Robin the same hour; safety plan agreed.");
  await page.getByRole("button", { name: "Resolve alert" }).click();
  await expect(page.getByRole("status").filter({ hasText: /resolved/i }).first()).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Alerts", exact: true })).toBeVisible();

  // The score on the client's progress chart.
  await page.goto(clientURL);
  await page.getByRole("tab", { name: "Progress" }).click();
  const measure = page.getByRole("article", { name: /PHQ-9/ });
  await expect(measure.getByRole("img").first()).toBeVisible(); // the chart
  await expect(measure).toContainText("minimal"); // its band, in the chart's table
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await expectNoAxeViolations(page);
});
