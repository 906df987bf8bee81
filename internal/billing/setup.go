package billing

import (
	"context"
	"errors"
	"fmt"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

// ProductID is Steady's one product in a Stripe account: a clinician seat.
const ProductID = "steady_seat"

// Plan is the seat's price in each interval, in the currency's smallest unit.
type Plan struct {
	Currency     string
	MonthlyCents int64
	YearlyCents  int64
}

// DefaultPlan is what `steady billing setup` creates unless told otherwise.
var DefaultPlan = Plan{Currency: "usd", MonthlyCents: 2900, YearlyCents: 29000}

// Prices are the price ids a practice subscribes with; configuration carries them.
type Prices struct{ Monthly, Yearly string }

// lookup keys name Steady's prices in the account, so a second setup finds them.
const (
	monthlyKey = "steady_seat_monthly"
	yearlyKey  = "steady_seat_yearly"
)

// SetUp makes Steady's product and its monthly and yearly seat prices in the Stripe account
// cfg reaches, unless they are there already (the product by its id, each price by its lookup
// key), and returns the price ids. Running it again changes nothing.
func SetUp(ctx context.Context, cfg Config, plan Plan) (Prices, error) {
	sc := newClient(cfg)
	if err := ensureProduct(sc); err != nil {
		return Prices{}, err
	}
	monthly, err := ensurePrice(sc, monthlyKey, plan.Currency, plan.MonthlyCents, stripe.PriceRecurringIntervalMonth)
	if err != nil {
		return Prices{}, err
	}
	yearly, err := ensurePrice(sc, yearlyKey, plan.Currency, plan.YearlyCents, stripe.PriceRecurringIntervalYear)
	return Prices{Monthly: monthly, Yearly: yearly}, err
}

func ensureProduct(sc *client.API) error {
	_, err := sc.Products.Get(ProductID, nil)
	var se *stripe.Error
	if errors.As(err, &se) && se.HTTPStatusCode == 404 {
		_, err = sc.Products.New(&stripe.ProductParams{ID: stripe.String(ProductID),
			Name: stripe.String("Steady clinician seat"), Params: stripe.Params{IdempotencyKey: stripe.String(ProductID)}})
	}
	if err != nil {
		return fmt.Errorf("billing setup: product: %w", err)
	}
	return nil
}

func ensurePrice(sc *client.API, key, currency string, cents int64, interval stripe.PriceRecurringInterval) (string, error) {
	list := sc.Prices.List(&stripe.PriceListParams{LookupKeys: []*string{stripe.String(key)}})
	for list.Next() {
		if p := list.Price(); p.LookupKey == key {
			return p.ID, nil
		}
	}
	if err := list.Err(); err != nil {
		return "", fmt.Errorf("billing setup: list prices: %w", err)
	}
	p, err := sc.Prices.New(&stripe.PriceParams{Product: stripe.String(ProductID), Currency: stripe.String(currency),
		UnitAmount: stripe.Int64(cents), LookupKey: stripe.String(key),
		Recurring: &stripe.PriceRecurringParams{Interval: stripe.String(string(interval))},
		Params:    stripe.Params{IdempotencyKey: stripe.String(key)}})
	if err != nil {
		return "", fmt.Errorf("billing setup: price %s: %w", key, err)
	}
	return p.ID, nil
}

// of is the price id of an interval (month or year); empty when not configured.
func (p Prices) of(interval string) string {
	switch interval {
	case "month":
		return p.Monthly
	case "year":
		return p.Yearly
	}
	return ""
}
