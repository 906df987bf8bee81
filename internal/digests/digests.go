// Package digests makes each member's weekly digest: for a clinician, the clients who need
// attention first, then the week's wins, adherence, measures left unanswered and work ending
// soon; for owners and admins also the practice's week. A periodic dispatcher finds the
// digests due by the index on each person's next send time, makes each digest once per person
// and week, stores it as it was made, and hands its email to a job that sends once. Figures
// come from the stored caseload summary (progress.Weeks), never from recomputing each client.
package digests

import (
	"time"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/notify"
)

// Service reads and changes digests and their settings.
type Service struct {
	db        *db.DB
	mailer    notify.Mailer
	publicURL string
	now       func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now).
func NewService(d *db.DB, mailer notify.Mailer, publicURL string, now func() time.Time) *Service {
	return &Service{db: d, mailer: mailer, publicURL: publicURL, now: module.Clock(now)}
}
