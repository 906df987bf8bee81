import { screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

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

  it("submits the form as the SignupRequest JSON with the CSRF token, then shows the dashboard", async () => {
    const net = mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup": () => json(201, ME),
    });
    renderApp("/signup");
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("Practice name"), "Harbour Counselling");
    await user.type(screen.getByLabelText("Your name"), "Ana Lindqvist");
    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Create practice" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
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
    const net = mockFetch({ "GET /api/auth/csrf": csrfTokens(), "POST /api/auth/signup": () => json(201, ME) });
    renderApp("/signup");
    const user = userEvent.setup();

    expect(screen.getByText(/Europe\/London \(UTC\+00:00\), taken from this device\./)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Change the practice time zone" })).toBeInTheDocument();
    await fillAndSend(user);

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
    expect(await net.to("POST /api/auth/signup")[0].json()).toMatchObject({ time_zone: "Europe/London" });
  });

  it("lets the zone be changed by searching for a city", async () => {
    const net = mockFetch({ "GET /api/auth/csrf": csrfTokens(), "POST /api/auth/signup": () => json(201, ME) });
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

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
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

  it("shows a 409 message in the alert and field messages by JSON field name", async () => {
    mockFetch({
      "GET /api/auth/csrf": csrfTokens(),
      "POST /api/auth/signup": () =>
        apiError(409, "email_taken", "An account with this email already exists.", {
          email: "This email is already registered.",
        }),
    });
    renderApp("/signup");
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("Email"), "ana@example.com");
    await user.click(screen.getByRole("button", { name: "Create practice" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("An account with this email already exists.");
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("This email is already registered.");
    expect(screen.getByLabelText("Practice name")).not.toHaveAttribute("aria-invalid");
  });
});
