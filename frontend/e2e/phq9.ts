import type { Locator, Page } from "@playwright/test";

// The PHQ-9's items as the client sees them, for the browser tests that answer one.
const PHQ9_ITEMS = [
  "Little interest or pleasure in doing things",
  "Feeling down, depressed, or hopeless",
  "Trouble falling or staying asleep, or sleeping too much",
  "Feeling tired or having little energy",
  "Poor appetite or overeating",
  "Feeling bad about yourself",
  "Trouble concentrating on things",
  "Moving or speaking so slowly",
  "Thoughts that you would be better off dead",
];

/** The choice to tick for each item: "Not at all" for the first eight, item9 for the last. */
export function phq9Choices(page: Page, item9: string): Locator[] {
  return PHQ9_ITEMS.map((item, i) => {
    const group = page.getByRole("group", { name: new RegExp(item) }).or(page.getByRole("radiogroup", { name: new RegExp(item) }));
    return group.getByLabel(i === 8 ? item9 : "Not at all");
  });
}
