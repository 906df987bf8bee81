package audit

import (
	"context"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// exportLimit is the most rows one CSV export holds.
const exportLimit = 50000

// Service reads the trail for its routes, each read in the caller's tenant transaction.
type Service struct {
	db    *db.DB
	names Namers
}

// NewService builds the service; names name the subjects of the rows it lists.
func NewService(d *db.DB, names Namers) *Service { return &Service{db: d, names: names} }

// Named lists the newest events matching f, with readable names for their subjects and clients.
func (s *Service) Named(ctx context.Context, caller auth.Caller, f Filter) ([]Named, error) {
	var rows []Named
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		plain, err := List(ctx, tx, f)
		if err != nil {
			return err
		}
		rows, err = s.names.WithNames(ctx, tx, plain)
		return err
	})
	return rows, err
}

// Export reads every event matching f, newest first and up to exportLimit whatever page f
// asks for, and records the export itself in the same transaction.
func (s *Service) Export(ctx context.Context, caller auth.Caller, f Filter) ([]Row, error) {
	f.Limit, f.BeforeID = exportLimit, 0
	var rows []Row
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		if rows, err = List(ctx, tx, f); err != nil {
			return err
		}
		return Record(ctx, tx, caller.PracticeID, ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			Event{Action: "audit.export", SubjectType: "audit", Detail: map[string]any{"rows": len(rows)}})
	})
	return rows, err
}
