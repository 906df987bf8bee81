import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ANA_ID, BEN_ID, CLEO_ID, members, meAs, SAM } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe("new client form", () => {
  it("labels every field, hints at the country code and preselects the browser's time zone", async () => {
    mockFetch({ "GET /api/auth/me": () => json(200, ME), "GET /api/team/members": members });
    renderApp("/app/clients/new");

    expect(await screen.findByRole("heading", { level: 1, name: "Add a client" })).toBeInTheDocument();
    for (const label of ["Name", "Preferred name", "Pronouns", "Email", "Mobile", "Time zone", "Consents to email", "Consents to text messages"]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    expect(screen.getByLabelText("Mobile")).toHaveAccessibleDescription("Include the country code, e.g. +44 7700 900123.");
    const zone = screen.getByLabelText("Time zone");
    expect(zone).toHaveValue(browserZone);
    // Each zone shows its city and its offset now (NOW is in November: London on GMT).
    expect(within(zone).getByRole("option", { name: "London (UTC+00:00)" })).toHaveValue("Europe/London");
    expect(within(zone).getByRole("option", { name: "New York (UTC-05:00)" })).toHaveValue("America/New_York");

    // Active members only; nobody preselected for an owner.
    const clinicians = await screen.findByRole("group", { name: "Assigned clinicians" });
    expect(within(clinicians).getAllByRole("checkbox").map((c) => c.getAttribute("value"))).toEqual([ANA_ID, BEN_ID]);
    expect(within(clinicians).getByRole("checkbox", { name: /Ben Okafor/ })).not.toBeChecked();
  });

  it("posts the ClientRequest JSON with the CSRF token, then opens the new client's page", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": members,
      "POST /api/clients": () => json(201, SAM),
      [`GET /api/clients/${SAM.id}`]: () => json(200, SAM),
    });
    renderApp("/app/clients/new");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Name"), " Samira Haddad ");
    await user.type(screen.getByLabelText("Preferred name"), "Sam");
    await user.type(screen.getByLabelText("Pronouns"), "she/her");
    await user.type(screen.getByLabelText("Email"), "sam@example.com");
    await user.type(screen.getByLabelText("Mobile"), "+44 7700 900123");
    await user.selectOptions(screen.getByLabelText("Time zone"), "Europe/London");
    await user.click(screen.getByLabelText("Consents to email"));
    await user.click(await screen.findByRole("checkbox", { name: /Ben Okafor/ }));
    await user.click(screen.getByRole("button", { name: "Add client" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Samira Haddad" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Samira Haddad was added.");
    // Shown at once from the answer, and fetched again so the view is in the audit trail.
    await waitFor(() => expect(net.to(`GET /api/clients/${SAM.id}`)).toHaveLength(1));
    const [post] = net.to("POST /api/clients");
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(await post.json()).toEqual({
      name: "Samira Haddad",
      preferred_name: "Sam",
      pronouns: "she/her",
      email: "sam@example.com",
      mobile: "+44 7700 900123",
      time_zone: "Europe/London",
      consent_email: true,
      consent_sms: false,
      // The owner who adds a client is assigned by default, as a clinician is.
      clinician_ids: [ANA_ID, BEN_ID],
    });
  });

  it("shows the API's 422 field errors next to the right fields and in the summary", async () => {
    mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": members,
      "POST /api/clients": () =>
        apiError(422, "validation_failed", "Please correct the highlighted fields.", {
          mobile: "must be a mobile number with its country code, like +44 7700 900123",
          consent_sms: "needs a mobile number to consent to",
          clinician_ids: "includes someone who is not an active member of this practice",
        }),
    });
    renderApp("/app/clients/new");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Name"), "Samira Haddad");
    await user.type(screen.getByLabelText("Mobile"), "07700 900123");
    await user.click(screen.getByRole("button", { name: "Add client" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Please correct the highlighted fields.");
    expect(within(alert).getAllByRole("link").map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Mobile: must be a mobile number with its country code, like +44 7700 900123", "#mobile"],
      ["Consents to text messages: needs a mobile number to consent to", "#consent_sms"],
      ["Assigned clinicians: includes someone who is not an active member of this practice", "#clinician_ids"],
    ]);
    const mobile = screen.getByLabelText("Mobile");
    expect(mobile).toHaveAttribute("aria-invalid", "true");
    expect(mobile).toHaveAccessibleDescription(/must be a mobile number with its country code/);
    const sms = screen.getByLabelText("Consents to text messages");
    expect(sms).toHaveAttribute("aria-invalid", "true");
    expect(sms).toHaveAccessibleDescription(/needs a mobile number to consent to/);
    expect(screen.getByRole("group", { name: "Assigned clinicians" })).toHaveAccessibleDescription(
      /includes someone who is not an active member/,
    );
    for (const label of ["Name", "Email", "Consents to email"]) {
      expect(screen.getByLabelText(label)).not.toHaveAttribute("aria-invalid");
    }
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Add a client");
  });

  it("assigns a clinician who adds a client to them from the start", async () => {
    mockFetch({ "GET /api/auth/me": meAs("clinician"), "GET /api/team/members": members });
    renderApp("/app/clients/new");
    expect(await screen.findByRole("checkbox", { name: /Ana Lindqvist/ })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: /Ben Okafor/ })).not.toBeChecked();
  });
});

describe("edit client form", () => {
  it("is prefilled from the record and PATCHes the whole ClientRequest, leaving out deactivated clinicians", async () => {
    const withCleo = { ...SAM, clinicians: [...SAM.clinicians!, { user_id: CLEO_ID, name: "Cleo Marsh" }] };
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/team/members": members,
      [`GET /api/clients/${SAM.id}`]: () => json(200, withCleo),
      [`PATCH /api/clients/${SAM.id}`]: () => json(200, { ...SAM, pronouns: "they/them" }),
    });
    renderApp(`/app/clients/${SAM.id}/edit`);
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "Edit Samira Haddad" })).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("Samira Haddad");
    expect(screen.getByLabelText("Mobile")).toHaveValue("+447700900123");
    expect(screen.getByLabelText("Time zone")).toHaveValue("Europe/London");
    expect(screen.getByLabelText("Consents to email")).toBeChecked();
    expect(await screen.findByRole("checkbox", { name: /Ben Okafor/ })).toBeChecked();
    expect(screen.getByText(/removed when you save: Cleo Marsh/)).toBeInTheDocument();

    await user.clear(screen.getByLabelText("Pronouns"));
    await user.type(screen.getByLabelText("Pronouns"), "they/them");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Your changes are saved.");
    expect(await net.to(`PATCH /api/clients/${SAM.id}`)[0].json()).toEqual({
      name: "Samira Haddad",
      preferred_name: "Sam",
      pronouns: "they/them",
      email: "sam@example.com",
      mobile: "+447700900123",
      time_zone: "Europe/London",
      consent_email: true,
      consent_sms: false,
      clinician_ids: [BEN_ID],
    });
  });

  it("warns a clinician who removes themselves that they will lose sight of the client", async () => {
    const mine = { ...SAM, clinicians: [{ user_id: ANA_ID, name: "Ana Lindqvist" }] };
    mockFetch({
      "GET /api/auth/me": meAs("clinician"),
      "GET /api/team/members": members,
      [`GET /api/clients/${SAM.id}`]: () => json(200, mine),
    });
    renderApp(`/app/clients/${SAM.id}/edit`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("checkbox", { name: /Ana Lindqvist/ }));
    expect(screen.getByText(/you will no longer see this client/)).toBeInTheDocument();
  });
});
