package library

import (
	"errors"
	"net/http"

	"github.com/steadyhq/steady/internal/web"
)

// Sentinel errors; Errors maps them to answers.
var (
	ErrNotFound         = errors.New("library: no such template")
	ErrTemplateArchived = errors.New("library: template archived")
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such record, or it is not yours to see."),
	ErrTemplateArchived: web.NewError(http.StatusConflict, "archived",
		"That template is archived, so it can't be assigned or edited."),
}
