import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ALEX, ALEX_ID, ANA_ID, BEN_ID, COUPLE, COUPLE_ID, members, SAM, SAM_ID } from "../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../test/helpers";

const base = {
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  "GET /api/team/members": members,
  "GET /api/clients": () => json(200, { clients: [ALEX, SAM] }),
};

async function choosePartners(first: string, second: string) {
  const user = userEvent.setup();
  await user.selectOptions(await screen.findByLabelText("Partner 1"), first);
  await user.selectOptions(screen.getByLabelText("Partner 2"), second);
  return user;
}

describe("new couple form", () => {
  it("posts the name, both partners with their trust roles and the clinicians, then opens the couple", async () => {
    const net = mockFetch({
      ...base,
      "POST /api/couples": () => json(201, COUPLE),
      [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE),
    });
    renderApp("/app/couples/new");

    const user = await choosePartners("Samira Haddad (Sam)", "Alex Moreau");
    await user.type(screen.getByLabelText("Couple name"), "Sam and Alex");
    await user.selectOptions(screen.getByLabelText("Role of partner 1"), "The partner who was hurt");
    await user.selectOptions(screen.getByLabelText("Role of partner 2"), "The partner who caused the harm");
    await user.click(await screen.findByRole("checkbox", { name: /Ben Okafor/ }));
    await user.click(screen.getByRole("button", { name: "Add couple" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Sam and Alex" })).toBeInTheDocument();
    expect(await net.to("POST /api/couples")[0].json()).toEqual({
      name: "Sam and Alex",
      partners: [
        { client_id: SAM_ID, trust_role: "hurt" },
        { client_id: ALEX_ID, trust_role: "caused_harm" },
      ],
      clinician_ids: [BEN_ID],
    });
    expect(net.to("GET /api/clients")[0].url).toContain("status=active");
    // Opening the couple page fetches it, which records the couple.read rows.
    await waitFor(() => expect(net.to(`GET /api/couples/${COUPLE_ID}`)).toHaveLength(1));
  });

  it("refuses the same client as both partners without calling the API", async () => {
    const net = mockFetch({ ...base, "POST /api/couples": () => json(201, COUPLE) });
    renderApp("/app/couples/new");

    const user = await choosePartners("Alex Moreau", "Alex Moreau");
    await user.type(screen.getByLabelText("Couple name"), "Alex and Alex");
    await user.click(screen.getByRole("button", { name: "Add couple" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Partners: Choose two different clients.");
    expect(screen.getByLabelText("Partner 1")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Partner 2")).toHaveAccessibleDescription("Choose two different clients.");
    expect(net.to("POST /api/couples")).toHaveLength(0);
  });

  it("shows the API's 422 on partners beside the partner fields", async () => {
    mockFetch({
      ...base,
      "POST /api/couples": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          partners: "includes an archived client",
        }),
    });
    renderApp("/app/couples/new");

    const user = await choosePartners("Samira Haddad (Sam)", "Alex Moreau");
    await user.type(screen.getByLabelText("Couple name"), "Sam and Alex");
    await user.click(screen.getByRole("button", { name: "Add couple" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    expect(within(alert).getByRole("link", { name: "Partners: includes an archived client" })).toHaveAttribute(
      "href",
      "#partners",
    );
    const partners = screen.getByRole("group", { name: "Partners" });
    expect(partners).toHaveAttribute("id", "partners");
    expect(partners).toHaveTextContent("includes an archived client");
    for (const label of ["Partner 1", "Partner 2"]) {
      expect(screen.getByLabelText(label)).toHaveAttribute("aria-invalid", "true");
      expect(screen.getByLabelText(label)).toHaveAccessibleDescription("includes an archived client");
    }
    expect(screen.getByLabelText("Couple name")).not.toHaveAttribute("aria-invalid");
  });

  it("says two active clients are needed when there are fewer", async () => {
    mockFetch({ ...base, "GET /api/clients": () => json(200, { clients: [SAM] }) });
    renderApp("/app/couples/new");
    expect(await screen.findByText(/A couple needs two active clients, and you have one so far/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add a client" })).toHaveAttribute("href", "/app/clients/new");
    expect(screen.queryByLabelText("Partner 1")).not.toBeInTheDocument();
  });
});

describe("couple pages", () => {
  it("lists couples with their partners and clinicians, and says what to do when there are none", async () => {
    mockFetch({ ...base, "GET /api/couples": () => json(200, { couples: [COUPLE] }) });
    const view = renderApp("/app/couples");
    const row = (await screen.findByRole("link", { name: "Sam and Alex" })).closest("tr")!;
    expect(within(row).getByRole("link", { name: "Sam and Alex" })).toHaveAttribute("href", `/app/couples/${COUPLE_ID}`);
    expect(row).toHaveTextContent("Alex Moreau");
    expect(row).toHaveTextContent("Samira Haddad");
    expect(row).toHaveTextContent("Ben Okafor");
    view.unmount();

    mockFetch({ ...base, "GET /api/couples": () => json(200, { couples: [] }) });
    renderApp("/app/couples");
    expect(await screen.findByText(/No couples yet/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add a couple" })).toHaveAttribute("href", "/app/couples/new");
  });

  it("shows both partners, each linking to their page with their trust role, and the clinicians", async () => {
    mockFetch({ ...base, [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE) });
    renderApp(`/app/couples/${COUPLE_ID}`);

    expect(await screen.findByRole("heading", { level: 1, name: "Sam and Alex" })).toBeInTheDocument();
    const partners = within(screen.getByRole("region", { name: "Partners" })).getAllByRole("listitem");
    expect(partners).toHaveLength(2);
    const [alex, sam] = partners;
    expect(within(alex).getByRole("link", { name: "Alex Moreau" })).toHaveAttribute("href", `/app/clients/${ALEX_ID}`);
    expect(alex).toHaveTextContent("The partner who caused the harm");
    expect(within(sam).getByRole("link", { name: "Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM_ID}`);
    expect(sam).toHaveTextContent("The partner who was hurt");
    expect(screen.getByRole("region", { name: "Clinicians" })).toHaveTextContent("Ben Okafor");
  });

  it("shows a calm not-found page when the couple does not exist or is not yours", async () => {
    mockFetch({
      ...base,
      [`GET /api/couples/${COUPLE_ID}`]: () => apiError(404, "not_found", "There is no such record, or it is not yours to see."),
    });
    renderApp(`/app/couples/${COUPLE_ID}`);
    expect(await screen.findByRole("heading", { level: 1, name: "This couple is not available" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to couples" })).toHaveAttribute("href", "/app/couples");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("preselects a clinician who adds a couple", async () => {
    mockFetch({ ...base, "GET /api/auth/me": () => json(200, { ...ME, role: "clinician" }) });
    renderApp("/app/couples/new");
    const self = await screen.findByRole("checkbox", { name: /Ana Lindqvist/ });
    expect(self).toBeChecked();
    expect(self).toHaveAttribute("value", ANA_ID);
  });
});
