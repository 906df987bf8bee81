import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { Drafts, forgetOpened, newKey, scopeOf } from "./storage";
import {
  A1,
  A2,
  json,
  LINK,
  LOG_YESTERDAY,
  mockFetch,
  offline,
  RECEIPT,
  renderHomework,
  sessionRoutes,
  storedDrafts,
  TODAY,
  TOKEN,
} from "./testing";

beforeEach(() => localStorage.clear());

const RESPONSES = "POST /api/homework/responses";
const drafts = () => new Drafts(scopeOf(TOKEN));

/** An answer the client sent while offline: on the device, marked pending. */
function queueAnswer(): string {
  const d = drafts();
  const key = newKey();
  d.save(d.taskKey(A1, TODAY), {
    kind: "task",
    assignment_id: A1,
    date: TODAY,
    title: "Evening check-in",
    values: { word: "Tired" },
    key,
    pending: true,
    saved_at: Date.now(),
  });
  return key;
}

/** A draft the client has not sent yet. */
function keepDraft() {
  const d = drafts();
  d.save(d.taskKey(A2, LOG_YESTERDAY.date), {
    kind: "task",
    assignment_id: A2,
    date: LOG_YESTERDAY.date,
    title: "Follow-through log",
    values: { note: "Half done" },
    key: newKey(),
    pending: false,
    saved_at: Date.now(),
  });
}

/** Nothing answers: the server can't be reached. */
function noSignal() {
  return mockFetch({
    "GET /api/auth/csrf": offline,
    "GET /api/homework/me": offline,
    [RESPONSES]: offline,
  });
}

describe("without a connection", () => {
  it("shows what is waiting to be sent, sends it when the connection is back, and says Sent", async () => {
    const key = queueAnswer();
    keepDraft();
    const net = noSignal();
    renderHomework({ retryDelayMs: 60_000, at: `${LINK}/journal` });

    const h1 = await screen.findByRole("heading", { level: 1, name: "No connection right now" });
    await waitFor(() => expect(h1).toHaveFocus());
    const answers = screen.getByRole("region", { name: "Your answers" });
    const item = within(answers).getByRole("listitem");
    expect(item).toHaveTextContent("Evening check-in");
    expect(item).toHaveTextContent("Waiting to send — will send when you're back online");
    expect(item).not.toHaveTextContent("Tired"); // titles only, never what was written
    expect(screen.getByRole("region", { name: "Drafts on this device" })).toHaveTextContent(
      "Follow-through log" + "Not sent yet — you can finish it when you're back online",
    );
    // The outbox tried once (it got no further than the CSRF token).
    await waitFor(() => expect(net.to("GET /api/auth/csrf").length).toBeGreaterThan(0));

    // Back online: the browser says so, and the outbox tries again at once.
    net.set("GET /api/auth/csrf", () => json(200, { csrf_token: "csrf-1" }));
    net.set(RESPONSES, () => json(201, RECEIPT));
    act(() => {
      window.dispatchEvent(new Event("online"));
    });

    await waitFor(() => expect(item).toHaveTextContent("Sent"));
    expect(item).not.toHaveTextContent("Waiting");
    expect(screen.getByRole("status")).toHaveTextContent("Everything you wrote has been sent. Thank you.");
    const sent = net.to(RESPONSES);
    expect(sent).toHaveLength(1);
    expect(await sent[0].json()).toEqual({ assignment_id: A1, date: TODAY, answers: { word: "Tired" }, idempotency_key: key });
    expect(storedDrafts().map((d) => d.title)).toEqual(["Follow-through log"]); // the sent one is gone

    // On to the app: the session is there again.
    for (const [route, handler] of Object.entries(sessionRoutes())) net.set(route, handler);
    await userEvent.setup().click(screen.getByRole("button", { name: "Go to Today" }));
    await screen.findByRole("heading", { level: 1, name: "Hello, Sam" });
    expect(window.location.pathname).toBe(LINK);
    expect(screen.getByText("Something you wrote earlier has now been sent. Thank you.")).toBeInTheDocument();
    expect(net.to(RESPONSES)).toHaveLength(1); // never sent twice
  });

  it("says when trying again still finds no connection", async () => {
    queueAnswer();
    noSignal();
    renderHomework({ retryDelayMs: 60_000 });
    await screen.findByRole("heading", { level: 1, name: "No connection right now" });

    await userEvent.setup().click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Still no connection. Anything waiting will send by itself once you're back online.",
    );
    expect(screen.getByRole("region", { name: "Your answers" })).toHaveTextContent("Evening check-in");
  });

  it("is the plain no-connection page when this device has nothing of the link", async () => {
    noSignal();
    renderHomework();
    expect(await screen.findByRole("heading", { level: 1, name: "We can't reach Steady" })).toBeInTheDocument();
  });

  it("shows nothing of the drafts after the client left on this device", async () => {
    queueAnswer();
    forgetOpened(); // "Leave" forgets which link this device opened
    noSignal();
    renderHomework({ opened: false });
    expect(await screen.findByRole("heading", { level: 1, name: "We can't reach Steady" })).toBeInTheDocument();
    expect(screen.queryByText(/Evening check-in/)).not.toBeInTheDocument();
  });
});
