import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { daysFromNow } from "../../test/clock";
import { apiError, json, mockFetch, renderApp } from "../../test/helpers";

describe("dev mailbox", () => {
  it("lists the messages with their text, so links in them can be opened", async () => {
    mockFetch({
      "GET /api/dev/mailbox": () =>
        json(200, {
          messages: [
            {
              id: "5d0c1f9e-0000-4000-8000-000000000001",
              to: "ana@example.com",
              subject: "Welcome to Steady",
              text: "Log in any time at http://localhost:8080/login",
              created_at: daysFromNow(-2, "07:00"),
            },
          ],
        }),
    });
    renderApp("/dev/mailbox");
    expect(await screen.findByRole("heading", { level: 2, name: "Welcome to Steady" })).toBeInTheDocument();
    expect(screen.getByText(/To ana@example.com/)).toBeInTheDocument();
    expect(screen.getByText(/http:\/\/localhost:8080\/login/)).toBeInTheDocument();
  });

  it("says when the mailbox is not available", async () => {
    mockFetch({ "GET /api/dev/mailbox": () => apiError(404, "not_found", "There is nothing at this address.") });
    renderApp("/dev/mailbox");
    expect(await screen.findByRole("alert")).toHaveTextContent("only available in development");
  });
});
