import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { daysFromNow } from "../../test/clock";
import { PRACTICE_SETTINGS } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const CLOSED_ME = {
  ...ME,
  practice: { ...ME.practice, closed_at: daysFromNow(0, "12:00"), delete_after: daysFromNow(2557, "12:00") },
};

describe("closing the practice", () => {
  it("asks for the practice's name and the password, shows each refusal by its field, then shows the practice closed", async () => {
    const net = mockFetch({
      "GET /api/auth/me": [() => json(200, ME), () => json(200, CLOSED_ME)],
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/practice": () => json(200, PRACTICE_SETTINGS),
      "POST /api/practice/close": [
        () =>
          apiError(422, "validation_failed", "Some fields need attention.", {
            practice_name: "does not match the practice's name; type it exactly as it is shown",
          }),
        () => apiError(422, "validation_failed", "Some fields need attention.", { password: "is not your password" }),
        () => json(200, { closed_at: CLOSED_ME.practice.closed_at, delete_after: CLOSED_ME.practice.delete_after }),
      ],
    });
    renderApp("/app/settings");
    const user = userEvent.setup();

    const zone = await screen.findByRole("region", { name: "Close practice" });
    await user.click(within(zone).getByRole("button", { name: "Close practice…" }));
    expect(within(zone).getByText(/Close Harbour Counselling for good\?/)).toHaveFocus();
    const name = within(zone).getByLabelText("The practice's name");
    expect(name).toHaveAccessibleDescription("Type it exactly as it is: Harbour Counselling");
    await user.type(name, "Harbour");
    await user.type(within(zone).getByLabelText("Your password"), "long enough password");
    await user.click(within(zone).getByRole("button", { name: "Close the practice for good" }));

    expect(await within(zone).findByRole("alert")).toHaveTextContent("Some fields need attention.");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription(/does not match the practice's name/);
    expect(await net.to("POST /api/practice/close")[0].json()).toEqual({
      practice_name: "Harbour",
      password: "long enough password",
    });

    await user.type(name, " Counselling");
    await user.click(within(zone).getByRole("button", { name: "Close the practice for good" }));
    const password = within(zone).getByLabelText("Your password");
    expect(await within(zone).findByText(/is not your password/, { selector: "a" })).toBeInTheDocument();
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(name).not.toHaveAttribute("aria-invalid");

    await user.click(within(zone).getByRole("button", { name: "Close the practice for good" }));
    expect(await screen.findByRole("heading", { name: "Harbour Counselling is closed" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Export all practice data" })).toBeInTheDocument();
    expect(net.to("POST /api/practice/close")).toHaveLength(3);
  });

  it("cancels without closing, back to the button that opened it", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => json(200, ME),
      "GET /api/auth/csrf": csrfTokens(),
      "GET /api/practice": () => json(200, PRACTICE_SETTINGS),
    });
    renderApp("/app/settings");
    const user = userEvent.setup();
    const zone = await screen.findByRole("region", { name: "Close practice" });
    await user.click(within(zone).getByRole("button", { name: "Close practice…" }));
    await user.click(within(zone).getByRole("button", { name: "Cancel" }));
    expect(within(zone).getByRole("button", { name: "Close practice…" })).toHaveFocus();
    expect(net.writes()).toHaveLength(0);
  });
});

describe("a closed practice", () => {
  it("shows its owner when its data goes, and only the export", async () => {
    const net = mockFetch({ "GET /api/auth/me": () => json(200, CLOSED_ME) });
    renderApp("/app/clients");
    expect(await screen.findByRole("heading", { name: "Harbour Counselling is closed" })).toBeInTheDocument();
    expect(screen.getByText(/Its data will be deleted for good on/)).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Export all practice data" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    expect(net.to("GET /api/clients")).toHaveLength(0);
    expect(net.to("GET /api/practice/standing")).toHaveLength(0);
  });

  it("tells a member who is not the owner that only the owner can export", async () => {
    const net = mockFetch({ "GET /api/auth/me": () => json(200, { ...CLOSED_ME, role: "clinician" }) });
    renderApp("/app");
    expect(await screen.findByText("Only the practice's owner can still sign in, to export its data.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Export all practice data" })).not.toBeInTheDocument();
    expect(net.to("GET /api/practice/exports")).toHaveLength(0);
  });

  it("is shown as soon as the API says the practice has closed", async () => {
    mockFetch({
      "GET /api/auth/me": [() => json(200, ME), () => json(200, { ...CLOSED_ME, role: "clinician" })],
      "GET /api/clients": () => apiError(403, "practice_closed", "This practice has been closed."),
    });
    renderApp("/app/clients");
    expect(await screen.findByRole("heading", { name: "Harbour Counselling is closed" })).toBeInTheDocument();
  });
});
