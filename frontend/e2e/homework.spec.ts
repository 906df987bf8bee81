import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { confirmSignUp } from "./practice";

const password = "a calm and long passphrase";
const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

async function signUp(page: Page) {
  const stamp = Date.now();
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill(`Homework Practice ${stamp}`);
  await page.getByLabel("Your name").fill("Nadia Clinician");
  await page.getByLabel("Email", { exact: true }).fill(`homework+${stamp}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, `homework+${stamp}@example.com`);
}

async function addClient(page: Page, name: string) {
  await page.goto("/app/clients/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** Makes the client's homework link from their Homework tab and returns its URL. */
async function homeworkLink(page: Page, name: string): Promise<string> {
  await nav(page).getByRole("link", { name: "Clients" }).click();
  // The page being left (a couple's) has links with the same name: wait for the list itself.
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  await page.getByRole("table").getByRole("link", { name }).click();
  await page.getByRole("tab", { name: "Homework" }).click();
  await page.getByRole("button", { name: "Create link" }).click();
  const url = await page.getByLabel("The new homework link").inputValue();
  expect(url).toMatch(/\/h\/[A-Za-z0-9_-]{43}$/);
  return url;
}

/** A partner's phone: a fresh browser context at 360 px, with nothing of the clinician's. */
async function phone(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(url);
  // With the keyboard: the first tap is the only thing that uses the link.
  await page.getByRole("button", { name: "Open my homework" }).focus();
  await page.keyboard.press("Enter");
  return page;
}

async function choosePIN(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "Choose a PIN" })).toBeVisible();
  await page.getByLabel("Choose a PIN").fill("4826");
  await page.getByLabel("Enter the same PIN again").fill("4826");
  await page.getByRole("button", { name: "Save my PIN" }).click();
}

test("each partner does their own log on a phone; a draft survives a lost network and a reload and is sent once; the clinician sees both", async ({
  page,
  browser,
}) => {
  await signUp(page);
  await addClient(page, "Sam Okafor");
  await addClient(page, "Alex Okafor");
  await page.goto("/app/couples/new");
  await page.getByLabel("Couple name").fill("Sam and Alex");
  await page.getByLabel("Partner 1", { exact: true }).selectOption({ label: "Sam Okafor" });
  await page.getByLabel("Role of partner 1").selectOption({ label: "The partner who was hurt" });
  await page.getByLabel("Partner 2", { exact: true }).selectOption({ label: "Alex Okafor" });
  await page.getByLabel("Role of partner 2").selectOption({ label: "The partner who caused the harm" });
  await page.getByRole("button", { name: "Add couple" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sam and Alex" })).toBeVisible();
  const coupleURL = page.url();

  // Trust-repair homework waits for a safety screen: with none yet, its form is open.
  await expect(page.getByText(/No safety screen yet/)).toBeVisible();
  for (const q of ["Violence, threats, or either partner afraid of the other", "Coercive control", "Active addiction", "Ongoing contact tied to the harm"]) {
    await page.getByRole("group", { name: q }).getByLabel("No").check();
  }
  await page.getByLabel("Proceed with trust-repair homework").check();
  await page.getByRole("button", { name: "Record safety screen" }).click();
  await expect(page.getByText(/Safety screen recorded/)).toBeVisible();

  // The consistency log for Alex, the follow-through log for Sam.
  await page.getByRole("link", { name: "Assign to this couple" }).click();
  await page.getByLabel("A different exercise for each partner").check();
  await page.getByLabel(/^Exercise for Alex Okafor/).selectOption({ label: "Daily consistency log" });
  await page.getByLabel(/^Exercise for Sam Okafor/).selectOption({ label: "Private follow-through log" });
  await page.getByRole("group", { name: "How often" }).getByLabel(/Daily/).check();
  await page.getByRole("button", { name: /^Assign/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /assigned/i }).first()).toBeVisible();

  const alexURL = await homeworkLink(page, "Alex Okafor");
  const samURL = await homeworkLink(page, "Sam Okafor");

  // Alex's phone: today's consistency log, done in a minute.
  const alex = await phone(browser, alexURL);
  await choosePIN(alex);
  await expect(alex.getByRole("heading", { level: 1, name: "Hello, Alex Okafor" })).toBeVisible();
  await expect(alex.getByText("Private follow-through log")).toHaveCount(0); // never the partner's work
  // Help right now is one tap away on every page.
  await expect(alex.getByRole("contentinfo").getByRole("link", { name: "Need help now?" })).toHaveAttribute("href", `${new URL(alexURL).pathname}/help`);
  await expectNoAxeViolations(alex);
  await alex.getByRole("button", { name: /Daily consistency log/ }).first().click();
  await alex.getByLabel("I did the things I said I would do").focus();
  await alex.keyboard.press("Space");
  await expect(alex.getByLabel("I did the things I said I would do")).toBeChecked();
  await alex.getByLabel("I told my partner when plans changed").check();
  await alex.getByRole("radiogroup", { name: /How steady and reliable/ }).getByText("7", { exact: true }).click();
  await alex.getByLabel("One line about today").fill("Called when the meeting ran late.");
  await expectNoAxeViolations(alex);
  expect(await alex.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await alex.getByRole("button", { name: "Send" }).click();
  await expect(alex.getByRole("heading", { level: 1, name: "Thank you" })).toBeVisible();
  // Back on Today the log shows as done, not still to do.
  await alex.getByRole("button", { name: "Back to Today" }).click();
  const done = alex.getByRole("region", { name: "Done" });
  await expect(done).toContainText("Daily consistency log — done");
  await expect(alex.getByRole("region", { name: "To do" }).getByRole("button", { name: /Daily consistency log/ })).toHaveCount(0);
  await expectNoAxeViolations(alex);

  // Sam's phone: the network drops as Sam sends; the draft outlives a reload and lands once.
  const sam = await phone(browser, samURL);
  await choosePIN(sam);
  await expect(sam.getByText("Daily consistency log")).toHaveCount(0);
  await sam.getByRole("button", { name: /Private follow-through log/ }).first().click();
  await sam.getByLabel("Most of it").check();
  await sam.getByLabel("They told me when plans changed").check();
  await sam.getByRole("radiogroup", { name: /How settled/ }).getByText("6", { exact: true }).click();
  const keys: string[] = [];
  let received = 0;
  await sam.route("**/api/homework/responses", async (route) => {
    keys.push(JSON.parse(route.request().postData() ?? "{}").idempotency_key);
    await route.abort("internetdisconnected");
  });
  await sam.getByRole("button", { name: "Send" }).click();
  await expect(sam.getByText(/No connection/).first()).toBeVisible();
  await sam.unroute("**/api/homework/responses");
  await sam.route("**/api/homework/responses", async (route) => {
    keys.push(JSON.parse(route.request().postData() ?? "{}").idempotency_key);
    await route.continue();
  });
  sam.on("response", (res) => {
    if (res.url().endsWith("/api/homework/responses") && res.status() === 201) received++;
  });
  await sam.reload();
  await expect(sam.getByText(/Thank you|already sent/).first()).toBeVisible({ timeout: 60_000 });
  expect(received).toBe(1);
  expect(keys.length).toBeGreaterThanOrEqual(2); // the lost send and the one after the reload
  expect(new Set(keys).size).toBe(1); // every attempt carried the draft's one key

  // The clinician sees both answers, side by side on the couple's page.
  await page.goto(coupleURL);
  const homework = page.getByRole("region", { name: "Homework", exact: true });
  await expect(homework).toContainText("Daily consistency log");
  await expect(homework).toContainText("Private follow-through log");
  await expect(homework.getByText(/Done/).first()).toBeVisible();
  const shows = homework.getByRole("button", { name: /^Show answers for/ });
  await expect(shows).toHaveCount(2); // one answered day each, nothing twice
  await shows.first().click();
  await homework.getByRole("button", { name: /^Show answers for/ }).first().click();
  await expect(homework).toContainText("Called when the meeting ran late.");
  await expect(homework).toContainText("7 of 10");
  await expect(homework).toContainText("Most of it");
  await expectNoAxeViolations(page);
});
