package assignments

import (
	"time"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// Service runs the rules for assignments: making them, their lifecycle and reading them.
type Service struct {
	db      *db.DB
	clients *clients.Service
	now     func() time.Time
	// Gate refuses new assignments when the practice may take no new work (billing).
	Gate module.Gate
}

// NewService builds the service; now is the clock (nil: time.Now), fixed in tests.
func NewService(d *db.DB, cs *clients.Service, now func() time.Time) *Service {
	return &Service{db: d, clients: cs, now: module.Clock(now)}
}

func actorOf(c auth.Caller) audit.Actor { return audit.ActorOf(c.UserID, c.IP, c.UserAgent) }
