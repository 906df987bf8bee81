// Package devstripe stands in for Stripe when Steady runs without Stripe keys (make run and the
// browser tests), so a person can walk billing's whole loop: start a trial, check out, see seats
// change, fail a payment, recover. Every API call is first checked by stripe-mock, which knows
// Stripe's API but keeps no state; this layer keeps the few objects the demo needs (customers,
// subscriptions, invoices) and answers from them. Checkout and the customer portal are two
// plain pages here, and what happens on them reaches Steady as signed webhook events, exactly
// as Stripe's would. Development only: the server refuses to mount it in production.
package devstripe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stripe/stripe-go/v76/webhook"
)

// Prefix is where the stand-in answers, under the server's own address.
const Prefix = "/dev/stripe"

// The demo's prices, per seat.
const (
	MonthlyPrice = "price_steady_demo_monthly"
	YearlyPrice  = "price_steady_demo_yearly"
	monthlyCents = 2900
	yearlyCents  = 29000
)

// Server is the stand-in.
type Server struct {
	mockURL   string // stripe-mock, which checks each call
	publicURL string // Steady's own address: pages link back, events are posted here
	secret    string // the webhook endpoint's signing secret
	client    *http.Client

	mu        sync.Mutex
	seq       int
	customers map[string]map[string]string // id → metadata
	sessions  map[string]*session
	subs      map[string]*subscription
	invoices  map[string][]map[string]any // customer → invoices, newest last
}

type session struct {
	ID, Customer, Price, SuccessURL, CancelURL string
	Quantity                                   int64
	TrialEnd                                   int64
	Metadata                                   map[string]string
	Done                                       bool
}

type subscription struct {
	ID, Customer, Status, Price, ItemID string
	Quantity                            int64
	TrialEnd, PeriodEnd                 int64
	Metadata                            map[string]string
}

// New builds the stand-in.
func New(mockURL, publicURL, secret string) *Server {
	return &Server{mockURL: strings.TrimRight(mockURL, "/"), publicURL: publicURL, secret: secret,
		client: &http.Client{Timeout: 20 * time.Second}, customers: map[string]map[string]string{},
		sessions: map[string]*session{}, subs: map[string]*subscription{}, invoices: map[string][]map[string]any{}}
}

// Mount adds the API and the two pages under Prefix.
func (s *Server) Mount(e *echo.Echo) {
	g := e.Group(Prefix)
	g.Any("/v1/*", s.api)
	g.GET("/checkout/:id", s.checkoutPage)
	g.POST("/checkout/:id", s.pay)
	g.GET("/portal/:customer", s.portalPage)
	g.POST("/portal/:customer/:action", s.portalAction)
}

// newID is a fresh id with Stripe's prefix for the kind of object.
func (s *Server) newID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s_demo%06d%d", prefix, s.seq, time.Now().UnixNano()%1000000)
}

// check sends the call to stripe-mock, which refuses what Stripe would refuse; its answer is
// returned for the calls the stand-in does not keep state for.
func (s *Server) check(c echo.Context, body []byte) (int, []byte, error) {
	r := c.Request()
	req, err := http.NewRequestWithContext(r.Context(), r.Method, s.mockURL+strings.TrimPrefix(r.URL.RequestURI(), Prefix), bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header = r.Header.Clone()
	res, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res.StatusCode, out, err
}

// send posts a signed event about obj to Steady's webhook, as Stripe would.
func (s *Server) send(typ string, obj any) error {
	s.mu.Lock()
	id := s.newID("evt")
	s.mu.Unlock()
	data, err := json.Marshal(map[string]any{"id": id, "object": "event", "type": typ, "created": time.Now().Unix(),
		"api_version": "2023-10-16", "data": map[string]any{"object": obj}})
	if err != nil {
		return err
	}
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: data, Secret: s.secret})
	req, err := http.NewRequest(http.MethodPost, s.publicURL+"/stripe/webhook", bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", signed.Header)
	res, err := s.client.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("devstripe: webhook answered %d", res.StatusCode)
	}
	return nil
}
