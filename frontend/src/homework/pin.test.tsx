import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { History, HomeworkSession } from "./api";
import { daysFromNow, TODAY } from "../test/clock";
import { A1, apiError, csrfTokens, FIELDS, json, mockFetch, renderHomework, sessionRoutes, SESSION } from "./testing";

beforeEach(() => localStorage.clear());

const pin = (p: Partial<HomeworkSession["pin"]>): HomeworkSession => ({ ...SESSION, pin: { ...SESSION.pin, ...p } });

const HISTORY: History = {
  responses: [
    {
      id: "11111111-2222-4333-8444-555555555555",
      assignment_id: A1,
      title: "Evening check-in",
      date: daysFromNow(-2), // Sunday 22 November
      step: 0,
      submitted_at: daysFromNow(-2, "19:12"),
      fields: [FIELDS.scale, FIELDS.yes_no, FIELDS.checklist, FIELDS.long_text, FIELDS.short_text],
      answers: { trust: 7, matched: true, log: ["on_time", "honest"], story: "We walked by the river." },
    },
  ],
  journal: [{ id: "66666666-2222-4333-8444-555555555555", body: "I slept better.", created_at: daysFromNow(-3, "21:00") }],
};

async function openPast(user: UserEvent) {
  const nav = await screen.findByRole("navigation", { name: "Homework" });
  await user.click(within(nav).getByRole("link", { name: "Past entries" }));
  await screen.findByRole("heading", { level: 1, name: "Past entries" });
}

describe("the PIN", () => {
  it("is chosen on the first visit, entered twice, before anything else", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/homework/me": () => apiError(401, "client_unauthenticated", "Open your link."),
      "POST /api/homework/session": () => json(200, pin({ set: false })),
      "POST /api/homework/pin": [
        () =>
          apiError(422, "validation_failed", "Please correct the highlighted fields.", {
            pin: "is a sequence, like 1234 or 2468: choose one that only you would know",
          }),
        () => json(200, pin({ set: true, verified: true })),
      ],
      "GET /api/homework/today": () => json(200, { today: TODAY, open: [], upcoming: [] }),
    });
    renderHomework({ opened: false });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Open my homework" }));

    // The heading takes focus in an effect, which may run after the page has rendered.
    const h1 = await screen.findByRole("heading", { level: 1, name: "Choose a PIN" });
    await waitFor(() => expect(h1).toHaveFocus());
    expect(
      screen.getByText("Your PIN keeps past entries private, even from someone who can open your email or phone."),
    ).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    const first = screen.getByLabelText("Choose a PIN");
    const again = screen.getByLabelText("Enter the same PIN again");
    for (const input of [first, again]) {
      expect(input).toHaveAttribute("inputmode", "numeric");
      expect(input).toHaveAttribute("autocomplete", "off");
      expect(input).toHaveAttribute("type", "password");
    }

    await user.type(first, "123");
    await user.type(again, "123");
    await user.click(screen.getByRole("button", { name: "Save my PIN" }));
    expect(first).toHaveAccessibleDescription(/Use 4 to 8 digits/);

    await user.type(first, "4");
    await user.type(again, "5");
    await user.click(screen.getByRole("button", { name: "Save my PIN" }));
    expect(again).toHaveAccessibleDescription(/don't match/);
    expect(net.to("POST /api/homework/pin")).toHaveLength(0);

    await user.clear(again);
    await user.type(again, "1234");
    await user.click(screen.getByRole("button", { name: "Save my PIN" }));
    // A guessable PIN is refused by the server, which says why.
    await waitFor(() =>
      expect(first).toHaveAccessibleDescription(/That PIN is a sequence, like 1234 or 2468: choose one that only you would know\./),
    );

    await user.clear(first);
    await user.clear(again);
    await user.type(first, "4826");
    await user.type(again, "4826");
    await user.click(screen.getByRole("button", { name: "Save my PIN" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Hello, Sam" })).toBeInTheDocument();
    expect(await net.to("POST /api/homework/pin")[1].json()).toEqual({ pin: "4826" });
  });

  it("gates past entries: nothing is fetched until it is verified", async () => {
    const net = mockFetch(
      sessionRoutes([], {
        "POST /api/homework/pin/verify": [
          () => apiError(401, "wrong_pin", "That PIN isn't right."),
          () => apiError(429, "rate_limited", "Too many tries."),
          () => json(200, pin({ verified: true })),
        ],
        "GET /api/homework/history": () => json(200, HISTORY),
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await openPast(user);

    const input = screen.getByLabelText("PIN");
    expect(input).toHaveAttribute("inputmode", "numeric");
    expect(input).toHaveAttribute("autocomplete", "off");
    expect(screen.getByText(/Your PIN keeps past entries private/)).toBeInTheDocument();
    expect(net.to("GET /api/homework/history")).toHaveLength(0);

    await user.type(input, "0000");
    await user.click(screen.getByRole("button", { name: "Show past entries" }));
    await waitFor(() => expect(screen.getByLabelText("PIN")).toHaveAccessibleDescription(/That PIN isn't right\./));
    // A wrong PIN (even as a 401) does not end the session.
    expect(screen.queryByRole("button", { name: "Open my homework" })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText("PIN"), "1111");
    await user.click(screen.getByRole("button", { name: "Show past entries" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Too many tries.*wait 15 minutes/);
    expect(net.to("GET /api/homework/history")).toHaveLength(0);
    expect(screen.queryByText("I slept better.")).not.toBeInTheDocument();

    await user.type(screen.getByLabelText("PIN"), "2468");
    await user.click(screen.getByRole("button", { name: "Show past entries" }));

    const entry = await screen.findByRole("article", { name: "Evening check-in" });
    expect(entry).toHaveTextContent(/For Sunday,? (November 22|22 November) · sent/); // the locale decides the order
    expect(entry).toHaveTextContent("How safe did you feel today?7 out of 10");
    expect(entry).toHaveTextContent("Did actions match words today?Yes");
    expect(entry).toHaveTextContent("What did you follow through on?Was on time; Was honest about my mood");
    expect(entry).toHaveTextContent("What happenedWe walked by the river.");
    expect(entry).toHaveTextContent("One word for todayNo answer");
    expect(screen.getByRole("region", { name: "Journal" })).toHaveTextContent("I slept better.");
    await waitFor(() => expect(screen.getByRole("heading", { level: 1, name: "Past entries" })).toHaveFocus());
    expect(await net.to("POST /api/homework/pin/verify")[2].json()).toEqual({ pin: "2468" });
  });

  it("is not asked for when the practice does not require one", async () => {
    const net = mockFetch(
      sessionRoutes([], { "GET /api/homework/history": () => json(200, HISTORY) }, pin({ required: false, set: false, verified: true })),
    );
    renderHomework();
    const user = userEvent.setup();
    await openPast(user);

    expect(await screen.findByText("I slept better.")).toBeInTheDocument();
    expect(screen.queryByLabelText("PIN")).not.toBeInTheDocument();
    expect(net.writes()).toHaveLength(0);
  });

  it("is asked for when the server says pin_required, and no entries are shown", async () => {
    mockFetch(
      sessionRoutes(
        [],
        { "GET /api/homework/history": () => apiError(403, "pin_required", "Enter your PIN first.") },
        pin({ verified: true }),
      ),
    );
    renderHomework();
    const user = userEvent.setup();
    await openPast(user);

    expect(await screen.findByLabelText("PIN")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Journal" })).not.toBeInTheDocument();
  });
});
