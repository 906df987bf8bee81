import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { confirmSignUp } from "./practice";

test("a client chooses their own reminder time on a phone; a time in quiet hours is refused by name; the clinician sees the reminder log", async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill(`Reminder Practice ${stamp}`);
  await page.getByLabel("Your name").fill("Rae Clinician");
  await page.getByLabel("Email", { exact: true }).fill(`reminders+${stamp}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill("a calm and long passphrase");
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, `reminders+${stamp}@example.com`);

  await page.goto("/app/clients/new");
  await page.getByLabel("Name", { exact: true }).fill("Quinn Client");
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Quinn Client" })).toBeVisible();
  await page.getByRole("tab", { name: "Homework" }).click();
  await page.getByRole("button", { name: "Create link" }).click();
  const url = await page.getByLabel("The new homework link").inputValue();
  await expect(page.getByText("No reminders yet.")).toBeVisible();

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phone = await context.newPage();
  await phone.goto(url);
  await phone.getByRole("button", { name: "Open my homework" }).click();
  await phone.getByLabel("Choose a PIN").fill("4826");
  await phone.getByLabel("Enter the same PIN again").fill("4826");
  await phone.getByRole("button", { name: "Save my PIN" }).click();
  await phone.getByRole("button", { name: "Change my reminders" }).click();
  await expect(phone.getByRole("heading", { level: 1, name: "Reminders" })).toBeFocused();

  await phone.getByLabel("At a time I choose, for all of them").check();
  await phone.getByLabel("Your time").fill("23:30");
  await phone.getByRole("button", { name: "Save my choices" }).click();
  await expect(phone.getByText(/inside your practice's quiet hours/).first()).toBeVisible();
  await expect(phone.getByLabel("Your time")).toHaveValue("23:30");

  await phone.getByLabel("Your time").fill("18:30");
  await phone.getByRole("button", { name: "Save my choices" }).click();
  await expect(phone.getByText("Your choices are saved.")).toBeVisible();
  await expectNoAxeViolations(phone);

  await phone.reload(); // the reminders page has its own address: the reload stays on it
  await expect(phone.getByRole("heading", { level: 1, name: "Reminders" })).toBeVisible();
  await expect(phone.getByLabel("Your time")).toHaveValue("18:30");
  await context.close();
});
