import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { formatMoney, type Billing } from "../../api/billing";
import { formatDate, formatDateTime } from "../../components/format";
import { daysFromNow } from "../../test/clock";
import { BILLING_ACTIVE, BILLING_TRIAL, INVOICES, meAs } from "../../test/fixtures";
import { apiError, csrfTokens, json, ME, mockFetch, renderApp } from "../../test/helpers";

const usd = (cents: number) => formatMoney(cents, "usd");

/** window.location.assign, watched: Stripe's pages are where the browser would go. */
function watchNavigation() {
  const assign = vi.fn();
  vi.stubGlobal("location", { ...window.location, assign });
  return assign;
}

/** The value beside a term of the subscription's details. */
function detail(term: string): string | null | undefined {
  const panel = screen.getByRole("region", { name: "Subscription" });
  return within(panel).getByText(term, { selector: "dt" }).nextElementSibling?.textContent;
}

/** The owner's routes for the page; the practice's standing agrees with the (last) billing answer, as the server's would. */
function billingRoutes(billing: Billing | Billing[]) {
  const list = Array.isArray(billing) ? billing : [billing];
  const { standing, reason, grace_ends } = list[list.length - 1];
  return {
    "GET /api/auth/me": () => json(200, ME),
    "GET /api/auth/csrf": csrfTokens(),
    "GET /api/billing": list.map((b) => () => json(200, b)),
    "GET /api/practice/standing": () => json(200, { standing, reason, grace_ends }),
  };
}

