package billing

import (
	"net/http"

	"github.com/steadyhq/steady/internal/web"
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrBadSignature: web.NewError(http.StatusBadRequest, "bad_signature",
		"The Stripe-Signature header does not verify against this body and the endpoint's secret."),
	ErrStale: web.NewError(http.StatusBadRequest, "stale_signature",
		"The Stripe-Signature header is more than 300 seconds from now: a replayed event is not accepted."),
}
