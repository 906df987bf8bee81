package exercises

import (
	"errors"
	"net/http"

	"github.com/steadyhq/steady/internal/web"
)

// Sentinel errors; Errors maps them to answers.
var (
	ErrNotFound         = errors.New("exercises: not found")
	ErrScreenRequired   = errors.New("exercises: safety screen required")
	ErrScreenHold       = errors.New("exercises: safety screen says hold")
	ErrNotOpen          = errors.New("exercises: occurrence not open")
	ErrStopped          = errors.New("exercises: assignment stopped")
	ErrAlreadyAnswered  = errors.New("exercises: occurrence already answered")
	ErrInvalidState     = errors.New("exercises: assignment is not in a state for that")
	ErrClientArchived   = errors.New("exercises: client archived")
	ErrTemplateArchived = errors.New("exercises: template archived")
	ErrMeasureRunning   = errors.New("exercises: measure already running for the client")
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such record, or it is not yours to see."),
	ErrScreenRequired: web.NewError(http.StatusConflict, "safety_screen_required",
		"Trust-repair exercises need a safety screen that says proceed for the couple first, for either partner. Record one on the couple's page."),
	ErrScreenHold: web.NewError(http.StatusConflict, "safety_screen_hold",
		"The couple's newest safety screen says to hold trust-repair homework, for both partners. Record a new screen that says proceed if that has changed."),
	ErrNotOpen: web.NewError(http.StatusConflict, "occurrence_not_open",
		"This task is not open: it is not due yet, or its time has passed."),
	ErrStopped: web.NewError(http.StatusConflict, "assignment_stopped",
		"Your clinician has stopped this exercise, so it can't be sent. Your words are still on this page to copy."),
	ErrAlreadyAnswered: web.NewError(http.StatusConflict, "already_answered",
		"This task has already been done. Your words are still on this page to copy."),
	ErrInvalidState: web.NewError(http.StatusConflict, "invalid_state",
		"The assignment is not in a state for that: only an active one can be paused, a paused one resumed, and a stopped one nothing."),
	ErrClientArchived: web.NewError(http.StatusConflict, "archived", "This client is archived. Restore them first."),
	ErrTemplateArchived: web.NewError(http.StatusConflict, "archived",
		"That template is archived, so it can't be assigned or edited."),
	ErrMeasureRunning: web.NewError(http.StatusConflict, "measure_already_assigned",
		"This measure is already assigned to the client and still running. Keep that one, or stop it before assigning it again."),
}

// itemAnswer is the answer for an error about one of several exercises assigned together: the
// reason's own answer, with the exercise named in the message and in fields. Anything else is
// returned as it is.
func itemAnswer(err error) error {
	var ie *ItemError
	if !errors.As(err, &ie) {
		return err
	}
	for sentinel, answer := range Errors {
		if errors.Is(ie.Err, sentinel) {
			message := answer.Message
			if ie.Title != "" {
				message = "“" + ie.Title + "”: " + message
			}
			return &web.Error{Status: answer.Status, Code: answer.Code, Message: message,
				Fields: map[string]string{ie.Field: answer.Message}}
		}
	}
	return ie.Err
}
