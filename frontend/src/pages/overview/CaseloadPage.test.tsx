import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CaseloadEntry } from "../../api/progress";
import { ALEX_ID, CASELOAD, caseloadClients, caseloadPage, CASEY_ID, JORDAN_ID, SAM_ID } from "../../test/fixtures";
import { apiError, json, ME, mockFetch, renderApp, type Handler } from "../../test/helpers";

function base(clients: CaseloadEntry[] = CASELOAD) {
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/caseload": () => json(200, caseloadPage(clients)),
  };
}

/** The offset and limit a caseload request asked for. */
function pageOf(request: Request) {
  const q = new URL(request.url).searchParams;
  return { offset: q.get("offset"), limit: q.get("limit") };
}

/**
 * A caseload of 120 clients, 70 flagged, in three pages of 50: 50 flagged; 20 flagged then 30
 * not; 20 not. Each page is answered by offset; `second` can stand in for the second page.
 */
const BIG = [...caseloadClients(0, 70, true), ...caseloadClients(70, 50, false)];
function bigCaseload(second?: Handler): Handler {
  return (request) => {
    const offset = Number(pageOf(request).offset);
    if (offset === 50 && second) return second(request);
    return json(200, caseloadPage(BIG.slice(offset, offset + 50), { total: 120, flagged: 70, offset, limit: 50 }));
  };
}

async function attentionList() {
  const section = await screen.findByRole("region", { name: "Who needs attention" });
  const list = await within(section).findByRole("list", { name: "Clients who need attention, most urgent first" });
  return { section, list, items: within(list).getAllByRole("listitem").filter((li) => li.parentElement === list) };
}

const names = (items: HTMLElement[]) => items.map((li) => li.querySelector(".row-link")?.textContent);

// Cheaper than role queries over a long caseload: the names in the attention list and in the fold.
const flaggedNames = (section: HTMLElement) =>
  Array.from(section.querySelectorAll("ol.caseload-list > li .row-link"), (a) => a.textContent);
const foldNames = (fold: Element) => Array.from(fold.querySelectorAll("li a"), (a) => a.textContent);
/** The section once the big caseload's first page is in (found by its summary, not by role: it is long). */
async function bigSection() {
  const summary = await screen.findByText("70 of 120 clients need attention.");
  const section = summary.closest("section")!;
  expect(section).toHaveAccessibleName("Who needs attention");
  return section;
}
/** The "Show more clients" area: the button, its status and any error. */
const moreOf = (section: HTMLElement) => section.querySelector<HTMLElement>(".caseload-more")!;

