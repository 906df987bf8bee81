import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { daysFromNow } from "../test/clock";
import {
  apiError,
  CHECK_IN,
  csrfTokens,
  FIELDS,
  json,
  LOG_YESTERDAY,
  mockFetch,
  renderHomework,
  sessionRoutes,
  SESSION,
  TODAY,
  TOKEN,
} from "./testing";

beforeEach(() => localStorage.clear());

const noSession = () => apiError(401, "client_unauthenticated", "Open your homework link first.");

describe("opening the link", () => {
  it("shows a welcome screen and POSTs nothing until the button is tapped", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/homework/me": [noSession, () => json(200, SESSION)],
      "POST /api/homework/session": () => json(200, SESSION),
      "GET /api/homework/today": () => json(200, { today: CHECK_IN.date, open: [CHECK_IN], upcoming: [] }),
    });
    renderHomework({ opened: false });

    const open = await screen.findByRole("button", { name: "Open my homework" });
    expect(screen.getByRole("heading", { level: 1, name: "Your homework" })).toBeInTheDocument();
    // Give anything that might fire on load the chance to do so: a mail scanner opening the
    // link must change nothing.
    await new Promise((r) => setTimeout(r, 50));
    expect(net.writes()).toHaveLength(0);
    expect(net.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["GET /api/homework/me"]);

    await userEvent.setup().click(open);

    expect(await screen.findByRole("heading", { level: 1, name: "Hello, Sam" })).toBeInTheDocument();
    const posts = net.to("POST /api/homework/session");
    expect(posts).toHaveLength(1);
    expect(await posts[0].json()).toEqual({ token: TOKEN });
    expect(posts[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(new URL(posts[0].url).search).toBe(""); // nothing in the address
  });

  it("goes straight to Today when this device already opened this link", async () => {
    // The tests' clock says noon on the fixtures' today: the evening check-in is not due yet.
    const net = mockFetch(sessionRoutes());
    renderHomework();

    const h1 = await screen.findByRole("heading", { level: 1, name: "Hello, Sam" });
    expect(screen.getByText("Your homework from Harbour Counselling.")).toBeInTheDocument();
    const open = await screen.findByRole("region", { name: "To do" });
    const tasks = within(open).getAllByRole("button");
    expect(tasks[0]).toHaveTextContent("Evening check-in");
    expect(tasks[0]).toHaveTextContent("Due today at 8:00 PM · About 5 minutes");
    expect(tasks[1]).toHaveTextContent("Follow-through log");
    expect(tasks[1]).toHaveTextContent("From yesterday · About 3 minutes");
    expect(screen.getByRole("region", { name: "Coming up" })).toHaveTextContent("Next: Name the win — Tomorrow at 8:00 PM");
    // Focus and title are set by effects, which may run after the page has rendered.
    await waitFor(() => expect(h1).toHaveFocus());
    expect(document.title).toBe("Today · Steady");
    expect(net.writes()).toHaveLength(0);
  });

  it("shows a task answered today as done, not still to do", async () => {
    const answered = { ...CHECK_IN, status: "done" as const };
    const late = { ...LOG_YESTERDAY, status: "late" as const };
    mockFetch(sessionRoutes([], { "GET /api/homework/today": () => json(200, { today: TODAY, open: [answered, late], upcoming: [] }) }));
    renderHomework();

    const toDo = await screen.findByRole("region", { name: "To do" });
    expect(within(toDo).queryByRole("button")).not.toBeInTheDocument();
    expect(toDo).toHaveTextContent("All done for now. Thank you.");
    expect(toDo).not.toHaveTextContent(/still open/);
    const done = screen.getByRole("region", { name: "Done" });
    expect(within(done).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Evening check-in — done",
      "Follow-through log — done, after it was due",
    ]);
  });

  it("does not show a session this device did not open with this link (a partner's, on a shared phone)", async () => {
    const net = mockFetch(sessionRoutes());
    renderHomework({ opened: false });

    expect(await screen.findByRole("button", { name: "Open my homework" })).toBeInTheDocument();
    expect(screen.queryByText(/Hello, Sam/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Harbour Counselling/)).not.toBeInTheDocument();
    expect(net.to("GET /api/homework/today")).toHaveLength(0);
    expect(net.writes()).toHaveLength(0);
  });

  it("shows one neutral page for a link that is wrong, expired or revoked", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/homework/me": noSession,
      "POST /api/homework/session": () => apiError(404, "link_inactive", "This link is not active."),
    });
    renderHomework({ opened: false });

    await userEvent.setup().click(await screen.findByRole("button", { name: "Open my homework" }));

    const h1 = await screen.findByRole("heading", { level: 1, name: "This link isn't active" });
    await waitFor(() => expect(h1).toHaveFocus());
    expect(screen.getByText("This link isn't active. Ask your clinician for a new one.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Open my homework" })).not.toBeInTheDocument();
    expect(document.title).toBe("Link not active · Steady");
  });

  it("asks to wait a few minutes after too many tries (429)", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/homework/me": noSession,
      "POST /api/homework/session": () => apiError(429, "rate_limited", "Too many attempts."),
    });
    renderHomework({ opened: false });

    await userEvent.setup().click(await screen.findByRole("button", { name: "Open my homework" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Please wait a few minutes, then try again.");
    expect(screen.getByRole("button", { name: "Open my homework" })).toBeInTheDocument();
  });

  it("goes back to the welcome screen when the session ends, keeping what was typed", async () => {
    mockFetch(
      sessionRoutes([FIELDS.short_text], {
        "POST /api/homework/responses": () => apiError(401, "client_unauthenticated", "Open your link again."),
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
    await user.type(await screen.findByLabelText("One word for today"), "Tired");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByRole("button", { name: "Open my homework" })).toBeInTheDocument();
    expect(screen.getByText(/your session ended/)).toBeInTheDocument();
    expect(localStorage.getItem(Object.keys(localStorage).find((k) => k.includes(".task."))!)).toContain("Tired");
  });
});

describe("leaving", () => {
  it("Leave ends the session on the server and drops everything from the screen", async () => {
    const net = mockFetch({ ...sessionRoutes(), "POST /api/homework/logout": () => new Response(null, { status: 204 }) });
    renderHomework();
    await screen.findByRole("heading", { level: 1, name: "Hello, Sam" });

    await userEvent.setup().click(screen.getByRole("button", { name: "Leave" }));

    expect(await screen.findByRole("heading", { level: 1, name: "You've left" })).toBeInTheDocument();
    await waitFor(() => expect(net.to("POST /api/homework/logout")).toHaveLength(1));
    expect(screen.queryByText(/Hello, Sam/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Harbour Counselling/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Evening check-in/)).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your homework is locked on this device.");
  });
});

describe("navigation", () => {
  it("has Today, Journal and Past entries with the current page marked", async () => {
    mockFetch({
      ...sessionRoutes([FIELDS.short_text], {}, { ...SESSION, pin: { required: false, set: false, verified: true } }),
      "GET /api/homework/history": () => json(200, { responses: [], journal: [] }),
    });
    renderHomework();
    const user = userEvent.setup();
    const nav = await screen.findByRole("navigation", { name: "Homework" });
    expect(within(nav).getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");

    await user.click(within(nav).getByRole("link", { name: "Journal" }));
    const journal = await screen.findByRole("heading", { level: 1, name: "Journal" });
    await waitFor(() => expect(journal).toHaveFocus());
    expect(within(nav).getByRole("link", { name: "Journal" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Today" })).not.toHaveAttribute("aria-current");
    expect(document.title).toBe("Journal · Steady");

    await user.click(within(nav).getByRole("link", { name: "Past entries" }));
    const past = await screen.findByRole("heading", { level: 1, name: "Past entries" });
    await waitFor(() => expect(past).toHaveFocus());
    expect(document.title).toBe("Past entries · Steady");
  });
});

describe("crisis resources", () => {
  /** The footer's way to the help page, with the link's own address. */
  function expectHelpLink() {
    const footer = screen.getByRole("contentinfo");
    expect(within(footer).getByRole("link", { name: "Need help now?" })).toHaveAttribute("href", `/h/${TOKEN}/help`);
  }

  /** Where the link is not known (after leaving): the general lines, written out. */
  function expectGenericLines() {
    const footer = screen.getByRole("contentinfo");
    expect(footer).toHaveTextContent(
      "If you are in danger or thinking about harming yourself, call your local emergency number now. In the US call or text 988; in the UK and Ireland call Samaritans on 116 123; elsewhere, findahelpline.com lists free, confidential lines.",
    );
    expect(within(footer).getByRole("link", { name: "988" })).toHaveAttribute("href", "tel:988");
    expect(within(footer).getByRole("link", { name: "116 123" })).toHaveAttribute("href", "tel:116123");
    expect(within(footer).getByRole("link", { name: "findahelpline.com" })).toHaveAttribute("href", "https://findahelpline.com");
    expect(footer.innerHTML).not.toContain(TOKEN);
  }

  it("are on the welcome and link-inactive pages; after leaving, the general lines without the link", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/homework/me": noSession,
      "POST /api/homework/session": () => apiError(404, "link_inactive", "Not active."),
    });
    const first = renderHomework({ opened: false });
    await screen.findByRole("button", { name: "Open my homework" });
    expectHelpLink();
    await userEvent.setup().click(screen.getByRole("button", { name: "Open my homework" }));
    await screen.findByRole("heading", { name: "This link isn't active" });
    expectHelpLink();
    first.unmount();

    mockFetch({ ...sessionRoutes(), "POST /api/homework/logout": () => new Response(null, { status: 204 }) });
    renderHomework();
    await userEvent.setup().click(await screen.findByRole("button", { name: "Leave" }));
    await screen.findByRole("heading", { name: "You've left" });
    expectGenericLines();
  });

  it("are on every page of a session: Today, an exercise, the thank-you, Journal, Past entries, the PIN", async () => {
    mockFetch(
      sessionRoutes([FIELDS.short_text], {
        "POST /api/homework/responses": () => json(201, { id: "x", submitted_at: daysFromNow(0, "12:00") }),
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    const nav = await screen.findByRole("navigation", { name: "Homework" });
    await screen.findByRole("heading", { level: 1, name: "Hello, Sam" });
    expectHelpLink();

    await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
    await screen.findByLabelText("One word for today");
    expectHelpLink();

    await user.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByRole("heading", { level: 1, name: "Thank you" });
    expectHelpLink();

    await user.click(within(nav).getByRole("link", { name: "Journal" }));
    await screen.findByRole("heading", { level: 1, name: "Journal" });
    expectHelpLink();

    await user.click(within(nav).getByRole("link", { name: "Past entries" }));
    await screen.findByLabelText("PIN"); // the PIN is needed first
    expectHelpLink();
  });
});
