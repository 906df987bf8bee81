package clients

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// Two sights of a client. The roster (name, contact, status, clinicians, couples) is what
// running the practice needs: owners and admins see all of it (clients.all), a clinician the
// clients they treat. The clinical record (record.go) is only for those who treat the client,
// and an owner under a live emergency grant; every other domain asks for that one.

// visibleClientsSQL is the clients a clinician treats: those assigned to them directly or
// through a couple. An IN over this small set lets the planner start from the caller's own
// assignments instead of testing every client row: a clinician with a hundred clients in a
// practice of twenty thousand reads a hundred rows, not twenty thousand (docs/benchmarks.md).
// Row-level security keeps every table in it to the practice.
const visibleClientsSQL = `SELECT cc.client_id FROM client_clinicians cc WHERE cc.user_id = ?
		UNION SELECT cp.client_id FROM couple_clinicians k JOIN couple_partners cp
			ON cp.practice_id = k.practice_id AND cp.couple_id = k.couple_id WHERE k.user_id = ?`

// rosterIDs is the condition that column holds a client on the caller's roster, for a named
// query's filter slot: db.True with clients.all, otherwise an IN over visibleClientsSQL.
func rosterIDs(caller auth.Caller, column string) clause.Expr {
	if caller.Can(practice.AllClients) {
		return db.True
	}
	return treatedIDs(caller, column)
}

// treatedIDs is the condition that column holds a client the caller treats.
func treatedIDs(caller auth.Caller, column string) clause.Expr {
	return gorm.Expr(column+` IN (`+visibleClientsSQL+`)`, caller.UserID, caller.UserID)
}

// visibleClientSQL reads one client (aliased c) if the filter slot, the caller's
// visibility, lets it through.
const visibleClientSQL = `SELECT * FROM clients c WHERE c.id = ? AND ? LIMIT 1`

// loadOnRoster returns the client if they are on the caller's roster, else ErrNotFound.
func loadOnRoster(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Client, error) {
	return loadWhere(tx, id, rosterIDs(caller, "c.id"))
}

// loadWhere returns the client if the filter (on c) lets them through, else ErrNotFound.
func loadWhere(tx *db.Tx, id uuid.UUID, filter clause.Expr) (*Client, error) {
	var c Client
	err := tx.Gorm.Raw(visibleClientSQL, id, filter).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &c, err
}

// clientCouplesSQL reads the couples a client is a partner in, with their trust role.
const clientCouplesSQL = `SELECT k.id, k.name, cp.trust_role FROM couple_partners cp
		JOIN couples k ON k.practice_id = cp.practice_id AND k.id = cp.couple_id
		WHERE cp.client_id = ? ORDER BY k.name`

// loadDetail reads what the client page shows around c: its clinicians by name (their names
// from auth), its couples, and how the caller sees the record (with the emergency grants on it
// for those who see it).
func loadDetail(ctx context.Context, tx *db.Tx, caller auth.Caller, c *Client) (*Detail, error) {
	d := &Detail{Client: *c}
	var err error
	if d.Access, d.Emergencies, err = clientSight(ctx, tx, caller, c.ID); err != nil {
		return nil, err
	}
	var ids []uuid.UUID
	err = tx.Gorm.Model(&clientClinician{}).Where("client_id = ?", c.ID).Pluck("user_id", &ids).Error
	if err != nil {
		return nil, err
	}
	if d.Clinicians, err = clinicians(ctx, tx, ids); err != nil {
		return nil, err
	}
	err = tx.Gorm.Raw(clientCouplesSQL, c.ID).Scan(&d.Couples).Error
	return d, err
}

// checkMembers reports whether every id is an active member of the transaction's practice.
func checkMembers(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	active, err := practice.ActiveAmong(ctx, tx, ids)
	return len(active) == len(ids), err
}

// setClinicians replaces the clinicians of a client.
func setClinicians(ctx context.Context, tx *db.Tx, practiceID, clientID uuid.UUID, ids []uuid.UUID) error {
	if err := tx.Gorm.Where("client_id = ?", clientID).Delete(&clientClinician{}).Error; err != nil {
		return err
	}
	for _, id := range ids {
		row := clientClinician{PracticeID: practiceID, ClientID: clientID, UserID: id}
		if err := tx.Gorm.Create(&row).Error; err != nil {
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
