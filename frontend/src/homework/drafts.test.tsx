import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import {
  A1,
  apiError,
  FIELDS,
  json,
  mockFetch,
  offline,
  RECEIPT,
  renderHomework,
  sessionRoutes,
  storedDrafts,
  TODAY,
} from "./testing";

beforeEach(() => localStorage.clear());

const FORM = [FIELDS.short_text, FIELDS.long_text, FIELDS.scale];
const RESPONSES = "POST /api/homework/responses";

async function openCheckIn(user: UserEvent) {
  await user.click(await screen.findByRole("button", { name: /Evening check-in/ }));
  return screen.findByLabelText("What happened (required)");
}

async function fillIn(user: UserEvent) {
  await user.type(await openCheckIn(user), "We argued, then we listened.");
  await user.click(within(screen.getByRole("radiogroup", { name: /How safe/ })).getByRole("radio", { name: "6" }));
}

async function keysSent(net: ReturnType<typeof mockFetch>): Promise<string[]> {
  return Promise.all(net.to(RESPONSES).map(async (r) => (await r.clone().json()).idempotency_key as string));
}

describe("drafts", () => {
  it("keep what was typed across a reload, and say so", async () => {
    mockFetch(sessionRoutes(FORM));
    const first = renderHomework();
    const user = userEvent.setup();
    await fillIn(user);
    expect(screen.getByText("Draft saved on this device.")).toBeInTheDocument();
    first.unmount();

    renderHomework();
    expect(await screen.findByRole("button", { name: /Evening check-in/ })).toHaveTextContent("Draft saved on this device");
    const area = await openCheckIn(user);
    expect(area).toHaveValue("We argued, then we listened.");
    expect(screen.getByRole("radio", { name: "6" })).toBeChecked();
    expect(screen.getByText("Draft saved on this device.")).toBeInTheDocument();

    const [draft] = storedDrafts();
    expect(draft).toMatchObject({ kind: "task", assignment_id: A1, date: TODAY, pending: false });
    expect(draft.key).toMatch(/^[0-9a-f-]{36}$/);
    // The key includes the assignment and the date; never the link's token.
    const storageKey = Object.keys(localStorage).find((k) => k.includes(".task."))!;
    expect(storageKey).toContain(`${A1}.${TODAY}`);
    expect(Object.keys(localStorage).join()).not.toContain("hw_9Zq3");
  });

  it("are sent again with the same key after a network failure, then cleared on 201", async () => {
    const net = mockFetch(sessionRoutes(FORM, { [RESPONSES]: [offline, offline, () => json(201, RECEIPT)] }));
    renderHomework({ retryDelayMs: 100 }); // then 200 ms: backoff
    const user = userEvent.setup();
    await fillIn(user);

    await user.click(screen.getByRole("button", { name: "Send" }));

    const waiting = await screen.findByText(/No connection — we'll keep trying/);
    expect(waiting.closest("[role=status]")).not.toBeNull();
    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();

    const keys = await keysSent(net);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(await net.to(RESPONSES)[2].json()).toEqual({
      assignment_id: A1,
      date: TODAY,
      answers: { story: "We argued, then we listened.", trust: 6 },
      idempotency_key: keys[0],
    });
    expect(storedDrafts()).toEqual([]);
  });

  it("retry 5xx answers too, with the same key", async () => {
    const net = mockFetch(
      sessionRoutes(FORM, {
        [RESPONSES]: [() => apiError(503, "not_ready", "Try again."), () => json(200, RECEIPT)],
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();
    const keys = await keysSent(net);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(storedDrafts()).toEqual([]);
  });

  it("use exactly one key, even after a reload while offline, until the send goes through", async () => {
    // A long first delay: only the "online" event and the reload make it try again.
    const net = mockFetch(sessionRoutes(FORM, { [RESPONSES]: offline }));
    const first = renderHomework({ retryDelayMs: 60_000 });
    const user = userEvent.setup();
    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByText(/No connection — we'll keep trying/);
    expect(screen.getByLabelText("What happened (required)")).toHaveAttribute("readonly");
    const [before] = storedDrafts();
    expect(before.pending).toBe(true);
    first.unmount();

    // The reload: the pending draft is sent again on its own, with its key.
    renderHomework({ retryDelayMs: 60_000 });
    await waitFor(() => expect(net.to(RESPONSES)).toHaveLength(2));
    expect(await screen.findByRole("button", { name: /Evening check-in/ })).toHaveTextContent("Waiting to send");
    await openCheckIn(user);
    expect(screen.getByLabelText("What happened (required)")).toHaveValue("We argued, then we listened.");
    expect(screen.getByRole("status")).toHaveTextContent("No connection — we'll keep trying");

    // A second tap while waiting tries now, with the same key.
    net.set(RESPONSES, [offline]);
    await user.click(screen.getByRole("button", { name: "Try again now" }));
    await waitFor(() => expect(net.to(RESPONSES)).toHaveLength(3));

    // Back online.
    net.set(RESPONSES, () => json(201, RECEIPT));
    act(() => {
      window.dispatchEvent(new Event("online"));
    });

    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();
    const keys = await keysSent(net);
    expect(keys).toHaveLength(4);
    expect(new Set(keys)).toEqual(new Set([before.key]));
    expect(storedDrafts()).toEqual([]);
  });

  it("a double tap sends once", async () => {
    let answer!: (r: Response) => void;
    const net = mockFetch(sessionRoutes(FORM, { [RESPONSES]: () => new Promise<Response>((r) => (answer = r)) }));
    renderHomework();
    const user = userEvent.setup();
    await fillIn(user);

    await user.dblClick(screen.getByRole("button", { name: "Send" }));
    await user.click(screen.getByRole("button", { name: "Sending…" }));
    await waitFor(() => expect(net.to(RESPONSES)).toHaveLength(1));
    answer(json(201, RECEIPT));

    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();
    expect(net.to(RESPONSES)).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("show 422 field messages next to their fields and in a summary, keeping the draft", async () => {
    mockFetch(
      sessionRoutes(FORM, {
        [RESPONSES]: () =>
          apiError(422, "validation_failed", "Some answers need another look.", {
            "answers.story": "Write at least a few words.",
            "answers.trust": "Choose a number from 0 to 10.",
          }),
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Send" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Some answers need another look.");
    expect(within(alert).getByRole("link", { name: "What happened: Write at least a few words." })).toBeInTheDocument();
    await waitFor(() => expect(alert).toHaveFocus()); // an effect's work, maybe after the render

    const story = screen.getByLabelText("What happened (required)");
    expect(story).toHaveAttribute("aria-invalid", "true");
    expect(story).toHaveAccessibleDescription(/Write at least a few words\./);
    expect(story.closest(".hw-field")).toHaveTextContent("Write at least a few words.");
    const trust = screen.getByRole("radiogroup", { name: /How safe/ });
    expect(trust).toHaveAccessibleDescription(/Choose a number from 0 to 10\./);
    expect(screen.getByLabelText("One word for today")).not.toHaveAttribute("aria-invalid");

    // The summary's link takes focus to the field, and leaves the address alone.
    await user.click(within(alert).getByRole("link", { name: /What happened/ }));
    expect(story).toHaveFocus();
    expect(window.location.hash).toBe("");

    expect(story).toHaveValue("We argued, then we listened.");
    expect(storedDrafts()).toHaveLength(1);
    expect(storedDrafts()[0].pending).toBe(false);
  });

  it("after a 422 (nothing was written) send the corrected draft under a new key", async () => {
    const net = mockFetch(
      sessionRoutes(FORM, {
        [RESPONSES]: [
          () => apiError(422, "validation_failed", "Check your answers.", { "answers.story": "Too short." }),
          () => json(201, RECEIPT),
        ],
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByRole("alert");

    await user.type(screen.getByLabelText("What happened (required)"), " And then we slept.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();
    const keys = await keysSent(net);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it("show a 409 and keep the text visible (and the draft) so nothing is lost", async () => {
    mockFetch(
      sessionRoutes(FORM, {
        [RESPONSES]: () => apiError(409, "occurrence_not_open", "This check-in has closed."),
      }),
    );
    renderHomework();
    const user = userEvent.setup();
    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Send" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This check-in has closed.");
    expect(alert).toHaveTextContent("Your answers are still below");
    expect(screen.getByLabelText("What happened (required)")).toHaveValue("We argued, then we listened.");
    expect(storedDrafts()).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Discard this draft" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Hello, Sam" })).toBeInTheDocument();
    expect(storedDrafts()).toEqual([]);
  });
});

describe("journal", () => {
  const JOURNAL = "POST /api/homework/journal";

  it("keeps a draft, sends it with one key through a failure, and clears it", async () => {
    const net = mockFetch(sessionRoutes(FORM, { [JOURNAL]: [offline, () => json(201, RECEIPT)] }));
    const first = renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Journal" }));
    const label = "Write whatever is on your mind.";
    await user.type(await screen.findByLabelText(label), "Quieter day.");
    // It says who can really read it: the practice's staff who see this client, never the partner.
    expect(screen.getByLabelText(label)).toHaveAccessibleDescription(
      "Who can read it: the clinicians who work with you, and the managers of Harbour Counselling. Never your partner. Each time someone reads it, that is recorded.",
    );
    expect(screen.getByText("Draft saved on this device.")).toBeInTheDocument();
    first.unmount();

    renderHomework();
    await user.click(await screen.findByRole("link", { name: "Journal" }));
    expect(await screen.findByLabelText(label)).toHaveValue("Quieter day.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Thank you" })).toBeInTheDocument();
    const bodies = await Promise.all(net.to(JOURNAL).map((r) => r.json()));
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual({ body: "Quieter day.", idempotency_key: bodies[1].idempotency_key });
    expect(storedDrafts()).toEqual([]);

    // A new entry is a new draft, with a new key.
    await user.click(screen.getByRole("link", { name: "Journal" }));
    expect(await screen.findByLabelText(label)).toHaveValue("");
  });

  it("does not send an empty entry", async () => {
    const net = mockFetch(sessionRoutes(FORM));
    renderHomework();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Journal" }));
    await user.click(await screen.findByRole("button", { name: "Send" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Write something first.");
    expect(net.to(JOURNAL)).toHaveLength(0);
  });
});
