import { Fragment, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import {
  formatMoney,
  INTERVAL_ADJECTIVE,
  INTERVAL_NOUN,
  subscriptionConfirmed,
  useBilling,
  useCheckout,
  useCheckoutPollOver,
  useOpenPortal,
  type Billing,
  type Interval,
  type Invoice,
} from "../../api/billing";
import { asApiError } from "../../api/client";
import { canManageBilling } from "../../api/permissions";
import { DataTable } from "../../components/DataTable";
import { ErrorSummary } from "../../components/ErrorSummary";
import { formatDate, formatDateTime } from "../../components/format";
import { QueryState } from "../../components/LoadState";
import { Notice } from "../../components/Notice";
import { RadioGroup } from "../../components/RadioGroup";
import { useDocumentTitle } from "../../components/useDocumentTitle";
import { useCurrentUser } from "../AppShell";
import { perSeat, seatCount, statusWords } from "./words";

/**
 * /app/billing: the practice's subscription, seats and invoices (owners and admins). Stripe's own
 * pages take the card and run the portal; this page sends the browser there. Stripe sends it
 * back with ?checkout=done or ?checkout=canceled.
 */
export function BillingPage() {
  useDocumentTitle("Billing");
  const me = useCurrentUser();
  if (!canManageBilling(me.role)) {
    return (
      <>
        <h1>Billing</h1>
        <p>Billing is looked after by the practice's owner and admins.</p>
        <p>
          <Link to="/app">Back to the overview</Link>
        </p>
      </>
    );
  }
  return <BillingOverview practiceName={me.practice.name} />;
}

function BillingOverview({ practiceName }: { practiceName: string }) {
  const [params] = useSearchParams();
  const returned = params.get("checkout");
  const billing = useBilling({ pollAfterCheckout: returned === "done" });
  const b = billing.data;
  // Here, not in the plan choice: a refusal (already subscribed) fetches the state again, which
  // may take the plan choice away, and the reason must stay in view.
  const checkout = useCheckout();
  const checkoutError = checkout.error ? asApiError(checkout.error) : null;

  return (
    <>
      <h1>Billing</h1>
      <p className="lead">
        {practiceName} pays per seat: one for each active member, whatever their role. Nothing upgrades itself: the
        number of seats changes only when your team does, and Steady shows the price before a seat is added.
      </p>
      <CheckoutReturn returned={returned} billing={b} />
      <QueryState query={billing} what="billing" />
      {b && (
        <div className="stack">
          {b.seat_error && <SeatError error={b.seat_error} at={b.seat_error_at} />}
          {!canSubscribe(b) && <ErrorSummary error={checkoutError} />}
          <Subscription billing={b} />
          {canSubscribe(b) && <ChoosePlan billing={b} checkout={checkout} />}
          <Invoices invoices={b.invoices} />
        </div>
      )}
    </>
  );
}

/** No subscription yet, or one that has ended for good: a new checkout is the way back. */
function canSubscribe(b: Billing): boolean {
  return !b.subscribed || b.status === "canceled" || b.status === "incomplete_expired";
}

/** What happened at Stripe's checkout; after a payment, the wait for Stripe to confirm it. */
function CheckoutReturn({ returned, billing }: { returned: string | null; billing: Billing | undefined }) {
  const pollOver = useCheckoutPollOver();
  let text = "";
  if (returned === "canceled") text = "Checkout was cancelled; nothing was charged.";
  if (returned === "done") {
    if (subscriptionConfirmed(billing)) text = "Thanks — your subscription is confirmed.";
    else if (pollOver)
      text = "Stripe has not confirmed the subscription yet. It can take a few minutes: reload this page to check again.";
    else text = "Thanks — your subscription is being confirmed.";
  }
  return <Notice text={text} />;
}

function SeatError({ error, at }: { error: string; at: string | null }) {
  const when = at ? ` at ${formatDateTime(at)}` : "";
  // Stripe's message may end in a full stop of its own.
  const said = error.trim().replace(/\.+$/, "");
  return (
    <p className="warning">
      Stripe refused the last seat change{when}: {said}. Steady retries it; your team change stands.
    </p>
  );
}

function Subscription({ billing: b }: { billing: Billing }) {
  const portal = useOpenPortal();
  const plan = b.plans.find((p) => p.price_id === b.price_id);
  const rows: [string, string][] = [["Status", statusWords(b)]];
  if (plan) rows.push(["Plan", `${INTERVAL_ADJECTIVE[plan.interval]}, ${perSeat(plan.unit_amount, plan.currency, plan.interval)}`]);
  else rows.push(["Plan", b.interval ? INTERVAL_ADJECTIVE[b.interval] : "None chosen yet"]);
  rows.push(["Seats in use", `${b.seats} (every active member)`]);
  if (b.subscribed) rows.push(["Seats on the subscription", String(b.quantity)]);
  if (b.subscribed && b.current_period_end && b.status === "active") {
    rows.push([b.cancel_at_period_end ? "Ends on" : "Renews on", formatDate(b.current_period_end)]);
  }
  if (b.next_invoice) {
    const amount = formatMoney(b.next_invoice.amount, b.next_invoice.currency);
    rows.push(["Next invoice", b.next_invoice.date ? `${amount} on ${formatDate(b.next_invoice.date)}` : amount]);
  }

  function openPortal() {
    portal.reset();
    portal.mutate(undefined, { onSuccess: ({ url }) => window.location.assign(url) });
  }

  return (
    <section className="panel" aria-labelledby="subscription-heading">
      <h2 id="subscription-heading">Subscription</h2>
      <dl className="details">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {b.subscribed && b.quantity !== b.seats && !b.seat_error && (
        <p className="muted">The subscription is being brought in line with the seats in use.</p>
      )}
      {b.has_customer && (
        <>
          <p>Change the card, download invoices or cancel the subscription on Stripe's secure pages.</p>
          <ErrorSummary error={portal.error ? asApiError(portal.error) : null} />
          <div className="form-actions">
            <button type="button" className="button-secondary" onClick={openPortal} disabled={portal.isPending || portal.isSuccess}>
              {portal.isPending || portal.isSuccess ? "Opening Stripe…" : "Manage payment and invoices"}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

const PLAN_LABELS = { interval: "Plan" };

function ChoosePlan({ billing: b, checkout }: { billing: Billing; checkout: ReturnType<typeof useCheckout> }) {
  const plans = b.plans;
  const [interval, setChosen] = useState<Interval | "">(() => (plans.find((p) => p.interval === "month") ?? plans[0])?.interval ?? "");
  const error = checkout.error ? asApiError(checkout.error) : null;
  const leaving = checkout.isPending || checkout.isSuccess;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!interval) return;
    checkout.reset();
    checkout.mutate(interval, { onSuccess: ({ url }) => window.location.assign(url) });
  }

  return (
    <section className="panel" aria-labelledby="plan-heading">
      <h2 id="plan-heading">Choose a plan</h2>
      {plans.length === 0 ? (
        <p>Subscribing is not available at the moment. Please try again later.</p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <p>
            The subscription starts with {seatCount(b.seats)}, one for each active member. Stripe takes the card
            details and shows the total, and when the first payment is due, before anything is charged.
          </p>
          <ErrorSummary error={error} labels={PLAN_LABELS} />
          <RadioGroup
            name="interval"
            legend={PLAN_LABELS.interval}
            options={plans.map((p) => ({
              value: p.interval,
              label: `${INTERVAL_ADJECTIVE[p.interval]}: ${perSeat(p.unit_amount, p.currency, p.interval)}`,
              hint: `${seatCount(b.seats)}: ${formatMoney(p.unit_amount * b.seats, p.currency)} a ${INTERVAL_NOUN[p.interval]}`,
            }))}
            value={interval}
            onChange={(v) => setChosen(v as Interval)}
            error={error?.fields.interval}
          />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={leaving || !interval}>
              {leaving ? "Opening checkout…" : "Continue to checkout"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

const INVOICE_STATUS: Record<string, string> = {
  draft: "Draft",
  open: "Due",
  paid: "Paid",
  uncollectible: "Uncollectible",
  void: "Void",
};

function Invoices({ invoices }: { invoices: Invoice[] }) {
  return (
    <section aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      {invoices.length === 0 ? (
        <p className="muted">No invoices yet.</p>
      ) : (
        <DataTable className="invoices-table" columns={["Invoice", "Date", "Amount", "Status"]} actions>
          {invoices.map((inv) => {
            const name = inv.number || inv.id;
            return (
              <tr key={inv.id}>
                <th scope="row">{name}</th>
                <td>{formatDate(inv.created)}</td>
                <td>{formatMoney(inv.total, inv.currency)}</td>
                <td>{INVOICE_STATUS[inv.status] ?? inv.status}</td>
                <td>
                  <div className="row-actions">
                    {inv.hosted_invoice_url && (
                      <a href={inv.hosted_invoice_url}>
                        View <span className="visually-hidden">invoice {name}</span>
                      </a>
                    )}
                    {inv.pdf_url && (
                      <a href={inv.pdf_url}>
                        PDF <span className="visually-hidden">of invoice {name}</span>
                      </a>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
