import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/**
 * Time each scan adds to its test's budget. A full axe scan of a big page takes seconds on a
 * busy 2-core machine; a test that scans many pages would otherwise run out of its budget inside
 * whichever scan happens to come last.
 */
const SCAN_BUDGET_MS = 30_000;

/** Runs axe on the whole page (every rule) and expects no violations. */
export async function expectNoAxeViolations(page: Page) {
  await test.step("no accessibility violations (axe)", async () => {
    test.info().setTimeout(test.info().timeout + SCAN_BUDGET_MS);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
  });
}
