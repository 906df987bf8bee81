package billing

import (
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/web"
)

// maxEventBytes bounds a webhook body: Stripe's events are a few kilobytes.
const maxEventBytes = 256 << 10

// handlers serves the Stripe webhook.
type handlers struct{ svc *Service }

// webhook verifies and records an event and answers at once; the work is a job.
func (h *handlers) webhook(c echo.Context) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxEventBytes+1))
	if err != nil {
		return err
	}
	if len(body) > maxEventBytes {
		return web.NewError(http.StatusRequestEntityTooLarge, "too_large", "A webhook event is at most 256 KiB.")
	}
	if _, err := h.svc.Receive(c.Request().Context(), body, c.Request().Header.Get("Stripe-Signature")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]bool{"received": true})
}

type standingJSON struct {
	Standing  string     `json:"standing"`
	Reason    *string    `json:"reason"`
	GraceEnds *time.Time `json:"grace_ends"`
}

func toStandingJSON(st Standing) standingJSON {
	out := standingJSON{Standing: st.Level, GraceEnds: st.GraceEnds}
	if st.Reason != "" {
		out.Reason = &st.Reason
	}
	return out
}

type planJSON struct {
	Interval   string `json:"interval"`
	PriceID    string `json:"price_id"`
	UnitAmount int64  `json:"unit_amount"`
	Currency   string `json:"currency"`
}

type invoiceJSON struct {
	ID               string    `json:"id"`
	Number           string    `json:"number"`
	Status           string    `json:"status"`
	Total            int64     `json:"total"`
	Currency         string    `json:"currency"`
	Created          time.Time `json:"created"`
	HostedInvoiceURL string    `json:"hosted_invoice_url"`
	PDFURL           string    `json:"pdf_url"`
}

type nextInvoiceJSON struct {
	Amount   int64      `json:"amount"`
	Currency string     `json:"currency"`
	Date     *time.Time `json:"date"`
}

type stateJSON struct {
	Status string `json:"status"`
	standingJSON
	TrialEnd          *time.Time       `json:"trial_end"`
	CurrentPeriodEnd  *time.Time       `json:"current_period_end"`
	CancelAtPeriodEnd bool             `json:"cancel_at_period_end"`
	PriceID           string           `json:"price_id"`
	Interval          string           `json:"interval"`
	Quantity          int              `json:"quantity"`
	Seats             int              `json:"seats"`
	Subscribed        bool             `json:"subscribed"`
	HasCustomer       bool             `json:"has_customer"`
	SeatError         *string          `json:"seat_error"`
	SeatErrorAt       *time.Time       `json:"seat_error_at"`
	Plans             []planJSON       `json:"plans"`
	NextInvoice       *nextInvoiceJSON `json:"next_invoice"`
	Invoices          []invoiceJSON    `json:"invoices"`
}

func toStateJSON(st *State) stateJSON {
	out := stateJSON{Status: st.Status, standingJSON: toStandingJSON(st.Standing), TrialEnd: st.TrialEnd,
		CurrentPeriodEnd: st.CurrentPeriodEnd, CancelAtPeriodEnd: st.CancelAtPeriodEnd, PriceID: st.PriceID,
		Interval: st.Interval, Quantity: st.Quantity, Seats: st.Seats, Subscribed: st.SubscriptionID != "",
		HasCustomer: st.CustomerID != "", SeatError: st.SeatError, SeatErrorAt: st.SeatErrorAt,
		Plans: []planJSON{}, Invoices: []invoiceJSON{}}
	for _, p := range st.Plans {
		out.Plans = append(out.Plans, planJSON{Interval: p.Recurring.Interval, PriceID: p.ID, UnitAmount: p.UnitAmount, Currency: p.Currency})
	}
	for _, i := range st.Invoices {
		out.Invoices = append(out.Invoices, invoiceJSON{ID: i.ID, Number: i.Number, Status: i.Status, Total: i.Total,
			Currency: i.Currency, Created: time.Unix(i.Created, 0).UTC(), HostedInvoiceURL: i.HostedInvoiceURL, PDFURL: i.InvoicePDF})
	}
	if n := st.NextInvoice; n != nil {
		out.NextInvoice = &nextInvoiceJSON{Amount: n.AmountDue, Currency: n.Currency, Date: n.Date()}
	}
	return out
}

func (h *handlers) state(c echo.Context) error {
	st, err := h.svc.State(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	return private(c, toStateJSON(st))
}

// private answers v, kept out of every cache: billing is the practice's own business.
func private(c echo.Context, v any) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, v)
}

func (h *handlers) standing(c echo.Context) error {
	st, err := h.svc.StandingOf(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	return private(c, toStandingJSON(st))
}

type checkoutRequest struct {
	Interval string `json:"interval"`
}

func (h *handlers) checkout(c echo.Context) error {
	var req checkoutRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	url, err := h.svc.Checkout(c.Request().Context(), auth.CallerFrom(c), req.Interval)
	if err != nil {
		return err
	}
	return private(c, map[string]string{"url": url})
}

func (h *handlers) portal(c echo.Context) error {
	url, err := h.svc.Portal(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	return private(c, map[string]string{"url": url})
}

type previewJSON struct {
	Subscribed        bool       `json:"subscribed"`
	Seats             int        `json:"seats"`
	SeatsAfter        int        `json:"seats_after"`
	UnitAmount        *int64     `json:"unit_amount"`
	Currency          string     `json:"currency"`
	Interval          string     `json:"interval"`
	ProratedNow       *int64     `json:"prorated_now"`
	NextInvoiceAmount *int64     `json:"next_invoice_amount"`
	NextInvoiceDate   *time.Time `json:"next_invoice_date"`
}

func (h *handlers) seatPreview(c echo.Context) error {
	p, err := h.svc.SeatPreview(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := previewJSON{Subscribed: p.Subscribed, Seats: p.Seats, SeatsAfter: p.SeatsAfter, ProratedNow: p.ProratedNow,
		NextInvoiceAmount: p.NextInvoiceAmount, NextInvoiceDate: p.NextInvoiceDate}
	if p.Price != nil {
		out.UnitAmount, out.Currency, out.Interval = &p.Price.UnitAmount, p.Price.Currency, p.Price.Recurring.Interval
	}
	return private(c, out)
}
