package homework

import (
	"time"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// Service runs the client's side of homework: what is open today, one task, an answer and the
// client's own history, each inside the client session's practice.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now), fixed in tests.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{db: d, now: module.Clock(now)}
}
