package homework

import (
	"sync/atomic"
	"time"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// Service runs the client's side of homework: what is open today, one task, an answer and the
// client's own history, each inside the client session's practice.
type Service struct {
	db  *db.DB
	now func() time.Time

	piped   atomic.Int64 // answers taken by the pipelined path (submitPiped)
	oneTrip atomic.Int64 // of which in one round trip (submitKept)
	kept    keptAnswers
}

// PipedAnswers is how many answers this service took by the pipelined path rather than the
// transaction path: for tests that must know which path ran.
func (s *Service) PipedAnswers() int64 { return s.piped.Load() }

// OneTripAnswers is how many of the pipelined path's answers went in one round trip, on what
// was kept from an earlier answer (submitKept).
func (s *Service) OneTripAnswers() int64 { return s.oneTrip.Load() }

// NewService builds the service; now is the clock (nil: time.Now), fixed in tests.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{db: d, now: module.Clock(now)}
}
