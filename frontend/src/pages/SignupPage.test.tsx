import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../test/helpers";

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
    });
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
