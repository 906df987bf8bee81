import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import {
  A1,
  apiError,
  detail,
  FIELDS,
  json,
  LINK,
  mockFetch,
  RECEIPT,
  reload,
  renderHomework,
  SESSION,
  sessionRoutes,
  TASK_PATH,
  TODAY,
  TOKEN,
} from "./testing";

beforeEach(() => localStorage.clear());

const TASK_URL = `${LINK}/task/${A1}/${TODAY}`;

/** The browser's Back button: the address changes, then popstate. */
async function back() {
  const before = window.location.href;
  act(() => window.history.back());
  await waitFor(() => expect(window.location.href).not.toBe(before));
}

async function today() {
  const h1 = await screen.findByRole("heading", { level: 1, name: "Hello, Sam" });
  await waitFor(() => expect(h1).toHaveFocus());
  return h1;
}

describe("each screen has its own address", () => {
  it("a task: its address, the same task after a reload, and Back returns to Today", async () => {
    const net = mockFetch(sessionRoutes([FIELDS.short_text]));
    const first = renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
    await screen.findByLabelText("One word for today");
    expect(window.location.pathname).toBe(TASK_URL);
    first.unmount();

    reload();
    const h1 = await screen.findByRole("heading", { level: 1, name: "Evening check-in" });
    expect(await screen.findByLabelText("One word for today")).toBeInTheDocument();
    await waitFor(() => expect(h1).toHaveFocus());
    expect(document.title).toBe("Exercise · Steady");
    expect(window.location.pathname).toBe(TASK_URL);
    expect(net.to(`GET ${TASK_PATH}`)).toHaveLength(2);

    await back();
    expect(window.location.pathname).toBe(LINK);
    await today();
    expect(document.title).toBe("Today · Steady");
  });

  it("the journal and reminders keep their address through a reload; Back and Forward move between screens", async () => {
    mockFetch(
      sessionRoutes([], {
        "GET /api/homework/reminders": () =>
          json(200, { time: null, paused_until: null, off: false, email_unsubscribed: false }),
      }),
    );
    const first = renderHomework();
    const user = userEvent.setup();
    const nav = await screen.findByRole("navigation", { name: "Homework" });
    expect(within(nav).getByRole("link", { name: "Journal" })).toHaveAttribute("href", `${LINK}/journal`);
    await user.click(within(nav).getByRole("link", { name: "Journal" }));
    await screen.findByRole("heading", { level: 1, name: "Journal" });
    expect(window.location.pathname).toBe(`${LINK}/journal`);
    first.unmount();

    const second = reload();
    const journal = await screen.findByRole("heading", { level: 1, name: "Journal" });
    await waitFor(() => expect(journal).toHaveFocus());
    expect(within(screen.getByRole("navigation", { name: "Homework" })).getByRole("link", { name: "Journal" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    second.unmount();

    renderHomework({ at: `${LINK}/reminders` });
    expect(await screen.findByRole("heading", { level: 1, name: "Reminders" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Back to Today/ }));
    await today();
    expect(window.location.pathname).toBe(LINK);

    await back();
    expect(window.location.pathname).toBe(`${LINK}/reminders`);
    expect(await screen.findByRole("heading", { level: 1, name: "Reminders" })).toBeInTheDocument();

    act(() => window.history.forward());
    await waitFor(() => expect(window.location.pathname).toBe(LINK));
    await today();
  });

  it("after a send, Back goes to the screen before the form, never to the sent form", async () => {
    mockFetch(sessionRoutes([FIELDS.short_text], { "POST /api/homework/responses": () => json(201, RECEIPT) }));
    renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
    await user.type(await screen.findByLabelText("One word for today"), "Calm");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByRole("heading", { level: 1, name: "Thank you" });

    await back();
    expect(window.location.pathname).toBe(LINK);
    await today();
    expect(screen.queryByLabelText("One word for today")).not.toBeInTheDocument();
  });

  it("a reload on the thank-you shows the task as sent, not its form", async () => {
    const routes = sessionRoutes([FIELDS.short_text], { "POST /api/homework/responses": () => json(201, RECEIPT) });
    const net = mockFetch(routes);
    const first = renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
    await user.type(await screen.findByLabelText("One word for today"), "Calm");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByRole("heading", { level: 1, name: "Thank you" });
    first.unmount();

    net.set(`GET ${TASK_PATH}`, () => json(200, detail([FIELDS.short_text], { status: "done", answered: true })));
    reload();
    expect(await screen.findByText("You've already sent your answers for this one. Thank you.")).toBeInTheDocument();
    expect(screen.queryByLabelText("One word for today")).not.toBeInTheDocument();
  });

  it.each([
    ["gone (404)", () => apiError(404, "not_found", "There is no such record.")],
    ["not in its plan any more (409)", () => apiError(409, "occurrence_not_open", "This task is not open.")],
    ["past its time", () => json(200, detail([FIELDS.short_text], { status: "missed" }))],
  ])("a task address whose task is closed (%s) says so calmly, with a way back to Today", async (_, answer) => {
    mockFetch(sessionRoutes([FIELDS.short_text], { [`GET ${TASK_PATH}`]: answer }));
    renderHomework({ at: TASK_URL });

    expect(await screen.findByText(/There's nothing to send for it now/)).toBeInTheDocument();
    // The heading says it is closed, or names the task (whose text then says it is closed).
    expect(document.body).toHaveTextContent(/This one is closed/);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("One word for today")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Back to Today" }));
    await today();
    expect(window.location.pathname).toBe(LINK);
  });

  it("an address with anything odd after the token opens Today, and the address is tidied", async () => {
    mockFetch(sessionRoutes());
    renderHomework({ at: `${LINK}/task/${A1}/not-a-date/x` });
    await today();
    expect(window.location.pathname).toBe(LINK);
  });

  it("a screen's address survives the welcome step", async () => {
    mockFetch(
      sessionRoutes([], {
        "GET /api/homework/me": () => apiError(401, "client_unauthenticated", "Open your link first."),
        "POST /api/homework/session": () => json(200, { ...SESSION, pin: { required: false, set: false, verified: true } }),
      }),
    );
    renderHomework({ opened: false, at: `${LINK}/journal` });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Open my homework" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Journal" })).toBeInTheDocument();
    expect(window.location.pathname).toBe(`${LINK}/journal`);
  });

  it("leaving takes every address with the token out of the tab's history", async () => {
    mockFetch({ ...sessionRoutes(), "POST /api/homework/logout": () => new Response(null, { status: 204 }) });
    renderHomework();
    const user = userEvent.setup();
    const nav = await screen.findByRole("navigation", { name: "Homework" });
    await user.click(within(nav).getByRole("link", { name: "Journal" }));
    await screen.findByRole("heading", { level: 1, name: "Journal" });
    await user.click(screen.getByRole("button", { name: "Leave" }));
    await screen.findByRole("heading", { level: 1, name: "You've left" });
    await waitFor(() => expect(window.location.pathname).toBe("/h/"));

    // The entry the page loaded in is /h/ now, and the journal's entry after it is gone.
    const settle = () => new Promise((r) => setTimeout(r, 50));
    act(() => window.history.back());
    await settle();
    expect(window.location.pathname).toBe("/h/");
    act(() => window.history.forward());
    await settle();
    act(() => window.history.forward());
    await settle();
    expect(window.location.pathname).toBe("/h/");
    expect(screen.getByRole("heading", { level: 1, name: "You've left" })).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

});
