package devstripe

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// api answers Stripe's API: every call is checked by stripe-mock first; the calls about the
// objects the demo keeps are then answered from them.
func (s *Server) api(c echo.Context) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, 1<<20))
	if err != nil {
		return err
	}
	status, mock, err := s.check(c, body)
	if err != nil {
		return err
	}
	if status >= 400 {
		return c.Blob(status, echo.MIMEApplicationJSON, mock)
	}
	form, _ := url.ParseQuery(string(body))
	path := strings.TrimPrefix(c.Request().URL.Path, Prefix+"/v1/")
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.answer(c.Request().Method, strings.Split(path, "/"), form, c.QueryParams())
	if out == nil {
		return c.Blob(status, echo.MIMEApplicationJSON, mock)
	}
	return c.JSON(http.StatusOK, out)
}

// answer is the stand-in's own answer to a call, or nil to pass on stripe-mock's.
func (s *Server) answer(method string, path []string, form, query url.Values) any {
	switch {
	case method == http.MethodPost && len(path) == 1 && path[0] == "customers":
		id := s.newID("cus")
		s.customers[id] = metadata(form)
		return map[string]any{"id": id, "object": "customer", "metadata": s.customers[id]}
	case method == http.MethodGet && len(path) == 2 && path[0] == "prices":
		return price(path[1])
	case method == http.MethodPost && len(path) == 2 && path[0] == "checkout" && path[1] == "sessions":
		return s.newSession(form)
	case method == http.MethodPost && len(path) == 2 && path[0] == "billing_portal":
		return map[string]any{"object": "billing_portal.session",
			"url": s.publicURL + Prefix + "/portal/" + url.PathEscape(form.Get("customer"))}
	case len(path) == 2 && path[0] == "subscriptions" && s.subs[path[1]] != nil:
		sub := s.subs[path[1]]
		if method == http.MethodPost && form.Get("items[0][quantity]") != "" {
			sub.Quantity, _ = strconv.ParseInt(form.Get("items[0][quantity]"), 10, 64)
		}
		return sub.json()
	case method == http.MethodPost && len(path) == 2 && path[0] == "invoices" && path[1] == "create_preview":
		return s.preview(form)
	case method == http.MethodGet && len(path) == 1 && path[0] == "invoices":
		return s.invoiceList(query.Get("customer"))
	}
	return nil
}

// metadata reads metadata[k]=v pairs of a form.
func metadata(form url.Values) map[string]string {
	out := map[string]string{}
	for k, v := range form {
		if key, ok := strings.CutPrefix(k, "metadata["); ok && len(v) > 0 {
			out[strings.TrimSuffix(key, "]")] = v[0]
		}
	}
	return out
}

// price is one of the demo's two prices (any other id reads as the monthly one).
func price(id string) map[string]any {
	cents, interval := int64(monthlyCents), "month"
	if id == YearlyPrice {
		cents, interval = yearlyCents, "year"
	}
	return map[string]any{"id": id, "object": "price", "unit_amount": cents, "currency": "usd",
		"recurring": map[string]any{"interval": interval}}
}

func (s *Server) newSession(form url.Values) map[string]any {
	q, _ := strconv.ParseInt(form.Get("line_items[0][quantity]"), 10, 64)
	trial, _ := strconv.ParseInt(form.Get("subscription_data[trial_end]"), 10, 64)
	meta := map[string]string{}
	for k, v := range form {
		if key, ok := strings.CutPrefix(k, "subscription_data[metadata]["); ok {
			meta[strings.TrimSuffix(key, "]")] = v[0]
		}
	}
	ss := &session{ID: s.newID("cs"), Customer: form.Get("customer"), Price: form.Get("line_items[0][price]"),
		SuccessURL: form.Get("success_url"), CancelURL: form.Get("cancel_url"), Quantity: q, TrialEnd: trial, Metadata: meta}
	s.sessions[ss.ID] = ss
	return map[string]any{"id": ss.ID, "object": "checkout.session", "mode": "subscription",
		"url": s.publicURL + Prefix + "/checkout/" + ss.ID}
}

func (sub *subscription) json() map[string]any {
	out := map[string]any{"id": sub.ID, "object": "subscription", "customer": sub.Customer, "status": sub.Status,
		"metadata": sub.Metadata, "cancel_at_period_end": false, "current_period_end": sub.PeriodEnd,
		"items": map[string]any{"object": "list", "data": []any{map[string]any{"id": sub.ItemID,
			"object": "subscription_item", "quantity": sub.Quantity, "price": price(sub.Price)}}}}
	if sub.TrialEnd > 0 {
		out["trial_end"] = sub.TrialEnd
	}
	return out
}

// subscriptionOf is the customer's subscription.
func (s *Server) subscriptionOf(customer string) *subscription {
	for _, sub := range s.subs {
		if sub.Customer == customer {
			return sub
		}
	}
	return nil
}

// preview is the next invoice, with the seat line at the quantity asked for: a prorated charge
// for the rest of the period for seats added, then a period of every seat.
func (s *Server) preview(form url.Values) map[string]any {
	sub := s.subs[form.Get("subscription")]
	if sub == nil {
		return nil
	}
	unit := price(sub.Price)["unit_amount"].(int64)
	after := sub.Quantity
	if q := form.Get("subscription_details[items][0][quantity]"); q != "" {
		after, _ = strconv.ParseInt(q, 10, 64)
	}
	var lines []any
	if added := after - sub.Quantity; added > 0 && sub.Status != "trialing" { // a trial's seats cost nothing
		left := float64(sub.PeriodEnd-time.Now().Unix()) / float64(sub.PeriodEnd-periodStart(sub))
		lines = append(lines, map[string]any{"amount": int64(float64(added*unit) * max(0, min(1, left))), "proration": true})
	}
	lines = append(lines, map[string]any{"amount": after * unit, "proration": false})
	var total int64
	for _, l := range lines {
		total += l.(map[string]any)["amount"].(int64)
	}
	return map[string]any{"object": "invoice", "amount_due": total, "total": total, "currency": "usd",
		"next_payment_attempt": sub.PeriodEnd, "period_end": sub.PeriodEnd, "lines": map[string]any{"data": lines}}
}

// periodStart is when the subscription's current period began.
func periodStart(sub *subscription) int64 {
	end := time.Unix(sub.PeriodEnd, 0)
	if price(sub.Price)["recurring"].(map[string]any)["interval"] == "year" {
		return end.AddDate(-1, 0, 0).Unix()
	}
	return end.AddDate(0, -1, 0).Unix()
}

func (s *Server) invoiceList(customer string) map[string]any {
	list := s.invoices[customer]
	data := make([]any, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		data = append(data, list[i])
	}
	return map[string]any{"object": "list", "data": data}
}

// addInvoice records an invoice of the subscription's seats.
func (s *Server) addInvoice(sub *subscription, status string) map[string]any {
	id := s.newID("in")
	inv := map[string]any{"id": id, "object": "invoice", "number": strings.ToUpper(id[len(id)-8:]), "status": status,
		"customer": sub.Customer, "subscription": sub.ID, "currency": "usd", "created": time.Now().Unix(),
		"total":              sub.Quantity * price(sub.Price)["unit_amount"].(int64),
		"hosted_invoice_url": s.publicURL + Prefix + "/portal/" + sub.Customer, "invoice_pdf": ""}
	inv["amount_due"] = inv["total"]
	s.invoices[sub.Customer] = append(s.invoices[sub.Customer], inv)
	return inv
}
