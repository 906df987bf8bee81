package library

import (
	"time"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// Service runs the rules for the practice's own templates; the built-in library needs none.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now), fixed in tests.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{db: d, now: module.Clock(now)}
}

func actorOf(c auth.Caller) audit.Actor { return audit.ActorOf(c.UserID, c.IP, c.UserAgent) }
