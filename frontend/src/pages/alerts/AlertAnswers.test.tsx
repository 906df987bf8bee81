import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../api/alerts";
import { daysFromNow } from "../../test/clock";
import { ALERT_ACK_SAM, ALERT_OPEN_SAM, alertList, SAM, SAM_ASSIGNMENT, SAM_ASSIGNMENT_ID, SAM_ID } from "../../test/fixtures";
import { csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const QUESTION = "Thoughts that you would be better off dead or of hurting yourself in some way";

/** Sam's PHQ-9 alert, with the answer that raised it: on the day SAM_ASSIGNMENT has an answer. */
const PHQ_ALERT: Alert = {
  ...ALERT_OPEN_SAM,
  answer: {
    question: QUESTION,
    label: "Several days",
    value: 1,
    response_id: "b0b0b0b0-0000-4000-8000-000000000001",
    assignment_id: SAM_ASSIGNMENT_ID,
    date: daysFromNow(-3),
  },
};

/** Sam's check-in alert: a 0–10 rating. */
const RATING_ALERT: Alert = {
  ...ALERT_ACK_SAM,
  answer: {
    question: "How safe did you feel with your partner?",
    label: "1 of 10",
    value: 1,
    response_id: "b0b0b0b0-0000-4000-8000-000000000003",
    assignment_id: SAM_ASSIGNMENT_ID,
    date: daysFromNow(-40), // older than the four weeks the homework tab shows
  },
};

const answerHref = (date: string) => `/app/clients/${SAM_ID}/homework#answer-${SAM_ASSIGNMENT_ID}-${date}`;

const routes = (alerts: Alert[]) => ({
  "GET /api/auth/me": () => json(200, ME),
  "GET /api/auth/csrf": csrfTokens(),
  "GET /api/alerts": alertList(...alerts),
  [`GET /api/clients/${SAM_ID}`]: () => json(200, SAM),
  [`GET /api/clients/${SAM_ID}/assignments`]: () => json(200, { assignments: [SAM_ASSIGNMENT] }),
  [`GET /api/clients/${SAM_ID}/homework-link`]: () => json(200, { status: "none" }),
  [`GET /api/clients/${SAM_ID}/reminders`]: () => json(200, { deliveries: [] }),
});

describe("the answer behind an alert", () => {
  it("is shown on the alerts page with its question, choice and day, and links to the answer on the client's homework", async () => {
    mockFetch(routes([PHQ_ALERT, RATING_ALERT]));
    renderApp("/app/alerts");
    const user = userEvent.setup();

    const card = (await screen.findAllByRole("article")).find((a) => a.textContent?.includes(QUESTION))!;
    const facts = within(card).getAllByRole("term").map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(facts).toContainEqual([
      "Answer",
      `${QUESTION} — answered “Several days” (1) on 21 Nov. See the answer in Samira Haddad's homework`,
    ]);
    // A rating reads as a rating.
    expect(screen.getByText(/answered 1 of 10 on 15 Oct\./)).toBeInTheDocument();

    const link = within(card).getByRole("link", { name: "See the answer in Samira Haddad's homework" });
    expect(link).toHaveAttribute("href", answerHref(daysFromNow(-3)));
    await user.click(link);

    // The client's homework, opened at that day's answers, focused and marked.
    expect(await screen.findByRole("tab", { name: "Homework", selected: true })).toBeInTheDocument();
    const row = await waitFor(() => {
      const el = document.getElementById(`answer-${SAM_ASSIGNMENT_ID}-${daysFromNow(-3)}`);
      if (!el) throw new Error("the day's row is not there yet");
      return el;
    });
    expect(row).toHaveClass("occurrence-target");
    await waitFor(() => expect(row).toHaveFocus());
    expect(within(row).getByRole("button", { name: /Hide answers/ })).toHaveAttribute("aria-expanded", "true");
    expect(within(row).getByText("We talked after dinner.", { exact: false })).toBeVisible();
    // Other days stay closed.
    expect(document.querySelectorAll(".occurrence-target")).toHaveLength(1);
  });

  it("is shown at the top of the client's record, and an answer older than the homework tab shows says so", async () => {
    mockFetch(routes([PHQ_ALERT, RATING_ALERT]));
    renderApp(`/app/clients/${SAM_ID}`);
    const user = userEvent.setup();

    const panel = await screen.findByRole("region", { name: "2 alerts need attention" });
    expect(panel).toHaveTextContent(`${QUESTION} — answered “Several days” (1) on 21 Nov.`);
    expect(panel).toHaveTextContent("How safe did you feel with your partner? — answered 1 of 10 on 15 Oct.");
    const links = within(panel).getAllByRole("link", { name: /^See the answer/ });
    expect(links.map((l) => l.getAttribute("href"))).toEqual([answerHref(daysFromNow(-3)), answerHref(daysFromNow(-40))]);

    await user.click(links[1]);
    expect(
      await screen.findByText("The answer of Thu 15 Oct is older than the four weeks shown here. The export has every answer."),
    ).toBeInTheDocument();
  });

  it("is left out when the server has no answer to show", async () => {
    mockFetch(routes([ALERT_OPEN_SAM]));
    renderApp("/app/alerts");
    const card = (await screen.findAllByRole("article"))[0];
    expect(within(card).getAllByRole("term").map((dt) => dt.textContent)).not.toContain("Answer");
    expect(within(card).queryByRole("link", { name: /See the answer/ })).not.toBeInTheDocument();
  });
});
