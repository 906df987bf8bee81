import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { nav, password, signUp } from "./practice";
import { createHmac } from "node:crypto";


/** RFC 4648 base32 (the alphabet authenticator apps use) to bytes; spaces and padding ignored. */
function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.toUpperCase().replace(/[\s=]/g, "")) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP as authenticator apps compute it: HMAC-SHA1, 30-second steps, six digits. */
function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}

const currentStep = () => Math.floor(Date.now() / 1000 / 30);

/**
 * A code the server has not accepted yet: it never takes the same step twice, and accepts the
 * step after the current one (for clocks that drift), so no waiting for the next half-minute.
 */
function freshCode(secret: string, lastUsedStep: number): { code: string; step: number } {
  const step = Math.max(currentStep(), lastUsedStep + 1);
  return { code: totp(secret, step), step };
}

async function addClient(page: Page, name: string, clinician?: string) {
  await page.goto("/app/clients");
  await page.getByRole("link", { name: "Add client" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  if (clinician) {
    await page.getByRole("group", { name: "Assigned clinicians" }).getByLabel(new RegExp(clinician)).check();
  }
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("TOTP matches RFC 6238's SHA-1 test vectors", () => {
  // The RFC's key is the ASCII "12345678901234567890"; its 8-digit values end in these six digits.
  const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  expect(totp(secret, Math.floor(59 / 30))).toBe("287082");
  expect(totp(secret, Math.floor(1111111109 / 30))).toBe("081804");
  expect(totp(secret, Math.floor(20000000000 / 30))).toBe("353130");
});

test("the owner invites a clinician, who joins, turns on two-factor sign-in and sees only their own clients", async ({
  page: owner,
  browser,
  baseURL,
}) => {
  const stamp = Date.now();
  const practice = `Harbour Counselling ${stamp}`;
  const clinicianEmail = `clinician+${stamp}@example.com`;

  // The owner signs the practice up and adds a client of their own.
  await signUp(owner, practice, "Ana Lindqvist", `owner+${stamp}@example.com`);
  await addClient(owner, "Olive Owner-Only");

  // Settings: the reminder hours as HH:MM.
  await nav(owner).getByRole("link", { name: "Settings" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Practice settings" })).toBeVisible();
  await expect(owner.getByLabel("Practice name")).toHaveValue(practice);
  await owner.getByLabel("Quiet hours from").fill("21:30");
  await owner.getByRole("button", { name: "Save settings" }).click();
  await expect(owner.getByRole("status")).toHaveText("Settings saved.");
  await owner.reload();
  await expect(owner.getByLabel("Quiet hours from")).toHaveValue("21:30");
  await expectNoAxeViolations(owner);

  // The team page: invite a clinician.
  await nav(owner).getByRole("link", { name: "Team" }).click();
  await expect(owner).toHaveURL(/\/app\/team$/);
  await expect(owner.getByRole("rowheader", { name: /Ana Lindqvist/ })).toBeVisible();
  await owner.getByLabel("Email", { exact: true }).fill(clinicianEmail);
  await owner.getByLabel("Role", { exact: true }).selectOption("clinician");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  // A seat's price is shown first (no charge in the trial), then the invitation is sent.
  await expect(owner.getByText(/No charge during your trial/)).toBeVisible();
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByRole("status")).toHaveText(`Invitation sent to ${clinicianEmail}.`);
  await expect(owner.getByRole("rowheader", { name: clinicianEmail })).toBeVisible();
  // The same address again is refused beside the email field.
  await owner.getByLabel("Email", { exact: true }).fill(clinicianEmail);
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByRole("alert")).toBeVisible();
  await expect(owner.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(owner);

  // The invitation email, in the development mailbox.
  await owner.goto("/dev/mailbox");
  const message = owner.getByRole("article").filter({ hasText: clinicianEmail });
  await expect(message.getByRole("heading", { name: `Invitation to join ${practice} on Steady` })).toBeVisible({
    timeout: 60_000,
  });
  const link = (await message.textContent())?.match(/https?:\/\/\S+\/accept-invitation\?token=[^\s<]+/)?.[0];
  expect(link).toBeTruthy();
  const { pathname, search } = new URL(link!);

  // The clinician, in a browser of their own, accepts as a new account.
  const context = await browser.newContext({ baseURL });
  const clinician = await context.newPage();
  await clinician.goto(pathname + search);
  await expect(clinician.getByRole("heading", { level: 1, name: `Join ${practice}` })).toBeVisible();
  await expect(clinician.getByText(clinicianEmail)).toBeVisible();
  await expectNoAxeViolations(clinician);
  await clinician.getByLabel("Your name").fill("Ben Okafor");
  await clinician.getByLabel("Choose a password").fill(password);
  await clinician.getByRole("button", { name: `Join ${practice}` }).click();
  await expect(clinician).toHaveURL(/\/app$/);
  await expect(clinician.getByRole("banner")).toContainText("Clinician");
  await expect(nav(clinician).getByRole("link", { name: "Settings" })).toHaveCount(0);

  // Team, as a clinician: the list, no management.
  await nav(clinician).getByRole("link", { name: "Team" }).click();
  await expect(clinician.getByRole("rowheader", { name: /Ana Lindqvist/ })).toBeVisible();
  await expect(clinician.getByRole("button", { name: /Change role/ })).toHaveCount(0);
  await expect(clinician.getByRole("heading", { name: "Invitations" })).toHaveCount(0);

  // Security: enrol in two-factor sign-in with a code computed from the key on the page.
  await nav(clinician).getByRole("link", { name: "Security" }).click();
  await expect(clinician.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  await expect(clinician.getByRole("table").getByText("This device")).toBeVisible();
  await expectNoAxeViolations(clinician);
  await clinician.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(clinician.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = ((await clinician.locator(".secret-key code").textContent()) ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectNoAxeViolations(clinician);
  const enrol = freshCode(secret, 0);
  await clinician.getByLabel("Code from your app").fill(enrol.code);
  await clinician.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(clinician.getByRole("heading", { name: "Save your recovery codes now" })).toBeVisible();
  await expect(clinician.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await expectNoAxeViolations(clinician);
  await clinician.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await expect(clinician.getByRole("button", { name: "Turn off two-factor sign-in" })).toBeVisible();

  // Log out, and back in: the password, then a code.
  await clinician.getByRole("button", { name: "Log out" }).click();
  await expect(clinician).toHaveURL(/\/login$/);
  await clinician.getByLabel("Email", { exact: true }).fill(clinicianEmail);
  await clinician.getByLabel("Password", { exact: true }).fill(password);
  await clinician.getByRole("button", { name: "Log in" }).click();
  await expect(clinician.getByRole("heading", { level: 1, name: "Enter your sign-in code" })).toBeVisible();
  await expectNoAxeViolations(clinician);
  await clinician.getByLabel("Code", { exact: true }).fill(freshCode(secret, enrol.step).code);
  await clinician.getByRole("button", { name: "Log in" }).click();
  await expect(clinician).toHaveURL(/\/app$/);

  // None of the owner's clients.
  await nav(clinician).getByRole("link", { name: "Clients" }).click();
  await expect(clinician.getByText("No clients are assigned to you yet.")).toBeVisible();
  await expect(clinician.getByText("Olive Owner-Only")).toHaveCount(0);

  // The owner assigns a new client to the clinician; the clinician sees exactly that one.
  await addClient(owner, "Cora Assigned", "Ben Okafor");
  await clinician.reload();
  const table = clinician.getByRole("table", { name: "1 active client" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("link", { name: "Cora Assigned" })).toBeVisible();
  await expect(clinician.getByText("Olive Owner-Only")).toHaveCount(0);

  await context.close();
});
