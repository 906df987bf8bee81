import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { billingKeys, type Standing } from "../../api/billing";
import type { Role } from "../../api/client";
import { formatDate } from "../../components/format";
import { daysFromNow } from "../../test/clock";
import { caseloadPage, meAs, STANDING_GRACE, STANDING_READ_ONLY } from "../../test/fixtures";
import { json, mockFetch, renderApp } from "../../test/helpers";

/** The overview, signed in with the role, in the practice's standing. */
function renderOverview(role: Role, standing: Standing) {
  const net = mockFetch({
    "GET /api/auth/me": meAs(role),
    "GET /api/caseload": () => json(200, caseloadPage([])),
    "GET /api/practice/standing": () => json(200, standing),
  });
  const view = renderApp("/app");
  return { net, view };
}

describe("standing banner", () => {
  it("tells owners and admins about a failed payment, with the date full service ends and a link to billing", async () => {
    for (const role of ["owner", "admin"] as const) {
      const { view } = renderOverview(role, STANDING_GRACE);
      const text = await screen.findByText(/A payment failed/);
      const region = text.closest("[role=status]") as HTMLElement;
      expect(region, role).toHaveTextContent(
        `A payment failed. Steady keeps working in full until ${formatDate(daysFromNow(9, "12:00"))}; update the payment method on the Billing page.`,
      );
      expect(within(region).getByRole("link", { name: "Billing page" })).toHaveAttribute("href", "/app/billing");
      // Above the page's own content, inside the main landmark.
      expect(within(screen.getByRole("main")).getByText(/A payment failed/)).toBe(text);
      view.unmount();
    }
  });

  it("says nothing to clinicians during the grace period", async () => {
    const { view } = renderOverview("clinician", STANDING_GRACE);
    // The standing has arrived, and the shell shows nothing of it.
    await waitFor(() => expect(view.queryClient.getQueryData(billingKeys.standing)).toEqual(STANDING_GRACE));
    expect(screen.getByRole("heading", { level: 1, name: "Welcome, Ana Lindqvist" })).toBeInTheDocument();
    expect(screen.queryByText(/A payment failed/)).not.toBeInTheDocument();
  });

  it("tells everyone when the practice is read-only and why; only owners and admins get the link", async () => {
    for (const [role, link] of [
      ["owner", true],
      ["clinician", false],
    ] as const) {
      const { view } = renderOverview(role, STANDING_READ_ONLY);
      const text = await screen.findByText(/This practice is read-only/);
      const banner = text.closest("[role=alert]") as HTMLElement;
      expect(banner, role).toHaveTextContent(
        "This practice is read-only because its subscription was cancelled. You can still read and export every record, and clients' links keep working. An owner or admin can restore it on the Billing page.",
      );
      expect(within(banner).queryByRole("link", { name: "Billing page" }) !== null, role).toBe(link);
      view.unmount();
    }
  });

  it("names why in words, e.g. a trial that ended without a subscription", async () => {
    renderOverview("admin", { standing: "read_only", reason: "trial_over", grace_ends: null });
    expect(await screen.findByText(/This practice is read-only/)).toHaveTextContent(
      "This practice is read-only because its free trial ended without a subscription.",
    );
  });

  it("shows nothing in full standing", async () => {
    const full: Standing = { standing: "full", reason: null, grace_ends: null };
    const { view } = renderOverview("owner", full);
    await waitFor(() => expect(view.queryClient.getQueryData(billingKeys.standing)).toEqual(full));
    expect(screen.queryByText(/read-only|payment failed/i)).not.toBeInTheDocument();
  });
});
