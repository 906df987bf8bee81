import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { daysFromNow } from "../../test/clock";
import { ALEX_ASSIGNMENT, ALEX_ID, COUPLE, COUPLE_ID, SAM_ASSIGNMENT, SAM_ID, SCREEN_PROCEED } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const screensUrl = `/api/couples/${COUPLE_ID}/safety-screens`;

const PARTNERS = {
  partners: [
    { client_id: ALEX_ID, name: "Alex Moreau", trust_role: "caused_harm", assignments: [ALEX_ASSIGNMENT] },
    { client_id: SAM_ID, name: "Samira Haddad", trust_role: "hurt", assignments: [SAM_ASSIGNMENT] },
  ],
};

const base = {
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  [`GET /api/couples/${COUPLE_ID}`]: () => json(200, COUPLE),
  [`GET ${screensUrl}`]: () => json(200, { screens: [SCREEN_PROCEED] }),
  [`GET /api/couples/${COUPLE_ID}/assignments`]: () => json(200, PARTNERS),
};

describe("safety screen", () => {
  it("shows the newest screen: date, who, concerns, decision and note", async () => {
    const older = { ...SCREEN_PROCEED, id: "5c5c5c5c-0000-4000-8000-000000000000", decision: "hold", screened_at: daysFromNow(-54, "10:00") };
    mockFetch({ ...base, [`GET ${screensUrl}`]: () => json(200, { screens: [older, SCREEN_PROCEED] }) });
    renderApp(`/app/couples/${COUPLE_ID}`);

    const section = await screen.findByRole("region", { name: "Safety screen" });
    await within(section).findByText("Newest screen");
    const pairs = within(section)
      .getAllByRole("term")
      .map((dt) => dt.textContent);
    expect(pairs).toEqual(["Date", "Screened by", "Concerns", "Decision", "Note"]);
    expect(section).toHaveTextContent("Ben Okafor");
    expect(section).toHaveTextContent("Ongoing contact tied to the harm: Yes");
    expect(section).toHaveTextContent("Coercive control: No");
    expect(section).toHaveTextContent("Proceed with trust-repair homework");
    expect(section).toHaveTextContent("Contact with the colleague ended last week; reviewing monthly.");
    expect(within(section).getByText("1 earlier screen")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: "Record safety screen" })).not.toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Record a new safety screen" })).toBeInTheDocument();
  });

  it("warns and requires a note when a concern is marked and the decision is proceed", async () => {
    const recorded = { ...SCREEN_PROCEED, id: "5c5c5c5c-0000-4000-8000-000000000009", coercive_control: true, ongoing_contact: false, screened_at: daysFromNow(0, "10:00"), note: "Coercion is historic; individual support in place." };
    const net = mockFetch({
      ...base,
      [`GET ${screensUrl}`]: [() => json(200, { screens: [] }), () => json(200, { screens: [recorded] })],
      [`POST ${screensUrl}`]: () => json(201, { ...recorded, paused_assignments: [] }),
    });
    renderApp(`/app/couples/${COUPLE_ID}`);
    const user = userEvent.setup();

    const section = await screen.findByRole("region", { name: "Safety screen" });
    expect(await within(section).findByText(/^No safety screen yet — trust-repair exercises can't be assigned until one is recorded/)).toBeInTheDocument();
    // With no screen yet, the form is open.
    for (const q of [
      "Violence, threats, or either partner afraid of the other",
      "Coercive control",
      "Active addiction",
      "Ongoing contact tied to the harm",
    ]) {
      const group = within(section).getByRole("group", { name: q });
      await user.click(within(group).getByLabelText(q === "Coercive control" ? "Yes" : "No"));
    }
    expect(screen.queryByText(/Self-guided repair is not enough/)).not.toBeInTheDocument();
    await user.click(within(section).getByLabelText("Proceed with trust-repair homework"));
    expect(
      within(section).getByText(
        "Self-guided repair is not enough where there is abuse, violence, addiction or ongoing deception. Record why you are proceeding.",
      ),
    ).toBeInTheDocument();
    const note = within(section).getByLabelText("Note (required)");
    expect(note).toBeRequired();

    await user.click(within(section).getByRole("button", { name: "Record safety screen" }));
    const alert = within(section).getByRole("alert");
    expect(within(alert).getByRole("link", { name: "Note: Say why you are proceeding despite the concerns." })).toHaveAttribute("href", "#note");
    expect(note).toHaveAttribute("aria-invalid", "true");
    expect(net.to(`POST ${screensUrl}`)).toHaveLength(0);

    // Hold needs no note.
    await user.click(within(section).getByLabelText("Hold trust-repair homework"));
    expect(screen.queryByText(/Self-guided repair is not enough/)).not.toBeInTheDocument();
    expect(within(section).getByLabelText("Note (optional)")).not.toBeRequired();

    await user.click(within(section).getByLabelText("Proceed with trust-repair homework"));
    await user.type(within(section).getByLabelText("Note (required)"), "Coercion is historic; individual support in place.");
    await user.click(within(section).getByRole("button", { name: "Record safety screen" }));

    expect(await within(section).findByText("Safety screen recorded: proceed with trust-repair homework.")).toBeInTheDocument();
    expect(await net.to(`POST ${screensUrl}`)[0].json()).toEqual({
      violence_or_fear: false,
      coercive_control: true,
      active_addiction: false,
      ongoing_contact: false,
      decision: "proceed",
      note: "Coercion is historic; individual support in place.",
    });
    await within(section).findByText("Newest screen");
    expect(section).toHaveTextContent("Coercive control: Yes");
  });

  it("lists what a hold paused and shows the partners' assignments paused", async () => {
    const hold = { ...SCREEN_PROCEED, id: "5c5c5c5c-0000-4000-8000-00000000000a", coercive_control: true, decision: "hold", note: "", screened_at: daysFromNow(0, "10:00") };
    const pausedAlex = { ...ALEX_ASSIGNMENT, status: "paused" };
    const net = mockFetch({
      ...base,
      [`GET ${screensUrl}`]: [() => json(200, { screens: [SCREEN_PROCEED] }), () => json(200, { screens: [hold, SCREEN_PROCEED] })],
      [`GET /api/couples/${COUPLE_ID}/assignments`]: [
        () => json(200, PARTNERS),
        () => json(200, { partners: [{ ...PARTNERS.partners[0], assignments: [pausedAlex] }, PARTNERS.partners[1]] }),
      ],
      [`POST ${screensUrl}`]: () =>
        json(201, { ...hold, paused_assignments: [{ id: ALEX_ASSIGNMENT.id, client_id: ALEX_ID, client_name: "Alex Moreau", title: ALEX_ASSIGNMENT.title }] }),
    });
    renderApp(`/app/couples/${COUPLE_ID}`);
    const user = userEvent.setup();
    const section = await screen.findByRole("region", { name: "Safety screen" });
    await user.click(await within(section).findByRole("button", { name: "Record a new safety screen" }));
    for (const q of ["Violence, threats, or either partner afraid of the other", "Coercive control", "Active addiction", "Ongoing contact tied to the harm"]) {
      await user.click(within(within(section).getByRole("group", { name: q })).getByLabelText(q === "Coercive control" ? "Yes" : "No"));
    }
    await user.click(within(section).getByLabelText("Hold trust-repair homework"));
    await user.click(within(section).getByRole("button", { name: "Record safety screen" }));

    const status = within(section).getAllByRole("status")[0];
    await waitFor(() => expect(status).toHaveTextContent("Paused until a new screen says proceed (1 assignment):"));
    expect(status).toHaveTextContent(`${ALEX_ASSIGNMENT.title} — Alex Moreau`);
    // The couple's assignments are fetched again, so the pause shows where they are listed.
    await waitFor(() => expect(net.to(`GET /api/couples/${COUPLE_ID}/assignments`).length).toBeGreaterThanOrEqual(2));
  });

  it("asks for an answer to every question and a decision before sending, and shows the API's 422", async () => {
    const net = mockFetch({
      ...base,
      [`POST ${screensUrl}`]: () =>
        apiError(422, "validation_failed", "Please correct the highlighted answers.", { note: "must say why you are proceeding" }),
    });
    renderApp(`/app/couples/${COUPLE_ID}`);
    const user = userEvent.setup();
    const section = await screen.findByRole("region", { name: "Safety screen" });
    await user.click(await within(section).findByRole("button", { name: "Record a new safety screen" }));
    expect(within(section).getByRole("heading", { name: "Record a safety screen" })).toHaveFocus();
    await user.click(within(section).getByRole("button", { name: "Record safety screen" }));
    const alert = within(section).getByRole("alert");
    expect(within(alert).getAllByRole("link")).toHaveLength(5);
    expect(within(section).getByRole("group", { name: "Decision" })).toHaveAccessibleDescription("Choose whether to proceed or hold.");
    expect(net.to(`POST ${screensUrl}`)).toHaveLength(0);

    for (const q of ["Violence, threats, or either partner afraid of the other", "Coercive control", "Active addiction", "Ongoing contact tied to the harm"]) {
      await user.click(within(within(section).getByRole("group", { name: q })).getByLabelText("No"));
    }
    await user.click(within(section).getByLabelText("Proceed with trust-repair homework"));
    await user.click(within(section).getByRole("button", { name: "Record safety screen" }));
    await waitFor(() => expect(within(section).getByRole("alert")).toHaveTextContent("Note: must say why you are proceeding"));
    expect(await net.to(`POST ${screensUrl}`)[0].json()).toEqual({
      violence_or_fear: false,
      coercive_control: false,
      active_addiction: false,
      ongoing_contact: false,
      decision: "proceed",
    });

    await user.click(within(section).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(within(section).getByRole("button", { name: "Record a new safety screen" })).toHaveFocus());
  });
});