describe("caseload overview", () => {
  it("lists who needs attention in the API's order, with the reasons in words and the counts", async () => {
    const fetchMock = mockFetch(base());
    renderApp("/app");

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
    const { section, list, items } = await attentionList();
    expect(list.tagName).toBe("OL");
    expect(within(section).getByText("3 of 4 clients need attention.")).toBeInTheDocument();
    // One page of 50 from the start, and no more: everything fitted on it.
    expect(fetchMock.to("GET /api/caseload").map(pageOf)).toEqual([{ offset: "0", limit: "50" }]);
    expect(within(section).queryByRole("button", { name: /more clients/ })).not.toBeInTheDocument();
    expect(within(section).queryByRole("status")).not.toBeInTheDocument();
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
    expect(screen.queryByText(/need attention\.$/)).not.toBeInTheDocument();
    expect(screen.getByText("1 client with nothing flagged")).toBeInTheDocument();
  });

  it("reports a failed load with a retry, and a server without a caseload calmly", async () => {
    mockFetch({ ...base(), "GET /api/caseload": [() => apiError(503, "unavailable", "Try again soon."), () => json(200, caseloadPage())] });
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

  it("counts the whole caseload from the server, not the page: the summary and the fold", async () => {
    // The first 50 of 340: 12 flagged, then 38 of the 328 with nothing flagged.
    const first = [...caseloadClients(0, 12, true), ...caseloadClients(12, 38, false)];
    mockFetch({ ...base(), "GET /api/caseload": () => json(200, caseloadPage(first, { total: 340, flagged: 12 })) });
    renderApp("/app");
    const { section, items } = await attentionList();
    expect(items).toHaveLength(12);
    expect(within(section).getByText("12 of 340 clients need attention.")).toBeInTheDocument();
    expect(within(section).getByText("328 clients with nothing flagged")).toBeInTheDocument();
    const fold = section.querySelector("details")!;
    expect(within(fold).getAllByRole("link")).toHaveLength(38);
    expect(fold).toHaveTextContent("Showing 38 of 328.");
    expect(within(section).getByRole("status")).toHaveTextContent("Showing 50 of 340 clients.");
    expect(within(section).getByRole("button", { name: "Show more clients" })).toBeEnabled();
  });

  it("shows more a page at a time, appended in the API's order, until everything is loaded", async () => {
    let releaseSecond = () => {};
    const second: Handler = async (request) => {
      await new Promise<void>((resolve) => (releaseSecond = resolve));
      return bigCaseload()(request);
    };
    const fetchMock = mockFetch({ ...base(), "GET /api/caseload": bigCaseload(second) });
    renderApp("/app");
    const user = userEvent.setup();

    const section = await bigSection();
    expect(flaggedNames(section)).toEqual(BIG.slice(0, 50).map((e) => e.name));
    expect(within(section).getByText("50 clients with nothing flagged")).toBeInTheDocument();
    const paging = moreOf(section);
    const fold = section.querySelector("details")!;

    // While the next page loads the button says so and stays put (focus stays on it).
    const button = within(paging).getByRole("button", { name: "Show more clients" });
    await user.click(button);
    expect(await within(paging).findByRole("button", { name: "Loading more clients…" })).toHaveAttribute("aria-disabled", "true");
    expect(button).toHaveFocus();
    await user.click(button); // a second click while loading asks for nothing more
    releaseSecond();

    // The next page is appended after the first, in the API's order; focus moves to the first new client.
    await waitFor(() => expect(flaggedNames(section)).toHaveLength(70));
    expect(flaggedNames(section)).toEqual(BIG.slice(0, 70).map((e) => e.name));
    await waitFor(() => expect(document.activeElement).toHaveAccessibleName("Client 050"));
    expect(document.activeElement).toHaveAttribute("href", `/app/clients/${BIG[50].client_id}`);
    expect(fetchMock.to("GET /api/caseload").map(pageOf)).toEqual([
      { offset: "0", limit: "50" },
      { offset: "50", limit: "50" },
    ]);
    expect(foldNames(fold)).toEqual(BIG.slice(70, 100).map((e) => e.name));
    expect(within(paging).getByRole("status")).toHaveTextContent("Showing 100 of 120 clients.");

    // The last page: its clients, none flagged, go in the fold, opened, focus on the first of them.
    await user.click(within(paging).getByRole("button", { name: "Show more clients" }));
    await waitFor(() => expect(foldNames(fold)).toHaveLength(50));
    expect(foldNames(fold)).toEqual(BIG.slice(70).map((e) => e.name));
    expect(flaggedNames(section)).toHaveLength(70);
    expect(fold).toHaveAttribute("open");
    await waitFor(() => expect(document.activeElement).toHaveAccessibleName("Client 100"));
    expect(fold).toContainElement(document.activeElement as HTMLElement);
    expect(fetchMock.to("GET /api/caseload").map(pageOf).at(-1)).toEqual({ offset: "100", limit: "50" });

    // Everything is loaded: no button, and the status says so.
    expect(within(paging).queryByRole("button")).not.toBeInTheDocument();
    expect(within(paging).getByRole("status")).toHaveTextContent("Showing all 120 clients.");
    expect(fold).not.toHaveTextContent(/Showing \d+ of/);
    expect(fetchMock.to("GET /api/caseload")).toHaveLength(3);
  });

  it("keeps the first page when the next one fails, says so, and tries again from the same button", async () => {
    let failures = 1;
    const second: Handler = (request) =>
      failures-- > 0 ? apiError(503, "unavailable", "Try again soon.") : bigCaseload()(request);
    const fetchMock = mockFetch({ ...base(), "GET /api/caseload": bigCaseload(second) });
    renderApp("/app");
    const user = userEvent.setup();

    const section = await bigSection();
    const paging = moreOf(section);
    await user.click(within(paging).getByRole("button", { name: "Show more clients" }));
    const alert = await within(paging).findByRole("alert");
    expect(alert).toHaveTextContent("More clients could not be loaded. Try again soon.");

    // What was shown stays, in order, with the counts; the same button tries again, still focused.
    expect(flaggedNames(section)).toEqual(BIG.slice(0, 50).map((e) => e.name));
    expect(section).toHaveTextContent("70 of 120 clients need attention.");
    expect(within(paging).getByRole("status")).toHaveTextContent("Showing 50 of 120 clients.");
    const button = within(paging).getByRole("button", { name: "Show more clients" });
    expect(button).toHaveFocus();

    await user.click(button);
    await waitFor(() => expect(flaggedNames(section)).toHaveLength(70));
    expect(flaggedNames(section)).toEqual(BIG.slice(0, 70).map((e) => e.name));
    expect(within(paging).queryByRole("alert")).not.toBeInTheDocument();
    expect(fetchMock.to("GET /api/caseload").map(pageOf)).toEqual([
      { offset: "0", limit: "50" },
      { offset: "50", limit: "50" },
      { offset: "50", limit: "50" },
    ]);
  });
});