describe("billing page", () => {
  it("in a trial without a subscription, offers both plans with the total for the current seats and goes to checkout", async () => {
    const assign = watchNavigation();
    const net = mockFetch({
      ...billingRoutes(BILLING_TRIAL),
      "POST /api/billing/checkout": () => json(200, { url: "https://checkout.stripe.test/c/pay/cs_1" }),
    });
    renderApp("/app/billing");
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "Billing" })).toBeInTheDocument();
    expect(document.title).toBe("Billing · Steady");
    expect(screen.getByText(/Nothing upgrades itself/)).toHaveTextContent(
      "the number of seats changes only when your team does, and Steady shows the price before a seat is added",
    );
    expect(await screen.findByRole("heading", { level: 2, name: "Subscription" })).toBeInTheDocument();
    expect(detail("Status")).toBe(`Free trial — ends ${formatDate(daysFromNow(40, "12:00"))}`);
    expect(detail("Plan")).toBe("None chosen yet");
    expect(detail("Seats in use")).toBe("3 (every active member)");
    expect(screen.queryByText("Seats on the subscription")).not.toBeInTheDocument();
    // No Stripe customer yet: nothing to manage in the portal.
    expect(screen.queryByRole("button", { name: "Manage payment and invoices" })).not.toBeInTheDocument();
    expect(screen.getByText("No invoices yet.")).toBeInTheDocument();

    const plans = screen.getByRole("group", { name: "Plan" });
    const monthly = within(plans).getByRole("radio", { name: (n) => n.startsWith(`Monthly: ${usd(2900)} per seat a month`) });
    const yearly = within(plans).getByRole("radio", { name: (n) => n.startsWith(`Yearly: ${usd(29000)} per seat a year`) });
    expect(monthly).toHaveAccessibleDescription(`· 3 seats: ${usd(8700)} a month`);
    expect(yearly).toHaveAccessibleDescription(`· 3 seats: ${usd(87000)} a year`);
    expect(monthly).toBeChecked();
    await user.click(yearly);
    expect(net.writes()).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Continue to checkout" }));

    await waitFor(() => expect(assign).toHaveBeenCalledWith("https://checkout.stripe.test/c/pay/cs_1"));
    const [post] = net.to("POST /api/billing/checkout");
    expect(await post.json()).toEqual({ interval: "year" });
    expect(post.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(screen.getByRole("button", { name: "Opening checkout…" })).toBeDisabled();
  });

  it("shows a refused checkout and fetches the state again", async () => {
    const assign = watchNavigation();
    const net = mockFetch({
      ...billingRoutes([BILLING_TRIAL, BILLING_ACTIVE]),
      "POST /api/billing/checkout": () =>
        apiError(409, "already_subscribed", "The practice already has a subscription. Change it in the billing portal."),
    });
    renderApp("/app/billing");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Continue to checkout" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The practice already has a subscription.");
    await waitFor(() => expect(net.to("GET /api/billing")).toHaveLength(2));
    // Now subscribed: no plan choice, the portal instead.
    expect(await screen.findByRole("button", { name: "Manage payment and invoices" })).toBeInTheDocument();
    expect(screen.queryByRole("group", { name: "Plan" })).not.toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
  });

  it("when active, shows the plan, the seats, the next invoice and past invoices with links to Stripe's pages", async () => {
    mockFetch(billingRoutes(BILLING_ACTIVE));
    renderApp("/app/billing");

    await screen.findByRole("heading", { level: 2, name: "Subscription" });
    expect(detail("Status")).toBe("Active");
    expect(detail("Plan")).toBe(`Monthly, ${usd(2900)} per seat a month`);
    expect(detail("Seats in use")).toBe("3 (every active member)");
    expect(detail("Seats on the subscription")).toBe("3");
    expect(detail("Renews on")).toBe(formatDate(daysFromNow(24, "09:00")));
    expect(detail("Next invoice")).toBe(`${usd(8700)} on ${formatDate(daysFromNow(24, "09:00"))}`);
    expect(screen.queryByRole("group", { name: "Plan" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Continue to checkout" })).not.toBeInTheDocument();

    expect(screen.getByRole("heading", { level: 2, name: "Invoices" })).toBeInTheDocument();
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Invoice", "Date", "Amount", "Status", "Actions"]);
    const row = screen.getByRole("rowheader", { name: "HC-0002" }).closest("tr") as HTMLElement;
    expect(within(row).getByText(formatDate(INVOICES[0].created))).toBeInTheDocument();
    expect(within(row).getByText(usd(8700))).toBeInTheDocument();
    expect(within(row).getByText("Paid")).toBeInTheDocument();
    expect(within(row).getByRole("link", { name: "View invoice HC-0002" })).toHaveAttribute("href", INVOICES[0].hosted_invoice_url);
    expect(within(row).getByRole("link", { name: "PDF of invoice HC-0002" })).toHaveAttribute("href", INVOICES[0].pdf_url);
    expect(within(table).getAllByRole("row")).toHaveLength(3);
  });

  it("opens Stripe's billing portal, and shows its refusal", async () => {
    const assign = watchNavigation();
    const net = mockFetch({
      ...billingRoutes(BILLING_ACTIVE),
      "POST /api/billing/portal": [
        () => apiError(409, "no_customer", "Check out once before opening the billing portal."),
        () => json(200, { url: "https://billing.stripe.test/p/session/ps_1" }),
      ],
    });
    renderApp("/app/billing");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Manage payment and invoices" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Check out once before opening the billing portal.");
    expect(assign).not.toHaveBeenCalled();

    await user.click(screen.getByRole("button", { name: "Manage payment and invoices" }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith("https://billing.stripe.test/p/session/ps_1"));
    expect(net.to("POST /api/billing/portal")).toHaveLength(2);
    expect(net.to("POST /api/billing/portal")[1].headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("after a failed payment, says until when Steady works in full, here and in the banner", async () => {
    const grace: Billing = { ...BILLING_ACTIVE, status: "past_due", standing: "grace", reason: "payment_failed", grace_ends: daysFromNow(9, "12:00") };
    mockFetch(billingRoutes(grace));
    renderApp("/app/billing");

    await screen.findByRole("heading", { level: 2, name: "Subscription" });
    const until = formatDate(daysFromNow(9, "12:00"));
    expect(detail("Status")).toBe(`Payment failed — full service until ${until}`);
    // The billing page's answer carries the standing, so the banner agrees with it.
    const banner = (await screen.findByText(/A payment failed/)).closest("[role=status]");
    expect(banner).toHaveTextContent(`A payment failed. Steady keeps working in full until ${until}`);
    expect(screen.getByRole("button", { name: "Manage payment and invoices" })).toBeInTheDocument();
  });

  it("when the subscription has ended, says the practice is read-only and offers a new subscription", async () => {
    const ended: Billing = { ...BILLING_ACTIVE, status: "canceled", standing: "read_only", reason: "canceled", next_invoice: null };
    mockFetch(billingRoutes(ended));
    renderApp("/app/billing");

    await screen.findByRole("heading", { level: 2, name: "Subscription" });
    expect(detail("Status")).toBe("Read-only: subscription ended");
    expect(screen.queryByText("Next invoice")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: "Choose a plan" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Continue to checkout" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Manage payment and invoices" })).toBeInTheDocument();
    expect(await screen.findByRole("alert")).toHaveTextContent("This practice is read-only because its subscription was cancelled.");
    // The invoices stay readable.
    expect(screen.getByRole("rowheader", { name: "HC-0001" })).toBeInTheDocument();
  });

  it("warns when Stripe refused the last seat change, which Steady retries", async () => {
    const at = daysFromNow(-1, "15:20");
    mockFetch(billingRoutes({ ...BILLING_ACTIVE, quantity: 2, seat_error: "Your card was declined.", seat_error_at: at }));
    renderApp("/app/billing");

    expect(
      await screen.findByText(
        `Stripe refused the last seat change at ${formatDateTime(at)}: Your card was declined. Steady retries it; your team change stands.`,
      ),
    ).toHaveClass("warning");
    expect(detail("Seats on the subscription")).toBe("2");
  });

  it("back from checkout, says the subscription is being confirmed and asks again until Stripe has confirmed it", async () => {
    const net = mockFetch(billingRoutes([BILLING_TRIAL, { ...BILLING_ACTIVE, invoices: [] }]));
    renderApp("/app/billing?checkout=done");

    expect(await screen.findByText("Thanks — your subscription is being confirmed.")).toHaveAttribute("role", "status");
    // Asked again 2 s later: Stripe's webhook has arrived by then.
    expect(await screen.findByText("Thanks — your subscription is confirmed.")).toHaveAttribute("role", "status");
    expect(detail("Status")).toBe("Active");
    expect(net.to("GET /api/billing")).toHaveLength(2);
    // Confirmed: no more polling.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(net.to("GET /api/billing")).toHaveLength(2);
  });

  it("back from a cancelled checkout, says nothing was charged", async () => {
    const net = mockFetch(billingRoutes(BILLING_TRIAL));
    renderApp("/app/billing?checkout=canceled");

    expect(await screen.findByText("Checkout was cancelled; nothing was charged.")).toHaveAttribute("role", "status");
    expect(await screen.findByRole("button", { name: "Continue to checkout" })).toBeInTheDocument();
    expect(net.to("GET /api/billing")).toHaveLength(1);
  });

  it("is not offered to clinicians: no navigation item, and the address explains without asking the API", async () => {
    const net = mockFetch({ "GET /api/auth/me": meAs("clinician"), "GET /api/billing": () => json(200, BILLING_ACTIVE) });
    renderApp("/app/billing");

    expect(await screen.findByRole("heading", { level: 1, name: "Billing" })).toBeInTheDocument();
    expect(screen.getByText("Billing is looked after by the practice's owner and admins.")).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Billing" })).not.toBeInTheDocument();
    expect(net.to("GET /api/billing")).toHaveLength(0);
  });
});
