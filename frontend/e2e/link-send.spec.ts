import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { confirmSignUp } from "./practice";

const password = "a calm and long passphrase";

async function signUp(page: Page, stamp: number) {
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill(`Sending Practice ${stamp}`);
  await page.getByLabel("Your name").fill("Nadia Clinician");
  await page.getByLabel("Email", { exact: true }).fill(`sending+${stamp}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, `sending+${stamp}@example.com`);
}

/** Taps the link on a fresh phone and returns the page the client lands on. */
async function tap(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phone = await context.newPage();
  await phone.goto(url);
  await phone.getByRole("button", { name: "Open my homework" }).click();
  return phone;
}

test("the clinician sends the link by email from Steady once the client has agreed; the old link stops working", async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  const email = `robin+${stamp}@example.com`;
  await signUp(page, stamp);

  // A client with an email address, but no consent to email yet.
  await page.goto("/app/clients/new");
  await page.getByLabel("Name", { exact: true }).fill("Robin Sender");
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Robin Sender" })).toBeVisible();
  await page.getByRole("tab", { name: "Homework" }).click();

  const panel = page.getByRole("region", { name: "Homework link" });
  await panel.getByRole("button", { name: "Create link" }).click();
  const old = await panel.getByLabel("The new homework link").inputValue();
  const byEmail = panel.getByRole("button", { name: "Send by email…" });
  await expect(byEmail).toBeDisabled();
  await expect(panel.getByText("Robin Sender hasn't agreed to email, so the link can't be sent by email.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Record the consent, then come back and send.
  await panel.getByRole("link", { name: "Edit Robin Sender's contact details" }).click();
  await page.getByLabel("Consents to email").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Robin Sender" })).toBeVisible();
  await page.getByRole("tab", { name: "Homework" }).click();
  await panel.getByRole("button", { name: "Send by email…" }).click();
  const confirm = panel.getByRole("group", { name: "Send Robin Sender a new link by email?" });
  await expect(confirm).toContainText(email);
  await expectNoAxeViolations(page);
  await confirm.getByRole("button", { name: "Send by email" }).click();

  await expect(panel.getByRole("status").filter({ hasText: /^Sent to r•••@example\.com by email\.$/ })).toBeVisible();
  const sent = await panel.getByLabel("The new homework link").inputValue();
  expect(sent).toMatch(/\/h\/[A-Za-z0-9_-]{43}$/);
  expect(sent).not.toBe(old);

  // The message, in the development mailbox at once: the link, nothing else of Robin's.
  const box = await (await page.request.get("/api/dev/mailbox")).json();
  const messages = box.messages.filter((m: { to: string }) => m.to === email);
  expect(messages).toHaveLength(1);
  expect(messages[0].subject).toBe(`Your homework link from Sending Practice ${stamp}`);
  expect(messages[0].text).toContain(sent);
  expect(messages[0].text).not.toContain("Robin");

  const stale = await tap(browser, old);
  await expect(stale.getByRole("heading", { level: 1, name: "This link isn't active" })).toBeVisible();
  const fresh = await tap(browser, sent);
  await expect(fresh.getByRole("heading", { level: 1, name: "Choose a PIN" })).toBeVisible();
});
