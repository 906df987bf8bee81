package safety

import (
	"errors"
	"net/http"

	"github.com/steadyhq/steady/internal/web"
)

// Sentinel errors; Errors maps them to answers.
var (
	ErrScreenRequired = errors.New("safety: safety screen required")
	ErrScreenHold     = errors.New("safety: safety screen says hold")
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrScreenRequired: web.NewError(http.StatusConflict, "safety_screen_required",
		"Trust-repair exercises need a safety screen that says proceed for the couple first, for either partner. Record one on the couple's page."),
	ErrScreenHold: web.NewError(http.StatusConflict, "safety_screen_hold",
		"The couple's newest safety screen says to hold trust-repair homework, for both partners. Record a new screen that says proceed if that has changed."),
}
