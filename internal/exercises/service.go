package exercises

import (
	"time"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
)

// Service runs the rules for templates, safety screens, assignments and answers.
type Service struct {
	db      *db.DB
	clients *clients.Service
	now     func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now), fixed in tests.
func NewService(d *db.DB, cs *clients.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, clients: cs, now: now}
}

func actorOf(c auth.Caller) audit.Actor { return audit.ActorOf(c.UserID, c.IP, c.UserAgent) }
