// The client's homework pages behaving like an app on a phone: an address per screen (Back and
// reload), an offline shell (a service worker) that shows queued answers and sends them when the
// signal is back, and the calm crisis screen after a risk answer.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { phq9Choices } from "./phq9";
import { confirmSignUp } from "./practice";

type Setup = { link: string; clientId: string };
type Crisis = { country: string; resources: Array<{ name: string; contact: string; href?: string }>; next_steps: string };

// The clinician's device is in London, so the practice is (its country, and so its default
// crisis lines, follow the practice's time zone until it chooses otherwise).
test.use({ timezoneId: "Europe/London" });

/** A practice in London with one client who has a PHQ-9 due today, and the client's link. */
async function setUp(page: Page, label: string): Promise<Setup> {
  const stamp = Date.now();
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill(`${label} Practice ${stamp}`);
  await page.getByLabel("Your name").fill("Jo Clinician");
  await page.getByLabel("Email", { exact: true }).fill(`${label.toLowerCase()}+${stamp}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill("a calm and long passphrase");
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, `${label.toLowerCase()}+${stamp}@example.com`);

  await page.goto("/app/clients/new");
  await page.getByLabel("Name", { exact: true }).fill("Kit Marlow");
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kit Marlow" })).toBeVisible();
  const clientId = /\/app\/clients\/([^/?#]+)/.exec(page.url())![1];
  await page.getByRole("tab", { name: "Homework" }).click();
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByLabel("The new homework link").inputValue();

  await page.goto(`/app/assign?client=${clientId}`);
  await page.getByLabel("Exercise", { exact: true }).selectOption({ label: "PHQ-9: how you have been feeling" });
  await page.getByLabel("Daily").check();
  await page.getByRole("button", { name: /^Assign/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /assigned/i }).first()).toBeVisible();
  return { link, clientId };
}

/** The client's phone: a fresh context at 360 px; opens the link and chooses a PIN. */
async function phone(browser: Browser, link: string) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Open my homework" }).click();
  await page.getByLabel("Choose a PIN").fill("3917");
  await page.getByLabel("Enter the same PIN again").fill("3917");
  await page.getByRole("button", { name: "Save my PIN" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Kit Marlow" })).toBeVisible();
  return { context, page };
}

async function answerPHQ9(page: Page, item9: string) {
  await expect(page.getByText("Over the last 2 weeks, how often have you been bothered")).toBeVisible();
  for (const choice of phq9Choices(page, item9)) await choice.check();
}

const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });

test("each screen has its own address: a reload stays on it and Back returns to Today", async ({ page, browser }) => {
  const { link } = await setUp(page, "Address");
  const { context, page: kit } = await phone(browser, link);

  await kit.getByRole("button", { name: /PHQ-9/ }).first().click();
  await expect(heading(kit, "PHQ-9: how you have been feeling")).toBeFocused();
  await expect(kit).toHaveURL(/\/h\/[A-Za-z0-9_-]+\/task\/[0-9a-f-]{36}\/\d{4}-\d{2}-\d{2}$/);
  const taskURL = kit.url();

  await kit.reload();
  await expect(heading(kit, "PHQ-9: how you have been feeling")).toBeVisible();
  await expect(kit.getByText("Over the last 2 weeks, how often have you been bothered")).toBeVisible();
  expect(kit.url()).toBe(taskURL);
  await expectNoAxeViolations(kit);

  await kit.goBack();
  await expect(heading(kit, "Hello, Kit Marlow")).toBeVisible();
  expect(kit.url()).toBe(link);

  await kit.getByRole("navigation", { name: "Homework" }).getByRole("link", { name: "Journal" }).click();
  await expect(heading(kit, "Journal")).toBeFocused();
  expect(kit.url()).toBe(`${link}/journal`);
  await kit.reload();
  await expect(heading(kit, "Journal")).toBeVisible();
  await expect(kit.getByRole("navigation", { name: "Homework" }).getByRole("link", { name: "Journal" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expectNoAxeViolations(kit);

  // An address whose task is no longer open: calm, with a way back.
  await kit.goto(taskURL.replace(/\/\d{4}-\d{2}-\d{2}$/, "/2001-01-01"));
  await expect(heading(kit, "This one is closed")).toBeVisible();
  await expect(kit.getByText(/There's nothing to send for it now/)).toBeVisible();
  await expectNoAxeViolations(kit);
  await kit.getByRole("button", { name: "Back to Today", exact: true }).click();
  await expect(heading(kit, "Hello, Kit Marlow")).toBeVisible();
  expect(kit.url()).toBe(link);
  expect(await kit.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await context.close();
});

test("offline: a reload without signal shows the app and the queued answer, which is sent once the signal is back", async ({
  page,
  browser,
}) => {
  const { link, clientId } = await setUp(page, "Offline");
  const { context, page: kit } = await phone(browser, link);

  // The offline shell is in place: the page is under the worker's control.
  await kit.waitForFunction(() => navigator.serviceWorker?.controller?.scriptURL.endsWith("/homework-sw.js"));
  await kit.getByRole("button", { name: /PHQ-9/ }).first().click();
  await answerPHQ9(kit, "Not at all");

  await context.setOffline(true);
  await kit.getByRole("button", { name: "Send" }).click();
  await expect(kit.getByText(/No connection — we'll keep trying/)).toBeVisible();

  await kit.reload();
  await expect(heading(kit, "No connection right now")).toBeVisible();
  const answers = kit.getByRole("region", { name: "Your answers" });
  await expect(answers.getByRole("listitem")).toHaveCount(1);
  await expect(answers).toContainText("PHQ-9: how you have been feeling");
  await expect(answers).toContainText("Waiting to send — will send when you're back online");
  await expectNoAxeViolations(kit);

  // The worker keeps the app and nothing else: no answer of the API, no address with the token.
  const cached = await kit.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain("/homework.html");
  expect(cached.filter((u) => u !== "/homework.html" && u !== "/favicon.svg" && !u.startsWith("/assets/"))).toEqual([]);

  await context.setOffline(false);
  await expect(answers.getByRole("listitem")).toContainText("Sent", { timeout: 60_000 });
  await expect(kit.getByRole("status").filter({ hasText: "Everything you wrote has been sent." })).toBeVisible();

  // The clinician's side has the answer, once.
  const res = await page.request.get(`/api/clients/${clientId}/assignments`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as {
    assignments: Array<{ occurrences: Array<{ response?: { answers: Record<string, unknown> } }> }>;
  };
  const responses = body.assignments.flatMap((a) => a.occurrences.flatMap((o) => (o.response ? [o.response] : [])));
  expect(responses).toHaveLength(1);
  expect(responses[0].answers.q9).toBe("not_at_all");

  await kit.getByRole("button", { name: "Go to Today" }).click();
  await expect(heading(kit, "Hello, Kit Marlow")).toBeVisible();
  await expect(kit.getByRole("region", { name: "Done" })).toContainText("PHQ-9");
  await context.close();
});

test("a PHQ-9 answered with item 9 above zero brings the calm screen with the practice's crisis lines", async ({
  page,
  browser,
}) => {
  const { link } = await setUp(page, "Crisis");
  const { context, page: kit } = await phone(browser, link);

  await kit.getByRole("button", { name: /PHQ-9/ }).first().click();
  await answerPHQ9(kit, "Several days");
  await kit.getByRole("button", { name: "Send" }).click();

  await expect(heading(kit, "Thank you for telling us")).toBeFocused();
  // The practice's own crisis support, as its settings hold it: each line, a link where it has one.
  const res = await page.request.get("/api/practice");
  expect(res.ok()).toBe(true);
  const crisis = ((await res.json()) as { crisis: Crisis }).crisis;
  expect(crisis.resources.length).toBeGreaterThan(0);
  const lines = kit.getByRole("region", { name: "People you can talk to now" });
  await expect(lines.getByRole("listitem")).toHaveCount(crisis.resources.length);
  for (const r of crisis.resources) {
    await expect(lines).toContainText(r.name);
    await expect(lines).toContainText(r.contact);
    if (r.href) await expect(lines.getByRole("link", { name: `${r.name} ${r.contact}` })).toHaveAttribute("href", r.href);
  }
  if (crisis.country === "GB") await expect(lines.getByRole("link", { name: /Samaritans/ })).toHaveAttribute("href", "tel:116123");
  await expect(kit.getByRole("region", { name: "What happens next" })).toContainText(crisis.next_steps);
  expect(await kit.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(kit);

  // Back never reopens the sent form.
  await kit.goBack();
  await expect(heading(kit, "Hello, Kit Marlow")).toBeVisible();

  // The footer's way to the same lines, at any time.
  await kit.getByRole("contentinfo").getByRole("link", { name: "Need help now?" }).click();
  await expect(heading(kit, "Help right now")).toBeFocused();
  expect(kit.url()).toBe(`${link}/help`);
  await expect(kit.getByRole("region", { name: "People you can talk to now" })).toContainText(crisis.resources[0].name);
  await expectNoAxeViolations(kit);
  await context.close();
});
