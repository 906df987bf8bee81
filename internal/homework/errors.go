package homework

import (
	"errors"
	"net/http"

	"github.com/steadyhq/steady/internal/web"
)

// Sentinel errors; Errors maps them to answers.
var (
	ErrNotFound        = errors.New("homework: no such task")
	ErrNotOpen         = errors.New("homework: occurrence not open")
	ErrStopped         = errors.New("homework: assignment stopped")
	ErrAlreadyAnswered = errors.New("homework: occurrence already answered")
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such record, or it is not yours to see."),
	ErrNotOpen: web.NewError(http.StatusConflict, "occurrence_not_open",
		"This task is not open: it is not due yet, or its time has passed."),
	ErrStopped: web.NewError(http.StatusConflict, "assignment_stopped",
		"Your clinician has stopped this exercise, so it can't be sent. Your words are still on this page to copy."),
	ErrAlreadyAnswered: web.NewError(http.StatusConflict, "already_answered",
		"This task has already been done. Your words are still on this page to copy."),
}
