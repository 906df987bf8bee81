package billing

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/stripe/stripe-go/v76"
)

// Stripe's answers are read into these small shapes rather than stripe-go's structs, so the
// billing page reads the same from any API version (Stripe moved invoice fields in 2025).

// PlanPrice is a seat's price in one interval.
type PlanPrice struct {
	stripe.APIResource
	ID         string `json:"id"`
	UnitAmount int64  `json:"unit_amount"`
	Currency   string `json:"currency"`
	Recurring  struct {
		Interval string `json:"interval"`
	} `json:"recurring"`
}

// priceCache keeps prices once read: a Stripe price's amount never changes.
type priceCache struct {
	mu   sync.Mutex
	byID map[string]*PlanPrice
}

// price reads a price, from the cache when it can.
func (s *Service) price(id string) (*PlanPrice, error) {
	s.prices.mu.Lock()
	p, ok := s.prices.byID[id]
	s.prices.mu.Unlock()
	if ok {
		return p, nil
	}
	p = &PlanPrice{}
	if err := s.stripe.Prices.B.Call(http.MethodGet, "/v1/prices/"+url.PathEscape(id), s.cfg.SecretKey, nil, p); err != nil {
		return nil, fmt.Errorf("billing: price %s: %w", id, err)
	}
	s.prices.mu.Lock()
	if s.prices.byID == nil {
		s.prices.byID = map[string]*PlanPrice{}
	}
	s.prices.byID[id] = p
	s.prices.mu.Unlock()
	return p, nil
}

// InvoiceLine is one line of a previewed invoice; a proration is marked in either API shape.
type InvoiceLine struct {
	Amount    int64 `json:"amount"`
	Proration bool  `json:"proration"`
	Parent    *struct {
		SubscriptionItemDetails *struct {
			Proration bool `json:"proration"`
		} `json:"subscription_item_details"`
	} `json:"parent"`
}

func (l InvoiceLine) prorated() bool {
	return l.Proration || (l.Parent != nil && l.Parent.SubscriptionItemDetails != nil && l.Parent.SubscriptionItemDetails.Proration)
}

// Invoice is what the billing page shows of an invoice.
type Invoice struct {
	stripe.APIResource
	ID                 string `json:"id"`
	Number             string `json:"number"`
	Status             string `json:"status"`
	Total              int64  `json:"total"`
	AmountDue          int64  `json:"amount_due"`
	Currency           string `json:"currency"`
	Created            int64  `json:"created"`
	PeriodEnd          int64  `json:"period_end"`
	NextPaymentAttempt int64  `json:"next_payment_attempt"`
	HostedInvoiceURL   string `json:"hosted_invoice_url"`
	InvoicePDF         string `json:"invoice_pdf"`
	Lines              struct {
		Data []InvoiceLine `json:"data"`
	} `json:"lines"`
}

// Date is when a previewed invoice will be charged.
func (i *Invoice) Date() *time.Time {
	if i.NextPaymentAttempt != 0 {
		return unixTime(i.NextPaymentAttempt)
	}
	return unixTime(i.PeriodEnd)
}

// invoiceList is a page of invoices.
type invoiceList struct {
	stripe.APIResource
	Data []Invoice `json:"data"`
}

// invoices reads a customer's latest invoices, newest first.
func (s *Service) invoices(customer string) ([]Invoice, error) {
	var out invoiceList
	path := "/v1/invoices?limit=24&customer=" + url.QueryEscape(customer)
	if err := s.stripe.Invoices.B.Call(http.MethodGet, path, s.cfg.SecretKey, nil, &out); err != nil {
		return nil, fmt.Errorf("billing: invoices: %w", err)
	}
	return out.Data, nil
}

// previewParams asks Stripe what a subscription's next invoice would be, with its seat line at
// a quantity (zero: as it is).
type previewParams struct {
	stripe.Params       `form:"*"`
	Customer            *string         `form:"customer"`
	Subscription        *string         `form:"subscription"`
	SubscriptionDetails *previewDetails `form:"subscription_details"`
}

type previewDetails struct {
	Items             []*previewItem `form:"items"`
	ProrationBehavior *string        `form:"proration_behavior"`
}

type previewItem struct {
	ID       *string `form:"id"`
	Quantity *int64  `form:"quantity"`
}

// preview is Stripe's invoice preview for sub, with quantity seats when quantity > 0.
func (s *Service) preview(sub *Subscription, quantity int) (*Invoice, error) {
	p := &previewParams{Customer: stripe.String(sub.CustomerID), Subscription: stripe.String(sub.SubscriptionID)}
	if quantity > 0 {
		p.SubscriptionDetails = &previewDetails{ProrationBehavior: stripe.String("create_prorations"),
			Items: []*previewItem{{ID: stripe.String(sub.ItemID), Quantity: stripe.Int64(int64(quantity))}}}
	}
	var inv Invoice
	if err := s.stripe.Invoices.B.Call(http.MethodPost, "/v1/invoices/create_preview", s.cfg.SecretKey, p, &inv); err != nil {
		return nil, stripeFailed("invoice preview", err)
	}
	return &inv, nil
}
