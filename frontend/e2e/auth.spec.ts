import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { confirmSignUp, mailTo, signupLink } from "./practice";

const password = "a calm and long passphrase";

test("sign up, use the dashboard, log out and log back in", async ({ page }) => {
  const email = `owner+${Date.now()}@example.com`;
  const practice = `Harbour Counselling ${Date.now()}`;

  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Log in to Steady" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Create a practice account" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole("heading", { level: 1, name: "Create your practice" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Practice name").fill(practice);
  await page.getByLabel("Your name").fill("Ana Lindqvist");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create practice" }).click();

  // Nothing exists until the emailed link is opened and confirmed.
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(email);
  await expectNoAxeViolations(page);
  await page.goto(await signupLink(page, email));
  await expect(page.getByRole("heading", { level: 1, name: "Finish setting up your practice" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Open my practice" }).click();

  await expect(page).toHaveURL(/\/app$/);
  const header = page.getByRole("banner");
  await expect(header).toContainText(practice);
  await expect(header).toContainText("Ana Lindqvist");
  await expect(header).toContainText("Owner");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/app");
  await expect(page).toHaveURL(/\/login$/); // the session really ended

  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/app$/);
  await expect(page.getByRole("banner")).toContainText(practice);

  // A reload of a signed-in page loads straight from the server.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeVisible();
});

test("a wrong password is announced in an alert", async ({ page, request }) => {
  const email = `wrong+${Date.now()}@example.com`;
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const signup = await request.post("/api/auth/signup", {
    headers: { "X-CSRF-Token": csrf.csrf_token },
    data: { practice_name: "Quiet Harbour Practice", name: "Sam Okafor", email, password },
  });
  expect(signup.status()).toBe(202);
  const token = new URLSearchParams((await signupLink(page, email)).split("?")[1]).get("token");
  const confirm = await request.post("/api/auth/signup/confirm", {
    headers: { "X-CSRF-Token": csrf.csrf_token },
    data: { token },
  });
  expect(confirm.status()).toBe(201);

  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("not the right passphrase");
  await page.getByRole("button", { name: "Log in" }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toBeVisible();
  await expect(alert).not.toBeEmpty();
  await expect(page).toHaveURL(/\/login$/);
  await expectNoAxeViolations(page);
});

test("unknown paths show the not-found page", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("the welcome email reaches the dev mailbox; signing up again with the address says only to check email", async ({
  page,
  browser,
}) => {
  const email = `welcome+${Date.now()}@example.com`;
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill("Mailbox Practice");
  await page.getByLabel("Your name").fill("Mo Okafor");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, email);

  await page.goto("/dev/mailbox");
  // The River worker sends it moments after sign-up; the page refreshes every 5 seconds.
  const message = page.getByRole("article").filter({ hasText: email }).filter({ hasText: "Welcome to Steady" });
  await expect(message.getByRole("heading", { name: "Welcome to Steady" })).toBeVisible({ timeout: 60_000 });
  await expect(message).toContainText("/login");
  await expectNoAxeViolations(page);

  // Someone else signs up with the same address: the same screen as for a new one, and the
  // email tells the owner instead of offering a link.
  const stranger = await browser.newPage();
  await stranger.goto("/signup");
  await stranger.getByLabel("Practice name").fill("Another Practice");
  await stranger.getByLabel("Your name").fill("Someone Else");
  await stranger.getByLabel("Email", { exact: true }).fill(email);
  await stranger.getByLabel("Password", { exact: true }).fill("an entirely different passphrase");
  await stranger.getByRole("button", { name: "Create practice" }).click();
  await expect(stranger.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  const note = await mailTo(page, email, "You already have a Steady account");
  expect(note.text).toContain("/forgot-password");
  expect(note.text).not.toContain("/signup/confirm");
  await stranger.close();
});

test.describe("a browser in London", () => {
  test.use({ timezoneId: "Europe/London" });

  test("a new practice takes the browser's time zone, and zones are found by city", async ({ page }) => {
    const email = `london+${Date.now()}@example.com`;
    await page.goto("/signup");
    await expect(page.getByText(/Europe\/London \(UTC[+-]\d\d:\d\d\), taken from this device\./)).toBeVisible();
    await page.getByRole("button", { name: "Change the practice time zone" }).click();
    const search = page.getByRole("searchbox", { name: "Search by city or region" });
    await expect(search).toBeFocused();
    await expect(page.getByLabel("Practice time zone")).toHaveValue("Europe/London");
    await expectNoAxeViolations(page);

    await page.getByLabel("Practice name").fill("London Practice");
    await page.getByLabel("Your name").fill("Ana Lindqvist");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Create practice" }).click();
    await confirmSignUp(page, email);

    await page.goto("/app/settings");
    const zone = page.getByLabel("Time zone", { exact: true });
    await expect(zone).toHaveValue("Europe/London");
    await expect(page.getByRole("group", { name: "Quiet hours (in each client's own time zone)" })).toContainText(
      "No reminders from 22:00 until 07:00; a reminder at 07:00 is sent.",
    );
    await page.getByRole("searchbox", { name: "Search by city or region" }).fill("new york");
    await expect(zone).toHaveValue("America/New_York");
    await expect(zone.getByRole("option")).toHaveText([/^New York \(UTC-0[45]:00\)$/]);
    await expectNoAxeViolations(page);
  });
});
