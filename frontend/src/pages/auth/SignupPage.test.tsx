import { screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, csrfTokens, json, mockFetch, renderApp } from "../../test/helpers";

const STARTED = () => json(202, { message: "Check your email to finish setting up your practice." });

afterEach(() => vi.restoreAllMocks());

async function fillAndSend(user: UserEvent) {
  await user.type(screen.getByLabelText("Practice name"), "Harbour Counselling");
  await user.type(screen.getByLabelText("Your name"), "Ana Lindqvist");
  await user.type(screen.getByLabelText("Email"), "ana@example.com");
  await user.type(screen.getByLabelText("Password"), "correct horse battery");
  await user.click(screen.getByRole("button", { name: "Create practice" }));
}

describe("SignupPage", () => {
  it("labels every input and shows the password hint", () => {
    mockFetch({});
    renderApp("/signup");
    for (const label of ["Practice name", "Your name", "Email", "Password"]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(/At least 12 characters/);
  });

  it("submits the form as the SignupRequest JSON with the CSRF token, then asks the person to check their email", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup": STARTED,
    });
    renderApp("/signup");
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("Practice name"), "Harbour Counselling");
    await user.type(screen.getByLabelText("Your name"), "Ana Lindqvist");
    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Create practice" }));

    // Nothing exists until the emailed link is opened: the same screen for every address.
    expect(await screen.findByRole("heading", { level: 1, name: "Check your email" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(
      "We have sent a message to ana@example.com. Open the link in it to finish setting up your practice.",
    );
    expect(document.title).toMatch(/^Check your email/);
    expect(net.to("GET /api/auth/me")).toHaveLength(0);
    const [post] = net.to("POST /api/auth/signup");
    expect(post.headers.get("Content-Type")).toBe("application/json");
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(await post.json()).toEqual({
      practice_name: "Harbour Counselling",
      name: "Ana Lindqvist",
      email: "ana@example.com",
      password: "correct horse battery",
      time_zone: "UTC", // the test browser's own zone (TZ=UTC)
    });
  });

  it("shows the device's time zone as the practice's and sends it", async () => {
    const real = Intl.DateTimeFormat.prototype.resolvedOptions;
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockImplementation(function (this: Intl.DateTimeFormat) {
      return { ...real.call(this), timeZone: "Europe/London" };
    });
    const net = mockFetch({ "GET /api/auth/csrf": csrfTokens(), "POST /api/auth/signup": STARTED });
    renderApp("/signup");
    const user = userEvent.setup();

    expect(screen.getByText(/Europe\/London \(UTC\+00:00\), taken from this device\./)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Change the practice time zone" })).toBeInTheDocument();
    await fillAndSend(user);

    expect(await screen.findByRole("heading", { level: 1, name: "Check your email" })).toBeInTheDocument();
    expect(await net.to("POST /api/auth/signup")[0].json()).toMatchObject({ time_zone: "Europe/London" });
  });

  it("lets the zone be changed by searching for a city", async () => {
    const net = mockFetch({ "GET /api/auth/csrf": csrfTokens(), "POST /api/auth/signup": STARTED });
    renderApp("/signup");
    const user = userEvent.setup();

    expect(screen.queryByLabelText("Practice time zone")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Change the practice time zone" }));
    const search = screen.getByRole("searchbox", { name: "Search by city or region" });
    expect(search).toHaveFocus();
    await user.type(search, "chicago");
    expect(screen.getByLabelText("Practice time zone")).toHaveValue("America/Chicago");
    expect(screen.getByRole("option", { name: "Chicago (UTC-06:00)" })).toBeInTheDocument();
    await fillAndSend(user);

    expect(await screen.findByRole("heading", { level: 1, name: "Check your email" })).toBeInTheDocument();
    expect(await net.to("POST /api/auth/signup")[0].json()).toMatchObject({ time_zone: "America/Chicago" });
  });

  it("opens the zone picker with the server's reason when the zone is refused", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup": () =>
        apiError(422, "validation_failed", "Some fields need attention.", {
          time_zone: "is not a time zone we know; use a name like Europe/London",
        }),
    });
    renderApp("/signup");
    const user = userEvent.setup();
    await fillAndSend(user);

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("link", { name: /Practice time zone: is not a time zone we know/ })).toHaveAttribute(
      "href",
      "#time_zone",
    );
    const zone = screen.getByLabelText("Practice time zone");
    expect(zone).toHaveAttribute("aria-invalid", "true");
    expect(zone).toHaveAccessibleDescription(expect.stringContaining("is not a time zone we know"));
  });

  it("shows the server's reason for refusing the password next to the field, and keeps the form", async () => {
    const reason = "is too easy to guess: avoid repeated characters and sequences such as 'aaaa' or '1234'";
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup": [
        () => apiError(422, "validation_failed", "Some fields need attention.", { password: reason }),
        STARTED,
      ],
    });
    renderApp("/signup");
    const user = userEvent.setup();
    await fillAndSend(user);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Some fields need attention.");
    expect(within(alert).getByRole("link", { name: `Password: ${reason}` })).toHaveAttribute("href", "#password");
    const password = screen.getByLabelText("Password");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(expect.stringContaining(reason));
    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Practice name")).toHaveValue("Harbour Counselling");

    await user.clear(password);
    await user.type(password, "verb quilt harbour lantern");
    await user.click(screen.getByRole("button", { name: "Create practice" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Check your email" })).toBeInTheDocument();
  });
});
