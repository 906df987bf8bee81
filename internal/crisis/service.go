package crisis

import (
	"context"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
)

// Service reads crisis support for the client routes. Staff change it through the practice
// settings (internal/team), which call Clean and Save.
type Service struct{ db *db.DB }

// NewService builds the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// ForClient is the crisis support of the client's practice. Any signed-in client may read it
// at any time: it holds the practice's services and words, nothing about anyone.
func (s *Service) ForClient(ctx context.Context, sess *links.Session) (Support, error) {
	var out Support
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) (err error) {
		out, err = Load(ctx, tx, sess.PracticeID)
		return err
	})
	return out, err
}
