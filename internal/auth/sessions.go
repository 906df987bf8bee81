package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// SessionInfo describes one of a person's live sessions for the sessions list. It names the
// session by its id; the token hash never leaves the database.
type SessionInfo struct {
	ID         uuid.UUID
	CreatedAt  time.Time
	LastSeenAt time.Time
	IP         string
	UserAgent  string
	Current    bool // the session of the request that asked
}

// Sessions lists the live sessions of staff's person, most recently used first.
func (s *Service) Sessions(ctx context.Context, staff *Staff) ([]SessionInfo, error) {
	now := s.opts.Now()
	var rows []session
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.
			Where("user_id = ? AND expires_at > ? AND last_seen_at > ?", staff.UserID, now, now.Add(-s.opts.IdleTimeout)).
			Order("last_seen_at DESC, created_at DESC").Find(&rows).Error
	})
	out := make([]SessionInfo, len(rows))
	for i, r := range rows {
		out[i] = SessionInfo{ID: r.ID, CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt, IP: r.IP,
			UserAgent: r.UserAgent, Current: string(r.TokenHash) == string(staff.tokenHash)}
	}
	return out, err
}

// deleteOwnSessionSQL ends one of a person's sessions by its id and returns its token hash.
const deleteOwnSessionSQL = `DELETE FROM sessions WHERE id = ? AND user_id = ? RETURNING token_hash`

// EndSession ends one of staff's own sessions and reports whether it was the current one.
// Another person's session id is ErrSessionNotFound, exactly like an id that never existed.
func (s *Service) EndSession(ctx context.Context, staff *Staff, id uuid.UUID) (current bool, err error) {
	err = s.db.InGlobal(ctx, func(tx *db.Tx) error {
		var ended []session
		res := tx.Gorm.Raw(deleteOwnSessionSQL, id, staff.UserID).Scan(&ended)
		if res.Error != nil {
			return res.Error
		}
		if len(ended) == 0 {
			return ErrSessionNotFound
		}
		current = string(ended[0].TokenHash) == string(staff.tokenHash)
		return nil
	})
	return current, err
}

// endOtherSessions ends every session of userID except keep (nil keeps none), and every
// log-in still waiting for its two-factor code.
func endOtherSessions(ctx context.Context, tx *db.Tx, userID uuid.UUID, keep []byte) error {
	q := tx.Gorm.Where("user_id = ?", userID)
	if keep != nil {
		q = q.Where("token_hash <> ?", db.Bytes(keep))
	}
	if err := q.Delete(&session{}).Error; err != nil {
		return err
	}
	return deleteChallenges(ctx, tx, userID)
}
