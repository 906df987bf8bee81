package reminders

import (
	"time"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// Service runs the reminder rules people act on: an assignment's reminder settings, the
// client's own choices, the delivery log and unsubscribing. The jobs that fire and send
// reminders are the workers in dispatch.go and send.go.
type Service struct {
	db          *db.DB
	clients     *clients.Service
	assignments *assignments.Service
	now         func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now), fixed in tests.
func NewService(d *db.DB, cs *clients.Service, as *assignments.Service, now func() time.Time) *Service {
	return &Service{db: d, clients: cs, assignments: as, now: module.Clock(now)}
}
