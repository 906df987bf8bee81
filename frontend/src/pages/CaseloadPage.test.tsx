import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CaseloadEntry } from "../api/progress";
import { ALEX_ID, CASELOAD, CASEY_ID, JORDAN_ID, SAM_ID } from "../test/fixtures";
import { apiError, json, ME, mockFetch, renderApp } from "../test/helpers";

function base(clients: CaseloadEntry[] = CASELOAD) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/caseload": () => json(200, { clients }),
  };
}

async function attentionList() {
  const section = await screen.findByRole("region", { name: "Who needs attention" });
  const list = await within(section).findByRole("list", { name: "Clients who need attention, most urgent first" });
  return { section, list, items: within(list).getAllByRole("listitem").filter((li) => li.parentElement === list) };
}

const names = (items: HTMLElement[]) => items.map((li) => li.querySelector(".row-link")?.textContent);

describe("caseload overview", () => {
  it("lists who needs attention in the API's order, with the reasons in words and the counts", async () => {
    mockFetch(base());
    renderApp("/app");

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
    const { section, list, items } = await attentionList();
    expect(list.tagName).toBe("OL");
    expect(names(items)).toEqual(["Samira Haddad", "Alex Moreau", "Jordan Pike"]);
    expect(within(items[0]).getByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM_ID}`);
    expect(within(items[0]).getByRole("link", { name: "Progress of Samira Haddad" })).toHaveAttribute(
      "href",
      `/app/clients/${SAM_ID}/progress`,
    );

    const [sam, alex, jordan] = items;
    expect(within(sam).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "2 open risk alerts",
      "GAD-7 worse by a reliable change (8 to 13)",
    ]);
    const counts = (li: HTMLElement) =>
      Array.from(li.querySelectorAll(".caseload-count"), (c) => [c.querySelector("dt")?.textContent, c.querySelector("dd")?.textContent]);
    expect(counts(sam)).toEqual([
      ["Open alerts", "2"],
      ["Missed in a row", "None"],
      ["Worse by a reliable change", "GAD-7"],
    ]);
    expect(alex).toHaveTextContent("Missed the last 3 assignments in a row");
    expect(counts(alex)).toEqual([
      ["Open alerts", "None"],
      ["Missed in a row", "3"],
      ["Worse by a reliable change", "None"],
    ]);
    expect(within(jordan).getByRole("link", { name: "Jordan Pike" })).toHaveAttribute("href", `/app/clients/${JORDAN_ID}`);
    expect(counts(jordan)[2]).toEqual(["Worse by a reliable change", "PHQ-9"]);

    // Those with nothing flagged come after, folded away, still linked.
    const user = userEvent.setup();
    await user.click(within(section).getByText("1 client with nothing flagged"));
    expect(within(section).getByRole("link", { name: "Casey Lee" })).toHaveAttribute("href", `/app/clients/${CASEY_ID}`);
    expect(names(items)).not.toContain("Casey Lee");

    // What was on the overview stays.
    expect(screen.getByRole("region", { name: "Your account" })).toHaveTextContent("Harbour Counselling");
  });

  it("never re-sorts: another order from the API is shown as given", async () => {
    const order = [CASELOAD[2], CASELOAD[0], CASELOAD[1]];
    mockFetch(base(order));
    renderApp("/app");
    const { items } = await attentionList();
    expect(names(items)).toEqual(["Jordan Pike", "Samira Haddad", "Alex Moreau"]);
    expect(items.map((li) => li.querySelector("a")?.getAttribute("href"))).toEqual([
      `/app/clients/${JORDAN_ID}`,
      `/app/clients/${SAM_ID}`,
      `/app/clients/${ALEX_ID}`,
    ]);
  });

  it("has an empty state for no clients and a calm one for nobody flagged", async () => {
    mockFetch(base([]));
    const view = renderApp("/app");
    const section = await screen.findByRole("region", { name: "Who needs attention" });
    expect(await within(section).findByText(/No clients on your caseload yet\./)).toBeInTheDocument();
    expect(within(section).getByRole("link", { name: "Add a client" })).toHaveAttribute("href", "/app/clients/new");
    view.unmount();

    mockFetch(base([CASELOAD[3]]));
    renderApp("/app");
    expect(await screen.findByText(/Nobody needs attention right now/)).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: /Clients who need attention/ })).not.toBeInTheDocument();
    expect(screen.getByText("1 client with nothing flagged")).toBeInTheDocument();
  });

  it("reports a failed load with a retry, and a server without a caseload calmly", async () => {
    mockFetch({ ...base(), "GET /api/caseload": [() => apiError(503, "unavailable", "Try again soon."), () => json(200, { clients: CASELOAD })] });
    const view = renderApp("/app");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Try again soon.");
    await userEvent.setup().click(within(alert).getByRole("button", { name: "Try again" }));
    const { items } = await attentionList();
    expect(items).toHaveLength(3);
    view.unmount();

    mockFetch({ "GET /api/auth/me": () => json(200, ME) });
    renderApp("/app");
    expect(await screen.findByText("The caseload is not available yet.")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
