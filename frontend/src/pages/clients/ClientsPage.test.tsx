import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ALEX, BEN_ID, members, meAs, SAM } from "../../test/fixtures";
import { json, ME, mockFetch, renderApp } from "../../test/helpers";

const query = (r: Request) => Object.fromEntries(new URL(r.url).searchParams);
const FIRST = { offset: "0", limit: "100" };
/** A page of the client list as the API answers it; total counts the whole list. */
const listed = (clients: unknown[], total = clients.length, offset = 0) => () =>
  json(200, { clients, total, offset, limit: 100 });

describe("client list", () => {
  it("lists clients with preferred name, pronouns, contact details and status, each linking to its page", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/team/members": members,
      "GET /api/clients": listed([ALEX, SAM]),
    });
    renderApp("/app/clients");

    const table = await screen.findByRole("table", { name: "2 active clients" });
    const [, alex, sam] = within(table).getAllByRole("row");
    expect(within(sam).getByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM.id}`);
    expect(sam).toHaveTextContent("Goes by Sam · she/her");
    expect(within(sam).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Email", "Mobile"]);
    expect(sam).toHaveTextContent("Active");
    expect(alex).toHaveTextContent("No email or mobile yet");
    expect(alex).not.toHaveTextContent("Goes by");
    expect(screen.getByRole("link", { name: "Add client" })).toHaveAttribute("href", "/app/clients/new");
  });

  it("sends the search on submit, and the status and clinician filters, as query parameters", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/team/members": members,
      "GET /api/clients": listed([SAM]),
    });
    renderApp("/app/clients");
    const user = userEvent.setup();
    await screen.findByRole("table");
    expect(query(net.to("GET /api/clients")[0])).toEqual({ status: "active", ...FIRST });

    await user.type(screen.getByRole("searchbox", { name: "Search by name" }), "  sam ");
    expect(net.to("GET /api/clients")).toHaveLength(1); // nothing sent while typing
    await user.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(net.to("GET /api/clients")).toHaveLength(2));
    expect(query(net.to("GET /api/clients")[1])).toEqual({ status: "active", q: "sam", ...FIRST });

    await user.selectOptions(await screen.findByLabelText("Clinician"), "Ben Okafor");
    await waitFor(() => expect(net.to("GET /api/clients")).toHaveLength(3));
    expect(query(net.to("GET /api/clients")[2])).toEqual({ status: "active", q: "sam", clinician_id: BEN_ID, ...FIRST });

    await user.selectOptions(screen.getByLabelText("Status"), "Archived");
    await waitFor(() => expect(net.to("GET /api/clients")).toHaveLength(4));
    expect(query(net.to("GET /api/clients")[3])).toEqual({ status: "archived", q: "sam", clinician_id: BEN_ID, ...FIRST });
  });

  it("reads the filters from the address, so a filtered list can be bookmarked", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/team/members": members,
      "GET /api/clients": listed([]),
    });
    renderApp(`/app/clients?q=alex&status=archived&clinician_id=${BEN_ID}`);

    expect(await screen.findByText("No archived clients match this search.")).toBeInTheDocument();
    expect(query(net.to("GET /api/clients")[0])).toEqual({ status: "archived", q: "alex", clinician_id: BEN_ID, ...FIRST });
    expect(screen.getByRole("searchbox", { name: "Search by name" })).toHaveValue("alex");
    expect(screen.getByLabelText("Status")).toHaveValue("archived");

    await userEvent.setup().click(screen.getByRole("button", { name: "clear the search and filters" }));
    await waitFor(() => expect(query(net.requests.at(-1)!)).toEqual({ status: "active", ...FIRST }));
    expect(screen.getByRole("searchbox", { name: "Search by name" })).toHaveValue("");
  });

  it("says what to do next when there are no clients yet", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/team/members": members,
      "GET /api/clients": listed([]),
    });
    const view = renderApp("/app/clients");
    expect(await screen.findByText(/No clients yet\. Add your first client/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add a client" })).toHaveAttribute("href", "/app/clients/new");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    view.unmount();

    mockFetch({
      "GET /api/auth/me": meAs("clinician"),
      "GET /api/team/members": members,
      "GET /api/clients": listed([]),
    });
    renderApp("/app/clients");
    expect(await screen.findByText(/No clients are assigned to you yet/)).toBeInTheDocument();
  });

  it("announces a failed load and tries again", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/team/members": members,
      "GET /api/clients": [() => json(500, {}), listed([SAM])],
    });
    renderApp("/app/clients");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side");
    await userEvent.setup().click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "Samira Haddad" })).toBeInTheDocument();
    expect(net.to("GET /api/clients")).toHaveLength(2);
  });

  it("pages a long list: the count is the whole list's, and the page is in the address", async () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ...SAM, id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Client ${i}` }));
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/team/members": members,
      "GET /api/clients": [listed(many, 20_000), listed(many, 20_000, 100), listed(many, 20_000)],
    });
    renderApp("/app/clients");
    const user = userEvent.setup();
    expect(await screen.findByRole("table", { name: "1–100 of 20,000 active clients" })).toBeInTheDocument();
    const pages = screen.getByRole("navigation", { name: "Pages of clients" });
    expect(within(pages).getByRole("button", { name: "Previous 100" })).toBeDisabled();

    await user.click(within(pages).getByRole("button", { name: "Next 100" }));
    expect(await screen.findByRole("table", { name: "101–200 of 20,000 active clients" })).toBeInTheDocument();
    expect(query(net.to("GET /api/clients")[1])).toEqual({ status: "active", offset: "100", limit: "100" });

    // A new filter starts again from the first page.
    await user.selectOptions(screen.getByLabelText("Status"), "Archived");
    await waitFor(() => expect(net.to("GET /api/clients")).toHaveLength(3));
    expect(query(net.to("GET /api/clients")[2])).toEqual({ status: "archived", ...FIRST });
  });
});
