import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { confirmSignUp } from "./practice";

const password = "a calm and long passphrase";

async function signUp(page: Page, name: string) {
  const stamp = Date.now();
  await page.goto("/signup");
  await page.getByLabel("Practice name").fill(`Riverside Therapy ${stamp}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email", { exact: true }).fill(`owner+${stamp}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create practice" }).click();
  await confirmSignUp(page, `owner+${stamp}@example.com`);
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("add two clients, make them a couple, see both partners side by side, and find the reads in the audit log", async ({
  page,
}) => {
  await signUp(page, "Ana Lindqvist");

  await nav(page).getByRole("link", { name: "Clients" }).click();
  await expect(page).toHaveURL(/\/app\/clients$/);
  await expect(page.getByText("No clients yet.")).toBeVisible();

  // The first client, with every detail.
  await page.getByRole("link", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a client" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Samira Haddad");
  await page.getByLabel("Preferred name").fill("Sam");
  await page.getByLabel("Pronouns").fill("she/her");
  await page.getByLabel("Email", { exact: true }).fill("sam@example.com");
  // Not the hint's +44 7700 900123: that is in Ofcom's range for drama, which the API refuses.
  await page.getByLabel("Mobile").fill("+44 7911 123456");
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByLabel("Consents to email").check();
  await page.getByRole("group", { name: "Assigned clinicians" }).getByLabel(/Ana Lindqvist/).check();
  await page.getByRole("button", { name: "Add client" }).click();

  await expect(page).toHaveURL(/\/app\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Samira Haddad" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Samira Haddad was added.");
  const details = page.getByRole("region", { name: "Details" });
  await expect(details).toContainText("+447911123456"); // stored as E.164
  await expect(details).toContainText("Europe/London");
  await expect(page.getByRole("region", { name: "Clinicians" })).toContainText("Ana Lindqvist");
  await expect(page.getByRole("tab", { name: "Details", selected: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Erase client…" })).toBeVisible(); // the owner may erase
  await expectNoAxeViolations(page);

  // A field error from the API lands beside its field.
  await nav(page).getByRole("link", { name: "Clients" }).click();
  await expect(page).toHaveURL(/\/app\/clients$/);
  await page.getByRole("link", { name: "Add client" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Alex Moreau");
  await page.getByLabel("Mobile").fill("07700 900123");
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("alert")).toContainText("Mobile");
  await expect(page.getByLabel("Mobile")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);

  // The second client, with the name and time zone only.
  await page.getByLabel("Mobile").fill("");
  await page.getByLabel("Time zone").selectOption("Europe/Paris");
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alex Moreau" })).toBeVisible();

  await nav(page).getByRole("link", { name: "Clients" }).click();
  const table = page.getByRole("table", { name: "2 active clients" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: "Samira Haddad" })).toContainText("Goes by Sam · she/her");
  await expect(table.getByRole("row").filter({ hasText: "Alex Moreau" })).toContainText("No email or mobile yet");
  await page.getByRole("searchbox", { name: "Search by name" }).fill("sam");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/app\/clients\?q=sam$/);
  await expect(page.getByRole("table", { name: "1 active client" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The couple.
  await nav(page).getByRole("link", { name: "Couples" }).click();
  await expect(page.getByText("No couples yet.")).toBeVisible();
  await page.getByRole("link", { name: "Add couple" }).click();
  await page.getByLabel("Couple name").fill("Sam and Alex");
  await page.getByLabel("Partner 1", { exact: true }).selectOption({ label: "Samira Haddad (Sam)" });
  await page.getByLabel("Role of partner 1").selectOption({ label: "The partner who was hurt" });
  await page.getByLabel("Partner 2", { exact: true }).selectOption({ label: "Alex Moreau" });
  await page.getByLabel("Role of partner 2").selectOption({ label: "The partner who caused the harm" });
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Add couple" }).click();

  await expect(page).toHaveURL(/\/app\/couples\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sam and Alex" })).toBeVisible();
  const partners = page.getByRole("region", { name: "Partners" }).getByRole("listitem");
  await expect(partners).toHaveCount(2);
  const sam = partners.filter({ hasText: "Samira Haddad" });
  const alex = partners.filter({ hasText: "Alex Moreau" });
  await expect(sam).toContainText("The partner who was hurt");
  await expect(alex).toContainText("The partner who caused the harm");
  await expect(sam.getByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", /\/app\/clients\/[0-9a-f-]{36}$/);

  // Side by side on a wide screen: same row, different columns.
  let [a, b] = [await alex.boundingBox(), await sam.boundingBox()];
  expect(a && b).toBeTruthy();
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
  expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
  await expectNoAxeViolations(page);

  // Stacked on a 360px phone, with nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(page.getByRole("heading", { level: 1, name: "Sam and Alex" })).toBeVisible();
  [a, b] = [await alex.boundingBox(), await sam.boundingBox()];
  expect(b!.y).toBeGreaterThanOrEqual(a!.y + a!.height);
  expect(Math.abs(a!.x - b!.x)).toBeLessThan(2);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 720 });

  // The client page lists the couple.
  await sam.getByRole("link", { name: "Samira Haddad" }).click();
  await expect(page.getByRole("region", { name: "Couples" }).getByRole("link", { name: "Sam and Alex" })).toBeVisible();

  // The record and the report download from the client page's header, with the staff session.
  const [record] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export record (CSV)" }).click(),
  ]);
  expect(record.suggestedFilename()).toMatch(/^client-record-\d{4}-\d{2}-\d{2}\.csv$/);
  const [report] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Progress report (PDF)" }).click(),
  ]);
  expect(report.suggestedFilename()).toMatch(/^progress-report-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(await report.failure()).toBeNull();

  // The audit log shows who read what.
  await nav(page).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/app\/audit$/);
  const events = page.getByRole("table");
  // Times are the viewer's, and the column says in which zone.
  await expect(events.getByRole("columnheader").first()).toHaveText(/^Time \(.+\)$/);
  await expect(events.getByRole("row").filter({ hasText: "client.read" }).first()).toContainText("Samira Haddad");
  await expect(events.getByRole("row").filter({ hasText: "client.export" }).first()).toContainText("Samira Haddad");
  await expect(events.getByRole("row").filter({ hasText: "couple.read" }).first()).toContainText("Sam and Alex");
  await expect(events.getByRole("row").filter({ hasText: "couple.create" }).first()).toContainText("Ana Lindqvist");
  await expectNoAxeViolations(page);

  await page.getByLabel("Action").fill("couple.read");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/app\/audit\?action=couple.read$/);
  const rows = events.locator("tbody tr");
  await expect(rows.first()).toContainText("couple.read");
  // Retried until the filtered page has replaced the unfiltered one.
  await expect(rows.filter({ hasNotText: "couple.read" })).toHaveCount(0);
  const exportLink = page.getByRole("link", { name: "Export CSV" });
  await expect(exportLink).toHaveAttribute("href", "/api/audit/export?action=couple.read");
  const csv = await page.request.get((await exportLink.getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\n");
  expect(lines[0]).toContain("action");
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line).toContain("couple.read");
  await expectNoAxeViolations(page);
});

test("a couple in one form from a client's page: that client and someone new, then back where it started", async ({ page }) => {
  await signUp(page, "Noor Haddad");
  await page.goto("/app/clients/new");
  await page.getByLabel("Name", { exact: true }).fill("Jordan Lee");
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Jordan Lee" })).toBeVisible();
  const clientUrl = page.url();
  const clientId = clientUrl.split("/").pop()!;

  await page.getByRole("link", { name: "Add to a couple" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a couple" })).toBeVisible();
  await expect(page.getByLabel("Partner 1", { exact: true })).toHaveValue(clientId);
  await page.getByLabel("Couple name").fill("Jordan and Riley");
  await page.getByRole("group", { name: "Who is partner 2?" }).getByLabel(/Someone new/).check();
  const riley = page.getByRole("group", { name: "New client: partner 2" });
  await riley.getByLabel("Name", { exact: true }).fill("Riley Park");
  await riley.getByLabel("Email", { exact: true }).fill("riley@");
  await page.getByLabel("Role of partner 2").selectOption({ label: "The partner who caused the harm" });
  await expectNoAxeViolations(page);

  // A mistake in the new partner writes nothing and is shown beside that partner's field.
  await page.getByRole("button", { name: "Add couple" }).click();
  await expect(page.getByRole("alert")).toContainText("Partner 2: email");
  await expect(riley.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
  await riley.getByLabel("Email", { exact: true }).fill("riley@example.com");
  await page.getByRole("button", { name: "Add couple" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Jordan and Riley" })).toBeVisible();
  const partners = page.getByRole("region", { name: "Partners" }).getByRole("listitem");
  await expect(partners).toHaveCount(2);
  await expect(partners.filter({ hasText: "Riley Park" })).toContainText("The partner who caused the harm");
  await expect(page.getByRole("link", { name: "Report for Riley Park (PDF)" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The way back leads to the client page the form was opened from.
  await page.getByRole("link", { name: "Back to Jordan Lee" }).click();
  await expect(page).toHaveURL(clientUrl);
  await expect(page.getByRole("region", { name: "Couples" }).getByRole("link", { name: "Jordan and Riley" })).toBeVisible();

  // Riley is a client like any other, made once.
  await nav(page).getByRole("link", { name: "Clients" }).click();
  await expect(page.getByRole("table", { name: "2 active clients" })).toBeVisible();

  // Cancel goes back where the form was opened: here, the overview.
  await nav(page).getByRole("link", { name: "Overview" }).click();
  await page.getByRole("link", { name: "Add a couple" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a couple" })).toBeVisible();
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/app$/);
});

test("the owner erases a client for good after confirming", async ({ page }) => {
  await signUp(page, "Mo Okafor");
  await page.goto("/app/clients/new");
  await page.getByLabel("Name", { exact: true }).fill("Jordan Lee");
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Jordan Lee" })).toBeVisible();
  const clientUrl = page.url();

  await page.getByRole("button", { name: "Erase client…" }).click();
  await expect(page.getByText("Erase Jordan Lee and all their data for good? This cannot be undone.")).toBeFocused();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Erase Jordan Lee for good" }).click();

  await expect(page).toHaveURL(/\/app\/clients$/);
  await expect(page.getByRole("status").filter({ hasText: "Jordan Lee was erased for good." })).toBeVisible();
  await expect(page.getByText("No clients yet.")).toBeVisible();

  await page.goto(clientUrl);
  await expect(page.getByRole("heading", { level: 1, name: "This client is not available" })).toBeVisible();
  await expectNoAxeViolations(page);
});
