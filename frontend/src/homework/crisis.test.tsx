import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { CrisisSupport } from "./api";
import { savedCrisis, scopeOf } from "./storage";
import {
  apiError,
  FIELDS,
  json,
  LINK,
  mockFetch,
  offline,
  RECEIPT,
  reload,
  renderHomework,
  SESSION,
  sessionRoutes,
  storedDrafts,
  TOKEN,
} from "./testing";

beforeEach(() => localStorage.clear());

const RESPONSES = "POST /api/homework/responses";
const CRISIS_API = "GET /api/homework/crisis";

const SUPPORT: CrisisSupport = {
  country: "GB",
  resources: [
    { name: "Samaritans", contact: "Call 116 123, free, any time", href: "tel:116123" },
    { name: "Shout", contact: "Text SHOUT to 85258", href: "sms:85258" },
    { name: "Harbour Counselling duty line", contact: "Weekdays 9 to 5" },
  ],
  next_steps: "Your clinician has been told and will call you by the next working day.\nYou are not in trouble.",
};

async function answerCheckIn(user: UserEvent) {
  await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
  await user.type(await screen.findByLabelText("One word for today"), "Hopeless");
  await user.click(screen.getByRole("button", { name: "Send" }));
}

async function expectSupportScreen() {
  const h1 = await screen.findByRole("heading", { level: 1, name: "Thank you for telling us" });
  await waitFor(() => expect(h1).toHaveFocus());
  expect(document.title).toBe("Thank you for telling us · Steady");
  const lines = screen.getByRole("region", { name: "People you can talk to now" });
  expect(within(lines).getByRole("link", { name: "Samaritans Call 116 123, free, any time" })).toHaveAttribute(
    "href",
    "tel:116123",
  );
  expect(within(lines).getByRole("link", { name: "Shout Text SHOUT to 85258" })).toHaveAttribute("href", "sms:85258");
  // Without an href it is written out, not a link.
  expect(within(lines).getByText("Harbour Counselling duty line").closest("a")).toBeNull();
  expect(screen.getByRole("region", { name: "What happens next" })).toHaveTextContent(
    "Your clinician has been told and will call you by the next working day. You are not in trouble.",
  );
  expect(screen.queryByRole("heading", { level: 1, name: "Thank you" })).not.toBeInTheDocument();
}

