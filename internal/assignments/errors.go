package assignments

import (
	"errors"
	"net/http"

	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/safety"
	"github.com/steadyhq/steady/internal/web"
)

// Sentinel errors; Errors maps them to answers.
var (
	ErrNotFound       = errors.New("assignments: not found")
	ErrInvalidState   = errors.New("assignments: assignment is not in a state for that")
	ErrClientArchived = errors.New("assignments: client archived")
	ErrMeasureRunning = errors.New("assignments: measure already running for the client")
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such record, or it is not yours to see."),
	ErrInvalidState: web.NewError(http.StatusConflict, "invalid_state",
		"The assignment is not in a state for that: only an active one can be paused, a paused one resumed, and a stopped one nothing."),
	ErrClientArchived: web.NewError(http.StatusConflict, "archived", "This client is archived. Restore them first."),
	ErrMeasureRunning: web.NewError(http.StatusConflict, "measure_already_assigned",
		"This measure is already assigned to the client and still running. Keep that one, or stop it before assigning it again."),
}

// itemAnswers are the maps an error about one of several exercises may be answered from: an
// exercise can be refused by the assignment's own rules, its template or the couple's screen.
var itemAnswers = []web.ErrorMap{Errors, library.Errors, safety.Errors}

// itemAnswer is the answer for an error about one of several exercises assigned together: the
// reason's own answer, with the exercise named in the message and in fields. Anything else is
// returned as it is.
func itemAnswer(err error) error {
	var ie *ItemError
	if !errors.As(err, &ie) {
		return err
	}
	for _, answers := range itemAnswers {
		for sentinel, answer := range answers {
			if errors.Is(ie.Err, sentinel) {
				message := answer.Message
				if ie.Title != "" {
					message = "“" + ie.Title + "”: " + message
				}
				return &web.Error{Status: answer.Status, Code: answer.Code, Message: message,
					Fields: map[string]string{ie.Field: answer.Message}}
			}
		}
	}
	return ie.Err
}
