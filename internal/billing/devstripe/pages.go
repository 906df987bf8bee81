package devstripe

import (
	"fmt"
	"html"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// page wraps the stand-in's pages, which say plainly that no money moves.
func page(c echo.Context, title, body string) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTML(http.StatusOK, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>`+html.EscapeString(title)+
		`</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>`+
		`<body style="font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em;line-height:1.5">`+
		`<p><strong>Stripe test mode (demo)</strong>: no card is charged and no money moves.</p><main><h1>`+
		html.EscapeString(title)+`</h1>`+body+`</main></body></html>`)
}

func seats(n int64) string {
	if n == 1 {
		return "1 seat"
	}
	return fmt.Sprintf("%d seats", n)
}

func dollars(cents int64) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

func (s *Server) checkoutPage(c echo.Context) error {
	s.mu.Lock()
	ss := s.sessions[c.Param("id")]
	s.mu.Unlock()
	if ss == nil || ss.Done {
		return echo.ErrNotFound
	}
	p := price(ss.Price)
	interval := p["recurring"].(map[string]any)["interval"].(string)
	total := ss.Quantity * p["unit_amount"].(int64)
	when := "today"
	if ss.TrialEnd > 0 {
		when = "on " + time.Unix(ss.TrialEnd, 0).UTC().Format("2 January 2006") + ", when your trial ends"
	}
	return page(c, "Subscribe to Steady", fmt.Sprintf(`<p>%s × %s per %s = <strong>%s per %s</strong>, first charged %s.</p>
<form method="post"><p><label>Promotion code <input name="promotion_code" autocomplete="off"></label></p>
<p><label>Card number <input name="card" value="4242 4242 4242 4242" inputmode="numeric"></label></p>
<button type="submit">Subscribe</button></form><p><a href="%s">Cancel and go back</a></p>`,
		seats(ss.Quantity), dollars(p["unit_amount"].(int64)), interval, dollars(total), interval, html.EscapeString(when),
		html.EscapeString(ss.CancelURL)))
}

// pay completes a checkout: the subscription starts (in its trial when the practice has trial
// left), the first invoice is paid unless there is a trial, and Stripe's events go to Steady.
func (s *Server) pay(c echo.Context) error {
	s.mu.Lock()
	ss := s.sessions[c.Param("id")]
	if ss == nil || ss.Done {
		s.mu.Unlock()
		return echo.ErrNotFound
	}
	ss.Done = true
	sub := &subscription{ID: s.newID("sub"), Customer: ss.Customer, Status: "active", Price: ss.Price,
		ItemID: s.newID("si"), Quantity: ss.Quantity, TrialEnd: ss.TrialEnd, Metadata: ss.Metadata}
	start := time.Now()
	if ss.TrialEnd > 0 {
		sub.Status, start = "trialing", time.Unix(ss.TrialEnd, 0)
	}
	sub.PeriodEnd = start.AddDate(0, 1, 0).Unix()
	if ss.Price == YearlyPrice {
		sub.PeriodEnd = start.AddDate(1, 0, 0).Unix()
	}
	if ss.TrialEnd > 0 {
		sub.PeriodEnd = ss.TrialEnd
	}
	s.subs[sub.ID] = sub
	if sub.Status == "active" {
		s.addInvoice(sub, "paid")
	}
	completed := map[string]any{"id": ss.ID, "object": "checkout.session", "customer": ss.Customer, "subscription": sub.ID}
	subJSON := sub.json()
	s.mu.Unlock()
	if err := s.send("checkout.session.completed", completed); err != nil {
		return err
	}
	if err := s.send("customer.subscription.created", subJSON); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, ss.SuccessURL)
}

func (s *Server) portalPage(c echo.Context) error {
	s.mu.Lock()
	sub := s.subscriptionOf(c.Param("customer"))
	var status string
	var quantity int64
	if sub != nil {
		status, quantity = sub.Status, sub.Quantity
	}
	s.mu.Unlock()
	back := `<p><a href="` + html.EscapeString(s.publicURL) + `/app/billing">Return to Steady</a></p>`
	if sub == nil {
		return page(c, "Billing portal", "<p>There is no subscription for this customer.</p>"+back)
	}
	action := func(name, label string) string {
		return fmt.Sprintf(`<form method="post" action="%s/portal/%s/%s"><button type="submit">%s</button></form>`,
			Prefix, html.EscapeString(sub.Customer), name, label)
	}
	var buttons []string
	switch status {
	case "active", "trialing":
		buttons = append(buttons, action("fail", "Simulate a failed payment"), action("cancel", "Cancel the subscription"))
	case "past_due", "unpaid":
		buttons = append(buttons, action("pay", "Update the card and pay the overdue invoice"), action("cancel", "Cancel the subscription"))
	}
	return page(c, "Billing portal", fmt.Sprintf(`<p>Subscription: <strong>%s</strong>, %s.</p>%s%s`,
		html.EscapeString(strings.ReplaceAll(status, "_", " ")), seats(quantity), strings.Join(buttons, ""), back))
}

// portalAction changes the subscription as a payment failing, a payment made or a
// cancellation would, and sends Stripe's events for it.
func (s *Server) portalAction(c echo.Context) error {
	s.mu.Lock()
	sub := s.subscriptionOf(c.Param("customer"))
	if sub == nil {
		s.mu.Unlock()
		return echo.ErrNotFound
	}
	var events []string
	var inv map[string]any
	switch c.Param("action") {
	case "fail":
		sub.Status = "past_due"
		inv = s.addInvoice(sub, "open")
		events = []string{"invoice.payment_failed", "customer.subscription.updated"}
	case "pay":
		sub.Status = "active"
		for _, i := range s.invoices[sub.Customer] {
			if i["status"] == "open" {
				i["status"], inv = "paid", i
			}
		}
		events = []string{"invoice.paid", "customer.subscription.updated"}
	case "cancel":
		sub.Status = "canceled"
		events = []string{"customer.subscription.deleted"}
	default:
		s.mu.Unlock()
		return echo.ErrNotFound
	}
	subJSON := sub.json()
	inv = maps.Clone(inv) // sent after the lock is let go
	s.mu.Unlock()
	for _, ev := range events {
		obj := subJSON
		if strings.HasPrefix(ev, "invoice.") && inv != nil {
			obj = inv
		}
		if err := s.send(ev, obj); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, Prefix+"/portal/"+c.Param("customer"))
}
