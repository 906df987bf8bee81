import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";

// Steps the browser tests share: a practice signed up from the start page and confirmed from
// the email in the development mailbox, and an invitation accepted from the mailbox, as a
// person would.

export const password = "a calm and long passphrase";
export const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** Signs a new practice up, its owner named ownerName, and lands on the overview. */
export async function signUp(page: Page, practice: string, ownerName: string, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill(practice);
  await page.getByLabel("Your name").fill(ownerName);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, email);
}

/**
 * After "Create practice": the page says to check email; the link in the email sent to `email`
 * opens the confirm page, whose button makes the practice and lands on the overview. `click`
 * presses that button (a test that counts clicks passes its own).
 */
export async function confirmSignUp(page: Page, email: string, click = (button: Locator) => button.click()) {
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await page.goto(await signupLink(page, email));
  await expect(page.getByRole("heading", { level: 1, name: "Finish setting up your practice" })).toBeVisible();
  await click(page.getByRole("button", { name: "Open my practice" }));
  await expect(page).toHaveURL(/\/app$/);
}

type MailboxMessage = { to: string; subject: string; text: string };

/** The newest message to `to` with `subject` in the development mailbox, waiting for it to arrive. */
export async function mailTo(page: Page, to: string, subject: string): Promise<MailboxMessage> {
  let found: MailboxMessage | undefined;
  await expect
    .poll(
      async () => {
        const box = await (await page.request.get("/api/dev/mailbox")).json();
        found = box.messages.find((m: MailboxMessage) => m.to === to && m.subject === subject);
        return found?.subject;
      },
      { timeout: 60_000, intervals: [500, 1_000, 2_000] },
    )
    .toBe(subject);
  return found!;
}

/** The sign-up link (path and query) of the email sent to `to`, from the mailbox. */
export async function signupLink(page: Page, to: string): Promise<string> {
  const message = await mailTo(page, to, "Finish setting up your Steady practice");
  const link = message.text.match(/https?:\/\/\S+\/signup\/confirm\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(link).toBeTruthy();
  const { pathname, search } = new URL(link!);
  return pathname + search;
}

/** The accept-invitation address (path and query) of the email sent to `to`, from the mailbox. */
export async function invitationLink(page: Page, to: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const message = page.getByRole("article").filter({ hasText: to });
  await expect(message).toBeVisible({ timeout: 60_000 });
  const link = (await message.textContent())?.match(/https?:\/\/\S+\/accept-invitation\?token=[^\s<]+/)?.[0];
  expect(link).toBeTruthy();
  const { pathname, search } = new URL(link!);
  return pathname + search;
}

/** Opens path in a browser of the invited person's own and joins practice as a new account. */
export async function acceptAsNew(browser: Browser, baseURL: string | undefined, path: string, practice: string, name: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByRole("button", { name: `Join ${practice}` }).click();
  await expect(page).toHaveURL(/\/app$/);
  return { context, page };
}

/**
 * Adds a client in London assigned to clinician, makes their homework link, and opens the
 * assign page for them. Returns the link and the client's page.
 */
export async function clientWithLink(page: Page, name: string, clinician: string): Promise<{ link: string; clientURL: string }> {
  await page.goto("/app/clients/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByRole("group", { name: "Assigned clinicians" }).getByLabel(new RegExp(clinician)).check();
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const clientURL = page.url();
  await page.getByRole("tab", { name: "Homework" }).click();
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByLabel("The new homework link").inputValue();
  await page.goto(clientURL.replace(/\/app\/clients\/([^/]+).*/, "/app/assign?client=$1"));
  return { link, clientURL };
}

/** Opens a homework link on a 360 px phone of its own and chooses the PIN; returns the page. */
export async function phoneWithPIN(browser: Browser, link: string): Promise<{ context: BrowserContext; phone: Page }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByRole("button", { name: "Open my homework" }).click();
  await phone.getByLabel("Choose a PIN").fill("3917");
  await phone.getByLabel("Enter the same PIN again").fill("3917");
  await phone.getByRole("button", { name: "Save my PIN" }).click();
  return { context, phone };
}
