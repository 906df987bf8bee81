package clients

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// visibleTo limits a query on clients (aliased c) to those the caller may see: all of them
// with clients.all, otherwise those assigned to the caller directly or through a couple.
func visibleTo(q *gorm.DB, caller auth.Caller) *gorm.DB { return visibleIDs(q, caller, "c.id") }

// visibleIDs limits q to rows whose column holds a client the caller may see. The ids come
// from the caller's own assignments (an IN over a small set the planner can start from), not
// from a test on every client row: a clinician with a hundred clients in a practice of
// twenty thousand reads a hundred rows, not twenty thousand (docs/benchmarks.md). Row-level
// security keeps every table in the subquery to the practice.
func visibleIDs(q *gorm.DB, caller auth.Caller, column string) *gorm.DB {
	if caller.Can(practice.AllClients) {
		return q
	}
	return q.Where(column+` IN (SELECT cc.client_id FROM client_clinicians cc WHERE cc.user_id = ?
		UNION SELECT cp.client_id FROM couple_clinicians k JOIN couple_partners cp
			ON cp.practice_id = k.practice_id AND cp.couple_id = k.couple_id WHERE k.user_id = ?)`,
		caller.UserID, caller.UserID)
}

// loadVisible returns the client if the caller may see it, else ErrNotFound.
func loadVisible(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Client, error) {
	var c Client
	err := visibleTo(tx.Gorm.WithContext(ctx).Table("clients c"), caller).Where("c.id = ?", id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &c, err
}

func loadDetail(ctx context.Context, tx *db.Tx, c *Client) (*Detail, error) {
	d := &Detail{Client: *c}
	err := tx.Gorm.WithContext(ctx).Raw(`SELECT cc.user_id, u.name FROM client_clinicians cc
		JOIN users u ON u.id = cc.user_id WHERE cc.client_id = ? ORDER BY u.name`, c.ID).Scan(&d.Clinicians).Error
	if err != nil {
		return nil, err
	}
	err = tx.Gorm.WithContext(ctx).Raw(`SELECT k.id, k.name, cp.trust_role FROM couple_partners cp
		JOIN couples k ON k.practice_id = cp.practice_id AND k.id = cp.couple_id
		WHERE cp.client_id = ? ORDER BY k.name`, c.ID).Scan(&d.Couples).Error
	return d, err
}

// checkMembers reports whether every id is an active member of the transaction's practice.
func checkMembers(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	var n int64
	err := tx.Gorm.WithContext(ctx).Model(&practice.Membership{}).
		Where("user_id IN ? AND status = 'active'", ids).Count(&n).Error
	return int(n) == len(ids), err
}

// setClinicians replaces the clinicians of a client.
func setClinicians(ctx context.Context, tx *db.Tx, practiceID, clientID uuid.UUID, ids []uuid.UUID) error {
	if err := tx.Gorm.WithContext(ctx).Where("client_id = ?", clientID).Delete(&clientClinician{}).Error; err != nil {
		return err
	}
	for _, id := range ids {
		row := clientClinician{PracticeID: practiceID, ClientID: clientID, UserID: id}
		if err := tx.Gorm.WithContext(ctx).Create(&row).Error; err != nil {
			return err
		}
	}
	return nil
}

// unique drops repeated ids, keeping the first of each.
func unique(ids []uuid.UUID) []uuid.UUID {
	seen := map[uuid.UUID]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