describe("couple homework", () => {
  it("shows both partners side by side, each with their own assignments and answers", async () => {
    mockFetch(base);
    renderApp(`/app/couples/${COUPLE_ID}`);
    const user = userEvent.setup();

    const homework = await screen.findByRole("region", { name: "Homework" });
    expect(within(homework).getByRole("link", { name: "Assign to this couple" })).toHaveAttribute("href", `/app/assign?couple=${COUPLE_ID}`);
    const alex = await within(homework).findByRole("region", { name: "Alex Moreau" });
    const sam = within(homework).getByRole("region", { name: "Samira Haddad" });
    expect(alex.parentElement).toHaveClass("homework-columns");
    expect(sam.parentElement).toBe(alex.parentElement);

    expect(alex).toHaveTextContent("The partner who caused the harm");
    expect(within(alex).getByRole("heading", { level: 4, name: "Daily consistency log" })).toBeInTheDocument();
    expect(alex).toHaveTextContent("Mon, Wed, Fri at 08:00");
    expect(within(alex).queryByText("Every kind of question")).not.toBeInTheDocument();

    expect(sam).toHaveTextContent("The partner who was hurt");
    expect(within(sam).getByRole("heading", { level: 4, name: "Every kind of question" })).toBeInTheDocument();
    expect(sam).toHaveTextContent("Daily at 19:00");
    expect(within(sam).queryByText("Daily consistency log")).not.toBeInTheDocument();

    await user.click(within(alex).getByRole("button", { name: /Show answers for Mon 16 Nov/ }));
    const pairs = within(alex)
      .getAllByRole("term")
      .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(pairs).toEqual([
      ["Today I…", "1 of 3 ticked:told my partner about changed plans"],
      ["How open was I about my mood?", "6 of 10 (0 = Closed off; 10 = Fully open)"],
    ]);
  });

  it("says when a partner has nothing assigned", async () => {
    mockFetch({
      ...base,
      [`GET /api/couples/${COUPLE_ID}/assignments`]: () =>
        json(200, { partners: PARTNERS.partners.map((p) => ({ ...p, assignments: [] })) }),
    });
    renderApp(`/app/couples/${COUPLE_ID}`);
    expect(await screen.findByText("Nothing assigned to Alex Moreau yet.")).toBeInTheDocument();
    expect(screen.getByText("Nothing assigned to Samira Haddad yet.")).toBeInTheDocument();
  });
});
