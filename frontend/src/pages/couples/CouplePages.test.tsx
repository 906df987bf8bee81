import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Client } from "../../api/clients";
import { ALEX, ALEX_ID, ANA_ID, BEN_ID, COUPLE, COUPLE_ID, members, SAM, SAM_ID } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

/** GET /api/clients as the API answers it: active clients whose name or preferred name holds q. */
const clientList = (clients: Client[]) => (r: Request) => {
  const q = (new URL(r.url).searchParams.get("q") ?? "").toLowerCase();
  return json(200, { clients: clients.filter((c) => `${c.name} ${c.preferred_name}`.toLowerCase().includes(q)) });
};

const base = {
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  "GET /api/team/members": members,
  "GET /api/clients": clientList([ALEX, SAM]),
  // The practice's zone, which a new partner's time zone starts from.
  "GET /api/practice": () => json(200, { name: "Harbour Counselling", time_zone: "Europe/Paris" }),
};

/** The fields of partner n's new client. */
const newPartner = (n: number) => screen.getByRole("group", { name: `New client: partner ${n}` });

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
      // The owner who adds the couple is assigned by default, as a clinician is.
      clinician_ids: [ANA_ID, BEN_ID],
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

  it("adds both partners as new clients in the one form, with the practice's time zone unless another is chosen", async () => {
    const net = mockFetch({
      ...base,
      "GET /api/clients": clientList([]),
      "POST /api/couples": [
        () =>
          apiError(422, "validation_failed", "Some fields need attention.", {
            "partners.1.new_client.email": "must be an email address like name@example.com",
          }),
        () => json(201, COUPLE),
      ],
      [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE),
    });
    renderApp("/app/couples/new");
    const user = userEvent.setup();

    // With no clients yet, both partners start as someone new.
    expect(await screen.findByRole("group", { name: "New client: partner 1" })).toBeInTheDocument();
    expect(screen.getAllByRole("radio", { name: /Someone new/, checked: true })).toHaveLength(2);
    expect(screen.getByRole("group", { name: "Who is partner 2?" })).toHaveTextContent("You have no active clients yet");
    await user.type(screen.getByLabelText("Couple name"), "Rae and Lou");
    await user.type(within(newPartner(1)).getByLabelText("Name"), "Rae Hurt");
    await user.type(within(newPartner(1)).getByLabelText("Preferred name"), "Rae");
    await user.type(within(newPartner(1)).getByLabelText("Email"), "rae@example.com");
    await user.click(within(newPartner(1)).getByLabelText("Consents to email"));
    await user.selectOptions(screen.getByLabelText("Role of partner 1"), "The partner who was hurt");
    await waitFor(() => expect(within(newPartner(2)).getByLabelText("Time zone")).toHaveValue("Europe/Paris"));
    await user.type(within(newPartner(2)).getByLabelText("Name"), "Lou Harm");
    await user.type(within(newPartner(2)).getByLabelText("Email"), "lou@");
    await user.selectOptions(within(newPartner(2)).getByLabelText("Time zone"), "America/New_York");
    await user.click(screen.getByRole("button", { name: "Add couple" }));

    // The API's error names partner 2's email: it is shown there, and linked from the summary.
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("link", { name: "Partner 2: email: must be an email address like name@example.com" })).toHaveAttribute(
      "href",
      "#partners.1.new_client.email",
    );
    const email2 = within(newPartner(2)).getByLabelText("Email");
    expect(email2).toHaveAttribute("id", "partners.1.new_client.email");
    expect(email2).toHaveAttribute("aria-invalid", "true");
    expect(email2).toHaveAccessibleDescription("must be an email address like name@example.com");
    expect(within(newPartner(1)).getByLabelText("Email")).not.toHaveAttribute("aria-invalid");

    await user.clear(email2);
    await user.click(screen.getByRole("button", { name: "Add couple" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Sam and Alex" })).toBeInTheDocument();
    expect(await net.to("POST /api/couples")[1].json()).toEqual({
      name: "Rae and Lou",
      partners: [
        {
          new_client: {
            name: "Rae Hurt",
            preferred_name: "Rae",
            email: "rae@example.com",
            mobile: "",
            time_zone: "Europe/Paris",
            consent_email: true,
            consent_sms: false,
          },
          trust_role: "hurt",
        },
        {
          new_client: {
            name: "Lou Harm",
            preferred_name: "",
            email: "",
            mobile: "",
            time_zone: "America/New_York",
            consent_email: false,
            consent_sms: false,
          },
          trust_role: "unspecified",
        },
      ],
      clinician_ids: [ANA_ID],
    });
    // Opened from the couples list: the new couple's page leads back there.
    expect(screen.getByText("Sam and Alex was added.")).toHaveAttribute("role", "status");
    expect(screen.getByRole("link", { name: "Back to couples" })).toHaveAttribute("href", "/app/couples");
  });

  it("opened from a client's page, has that client as partner 1 and goes back there, on Cancel or after saving", async () => {
    const net = mockFetch({
      ...base,
      [`GET /api/clients/${SAM_ID}`]: () => json(200, SAM),
      "POST /api/couples": () => json(201, COUPLE),
      [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE),
    });
    renderApp(`/app/couples/new?client=${SAM_ID}&from=${encodeURIComponent(`/app/clients/${SAM_ID}/progress`)}`);
    const user = userEvent.setup();

    expect(await screen.findByLabelText("Partner 1")).toHaveValue(SAM_ID);
    expect(screen.getByRole("link", { name: "Cancel" })).toHaveAttribute("href", `/app/clients/${SAM_ID}/progress`);
    await user.type(screen.getByLabelText("Couple name"), "Sam and Alex");
    await user.click(within(screen.getByRole("group", { name: "Who is partner 2?" })).getByLabelText(/Someone new/));
    await user.type(within(newPartner(2)).getByLabelText("Name"), "Alex Moreau");
    await user.click(screen.getByRole("button", { name: "Add couple" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Sam and Alex" })).toBeInTheDocument();
    const body = await net.to("POST /api/couples")[0].json();
    expect(body.partners[0]).toEqual({ client_id: SAM_ID, trust_role: "unspecified" });
    expect(body.partners[1].new_client.name).toBe("Alex Moreau");
    expect(screen.getByRole("link", { name: "Back to Samira Haddad" })).toHaveAttribute("href", `/app/clients/${SAM_ID}/progress`);
  });

  it("finds existing clients by name as you type, and keeps the one chosen", async () => {
    const net = mockFetch(base);
    renderApp("/app/couples/new");
    const user = userEvent.setup();

    const partner2 = await screen.findByLabelText("Partner 2");
    const choices = () => within(partner2).getAllByRole("option").map((o) => o.textContent);
    expect(choices()).toEqual(["Choose a client", "Alex Moreau", "Samira Haddad (Sam)"]);
    await user.selectOptions(partner2, "Samira Haddad (Sam)");

    await user.type(screen.getByLabelText("Search for partner 2"), "ale");
    expect(await screen.findByText("1 client matches “ale”.")).toBeInTheDocument();
    // Samira stays a choice while she is the one chosen, though the search no longer finds her.
    expect(choices()).toEqual(["Choose a client", "Samira Haddad (Sam)", "Alex Moreau"]);
    expect(partner2).toHaveValue(SAM_ID);
    const searched = net.to("GET /api/clients").map((r) => Object.fromEntries(new URL(r.url).searchParams));
    expect(searched).toContainEqual({ status: "active", q: "ale", offset: "0", limit: "500" });

    await user.clear(screen.getByLabelText("Search for partner 2"));
    await user.type(screen.getByLabelText("Search for partner 2"), "zz");
    expect(await screen.findByText("No active client matches “zz”.")).toBeInTheDocument();
  });

  it("goes back only to pages of the app: a from that leads elsewhere falls back to the couples list", async () => {
    for (const [from, cancel] of [
      ["/app", "/app"],
      ["https://evil.example/app", "/app/couples"],
      ["//evil.example/app", "/app/couples"],
      ["/app//evil.example", "/app/couples"],
      ["/application", "/app/couples"],
    ]) {
      mockFetch(base);
      const view = renderApp(`/app/couples/new?from=${encodeURIComponent(from)}`);
      expect(await screen.findByRole("link", { name: "Cancel" })).toHaveAttribute("href", cancel);
      view.unmount();
    }
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

    // Each partner's report and record are downloads in the header: plain same-origin links.
    const downloads = screen.getByRole("list", { name: "Reports and records" });
    expect(
      within(downloads)
        .getAllByRole("link")
        .map((a) => [a.textContent, a.getAttribute("href"), a.hasAttribute("download")]),
    ).toEqual([
      ["Report for Alex Moreau (PDF)", `/api/clients/${ALEX_ID}/report`, true],
      ["Record for Alex Moreau (CSV)", `/api/clients/${ALEX_ID}/export`, true],
      ["Report for Samira Haddad (PDF)", `/api/clients/${SAM_ID}/report`, true],
      ["Record for Samira Haddad (CSV)", `/api/clients/${SAM_ID}/export`, true],
    ]);
    // Opened directly, not from the couple form: no way back to offer.
    expect(screen.queryByRole("link", { name: /^Back to/ })).not.toBeInTheDocument();
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
