package digests

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
)

// ErrNotFound is a digest that does not exist or is not the caller's.
var ErrNotFound = errors.New("digests: not found")

// Summary is one week in the list of a person's digests.
type Summary struct {
	ID          uuid.UUID
	Week        time.Time
	PeriodStart time.Time
	PeriodEnd   time.Time
	Attention   int
	CreatedAt   time.Time
}

// Digest is one stored digest with its content.
type Digest struct {
	Summary
	Content Content
}

const (
	// listSQL reads the caller's own digests, newest week first.
	listSQL = `SELECT id, week, period_start, period_end, attention, created_at FROM digests
		WHERE user_id = ? ORDER BY week DESC LIMIT 104`
	// oneSQL reads one of the caller's own digests.
	oneSQL = `SELECT id, week, period_start, period_end, attention, created_at, content FROM digests
		WHERE user_id = ? AND id = ?`
)

// List reads the caller's digests, newest first (two years at most): everyone reads only
// their own.
func (s *Service) List(ctx context.Context, caller auth.Caller) ([]Summary, error) {
	out := []Summary{}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(listSQL, caller.UserID).Scan(&out).Error
	})
	return out, err
}

// Get reads one of the caller's digests as it was made.
func (s *Service) Get(ctx context.Context, caller auth.Caller, id uuid.UUID) (*Digest, error) {
	var row struct {
		Summary
		Content []byte
	}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(oneSQL, caller.UserID, id).Take(&row).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	out := &Digest{Summary: row.Summary}
	return out, json.Unmarshal(row.Content, &out.Content)
}

// dateOf is a stored date column as a calendar date.
func dateOf(t time.Time) cadence.Date { return cadence.DateOf(t, time.UTC) }