describe("after an answer that sets off a risk item", () => {
  it("shows the practice's crisis lines and next steps at once, then goes on to Today", async () => {
    mockFetch(sessionRoutes([FIELDS.short_text], { [RESPONSES]: () => json(201, { ...RECEIPT, crisis: SUPPORT }) }));
    renderHomework();
    const user = userEvent.setup();
    await answerCheckIn(user);

    await expectSupportScreen();
    expect(window.location.pathname).toBe(`${LINK}/help`); // a reload shows the help page
    expect(storedDrafts()).toEqual([]);
    // Nothing says on the device that a risk answer was given: only the practice's lines are kept.
    expect(Object.keys(localStorage).filter((k) => k.includes(scopeOf(TOKEN))).map((k) => k.split(".").pop())).toEqual([
      "crisis",
    ]);
    expect(savedCrisis(scopeOf(TOKEN))).toEqual(SUPPORT);

    await user.click(screen.getByRole("button", { name: "Continue to Today" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Hello, Sam" })).toBeInTheDocument();
    expect(window.location.pathname).toBe(LINK);
  });

  it("Back from it goes to Today, not to the sent form", async () => {
    mockFetch(sessionRoutes([FIELDS.short_text], { [RESPONSES]: () => json(201, { ...RECEIPT, crisis: SUPPORT }) }));
    renderHomework();
    await answerCheckIn(userEvent.setup());
    await expectSupportScreen();

    act(() => window.history.back());
    await waitFor(() => expect(window.location.pathname).toBe(LINK));
    expect(await screen.findByRole("heading", { level: 1, name: "Hello, Sam" })).toBeInTheDocument();
  });

  it("shows when an answer queued offline is sent later, whichever screen is open", async () => {
    const net = mockFetch(sessionRoutes([FIELDS.short_text], { [RESPONSES]: offline }));
    renderHomework({ retryDelayMs: 60_000 });
    const user = userEvent.setup();
    await answerCheckIn(user);
    await screen.findByText(/No connection — we'll keep trying/);
    await user.click(within(screen.getByRole("navigation", { name: "Homework" })).getByRole("link", { name: "Journal" }));
    await screen.findByRole("heading", { level: 1, name: "Journal" });

    net.set(RESPONSES, () => json(200, { ...RECEIPT, crisis: SUPPORT })); // the idempotent replay carries it too
    act(() => {
      window.dispatchEvent(new Event("online"));
    });

    await expectSupportScreen();
    act(() => window.history.back());
    await waitFor(() => expect(window.location.pathname).toBe(`${LINK}/journal`));
    expect(await screen.findByRole("heading", { level: 1, name: "Journal" })).toBeInTheDocument();
  });

  it("shows in the offline view too, when the queue drains", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": offline,
      "GET /api/homework/me": offline,
      [RESPONSES]: offline,
    });
    const first = renderHomework({ retryDelayMs: 60_000 });
    first.unmount();
    localStorage.setItem(
      `steady.hw.${scopeOf(TOKEN)}.task.x.2026-11-24`,
      JSON.stringify({
        kind: "task",
        assignment_id: "x",
        date: "2026-11-24",
        title: "PHQ-9",
        values: { q9: 1 },
        key: "k",
        pending: true,
        saved_at: 1,
      }),
    );
    reload({ retryDelayMs: 60_000 });
    await screen.findByRole("heading", { level: 1, name: "No connection right now" });

    net.set("GET /api/auth/csrf", () => json(200, { csrf_token: "c" }));
    net.set(RESPONSES, () => json(201, { ...RECEIPT, crisis: SUPPORT }));
    act(() => {
      window.dispatchEvent(new Event("online"));
    });

    await expectSupportScreen();
  });

  it("never links anything but a call, a text or a secure page", async () => {
    const risky: CrisisSupport = {
      ...SUPPORT,
      resources: [
        { name: "Odd", contact: "Tap here", href: "javascript:alert(1)" },
        { name: "Plain web", contact: "An old site", href: "http://example.com" },
        { name: "Helpline site", contact: "Chat online", href: "https://example.org/chat" },
      ],
    };
    mockFetch(sessionRoutes([FIELDS.short_text], { [RESPONSES]: () => json(201, { ...RECEIPT, crisis: risky }) }));
    renderHomework();
    await answerCheckIn(userEvent.setup());
    const lines = await screen.findByRole("region", { name: "People you can talk to now" });
    expect(within(lines).getAllByRole("link")).toHaveLength(1);
    const site = within(lines).getByRole("link", { name: "Helpline site Chat online" });
    expect(site).toHaveAttribute("href", "https://example.org/chat");
    expect(site).toHaveAttribute("rel", "noopener noreferrer");
    expect(within(lines).getByText("Odd").closest("a")).toBeNull();
  });

  it("is not shown for an ordinary answer", async () => {
    mockFetch(sessionRoutes([FIELDS.short_text], { [RESPONSES]: () => json(201, RECEIPT) }));
    renderHomework();
    await answerCheckIn(userEvent.setup());
    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();
    expect(screen.queryByText("Thank you for telling us")).not.toBeInTheDocument();
  });
});

describe("the help page", () => {
  it("is a link in every page's footer, shows the practice's lines, and keeps them for use offline", async () => {
    const net = mockFetch({ ...sessionRoutes(), [CRISIS_API]: () => json(200, SUPPORT) });
    const first = renderHomework();
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "Hello, Sam" });
    await user.click(within(screen.getByRole("contentinfo")).getByRole("link", { name: "Need help now?" }));

    const h1 = await screen.findByRole("heading", { level: 1, name: "Help right now" });
    await waitFor(() => expect(h1).toHaveFocus());
    expect(window.location.pathname).toBe(`${LINK}/help`);
    const lines = await screen.findByRole("region", { name: "People you can talk to now" });
    expect(within(lines).getByRole("link", { name: /Samaritans/ })).toHaveAttribute("href", "tel:116123");
    expect(within(screen.getByRole("contentinfo")).getByRole("link", { name: "Need help now?" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(net.to(CRISIS_API)).toHaveLength(1);
    first.unmount();

    // A reload with no signal: the lines this device kept, at once.
    mockFetch({ "GET /api/auth/csrf": offline, "GET /api/homework/me": offline, [CRISIS_API]: offline });
    reload();
    await screen.findByRole("heading", { level: 1, name: "Help right now" });
    expect(within(screen.getByRole("region", { name: "People you can talk to now" })).getByRole("link", { name: /Shout/ })).toHaveAttribute(
      "href",
      "sms:85258",
    );
  });

  it("shows the general lines when this device never had the practice's", async () => {
    mockFetch({ "GET /api/auth/csrf": offline, "GET /api/homework/me": offline, [CRISIS_API]: offline });
    renderHomework({ at: `${LINK}/help` });
    await screen.findByRole("heading", { level: 1, name: "Help right now" });
    const main = screen.getByRole("main");
    expect(within(main).getByRole("link", { name: "988" })).toHaveAttribute("href", "tel:988");
    expect(within(main).getByRole("link", { name: "116 123" })).toHaveAttribute("href", "tel:116123");
    await userEvent.setup().click(screen.getByRole("button", { name: /Back/ }));
    expect(await screen.findByRole("heading", { level: 1, name: "We can't reach Steady" })).toBeInTheDocument();
  });

  it("comes before choosing a PIN, and before opening the link", async () => {
    mockFetch({
      ...sessionRoutes([], {}, { ...SESSION, pin: { required: true, set: false, verified: false } }),
      [CRISIS_API]: () => json(200, SUPPORT),
    });
    const first = renderHomework({ at: `${LINK}/help` });
    // At once (before the session check answers), then with the practice's lines.
    await screen.findByRole("heading", { level: 1, name: "Help right now" });
    expect(await screen.findByRole("link", { name: /Samaritans/ })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Help right now" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Choose a PIN")).not.toBeInTheDocument();
    first.unmount();

    mockFetch({ ...sessionRoutes(), "GET /api/homework/me": () => apiError(401, "client_unauthenticated", "Open it first.") });
    renderHomework({ opened: false, at: `${LINK}/help` });
    expect(await screen.findByRole("heading", { level: 1, name: "Help right now" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Samaritans/ })).toBeInTheDocument(); // kept from the visit above
    await userEvent.setup().click(screen.getByRole("button", { name: /Back/ }));
    expect(await screen.findByRole("button", { name: "Open my homework" })).toBeInTheDocument();
  });
});
