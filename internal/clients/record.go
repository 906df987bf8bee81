package clients

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// The clinical record of a client is their homework, answers, journal, measures, alerts,
// progress, reports, links and reminder log. Only the members who treat the client (assigned to
// them directly or through a couple) see it, and an owner for as long as an emergency grant of
// theirs opens it (emergency.go). Admins never do. Every other domain asks here (Visible,
// VisibleCouple, VisibleIDs) before it touches a record, so the rule holds on every path; the
// roster (store.go) is what this package's own client and couple routes show.

// nobody lets no row through: the record filter of a role that never sees clinical content.
var nobody = gorm.Expr("FALSE")

// liveGrantSQL is the condition that an emergency grant (aliased g) is the caller's and live at
// the request's instant. The instant is the app's (auth.Staff.At), never the database's now():
// tests move the app's clock, and replicas judge a grant alike.
const liveGrantSQL = `g.owner_id = ? AND g.opened_at <= ? AND g.expires_at > ? AND g.ended_at IS NULL`

// liveArgs are liveGrantSQL's arguments for the caller.
func liveArgs(caller auth.Caller) []any { return []any{caller.UserID, caller.At, caller.At} }

// grantedClientsSQL is the clients an owner's live grants open: a client named by one, and both
// partners of a couple named by one.
const grantedClientsSQL = `SELECT g.client_id FROM emergency_grants g WHERE g.client_id IS NOT NULL AND ` + liveGrantSQL + `
		UNION SELECT cp.client_id FROM emergency_grants g JOIN couple_partners cp
			ON cp.practice_id = g.practice_id AND cp.couple_id = g.couple_id WHERE ` + liveGrantSQL

// recordIDs is the condition that column holds a client whose record the caller may see, for a
// named query's filter slot. A clinician's is the plain IN over their assignments the caseload
// benchmark measures; only an owner's adds their live grants.
func recordIDs(caller auth.Caller, column string) clause.Expr {
	switch {
	case !caller.Can(practice.ClinicalRecord):
		return nobody
	case !caller.Can(practice.EmergencyAccess):
		return treatedIDs(caller, column)
	}
	args := append([]any{caller.UserID, caller.UserID}, liveArgs(caller)...)
	return gorm.Expr(column+` IN (`+visibleClientsSQL+` UNION `+grantedClientsSQL+`)`, append(args, liveArgs(caller)...)...)
}

// treatedCouple is the condition that the couple (aliased k) is one the caller treats.
func treatedCouple(caller auth.Caller) clause.Expr {
	return gorm.Expr(coupleOfClinicianSQL, caller.UserID)
}

// loadRecord returns the client if the caller may see their record, else ErrNotFound. An owner
// who sees it only through an emergency grant leaves an emergency_access.use row, in the same
// transaction as whatever they then read or change: the trail marks every use of a grant.
func loadRecord(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Client, error) {
	if !caller.Can(practice.ClinicalRecord) {
		return nil, ErrNotFound
	}
	c, err := loadWhere(tx, id, treatedIDs(caller, "c.id"))
	if !errors.Is(err, ErrNotFound) || !caller.Can(practice.EmergencyAccess) {
		return c, err
	}
	g, err := liveGrantOnClient(tx, caller, id)
	if err != nil {
		return nil, err
	}
	if c, err = loadWhere(tx, id, db.True); err != nil {
		return nil, err
	}
	return c, recordUse(ctx, tx, caller, g, "client", id, []uuid.UUID{id})
}

// loadRecordCouple is loadRecord for a couple: its own clinicians, or an owner's live grant on
// the couple (a grant on one partner opens that partner, not the couple's shared work).
func loadRecordCouple(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Couple, error) {
	if !caller.Can(practice.ClinicalRecord) {
		return nil, ErrNotFound
	}
	k, err := loadCoupleWhere(tx, id, treatedCouple(caller))
	if !errors.Is(err, ErrNotFound) || !caller.Can(practice.EmergencyAccess) {
		return k, err
	}
	g, err := liveGrantOnCouple(tx, caller, id)
	if err != nil {
		return nil, err
	}
	if k, err = loadCoupleWhere(tx, id, db.True); err != nil {
		return nil, err
	}
	partners, err := partnerIDs(tx, id)
	if err != nil {
		return nil, err
	}
	return k, recordUse(ctx, tx, caller, g, "couple", id, partners)
}

// recordUse writes an emergency_access.use row per client concerned, naming the grant.
func recordUse(ctx context.Context, tx *db.Tx, caller auth.Caller, g *Grant, subject string, id uuid.UUID,
	clientIDs []uuid.UUID) error {
	for _, c := range clientIDs {
		err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: "emergency_access.use",
			SubjectType: subject, SubjectID: id.String(), ClientID: c, Detail: map[string]any{"grant_id": g.ID}})
		if err != nil {
			return err
		}
	}
	return nil
}

// partnerIDs reads the ids of a couple's partners.
func partnerIDs(tx *db.Tx, coupleID uuid.UUID) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	err := tx.Gorm.Model(&couplePartner{}).Where("couple_id = ?", coupleID).Order("client_id").Pluck("client_id", &ids).Error
	return ids, err
}

// Access kinds: how the caller comes to see a client's or couple's record, if at all.
const (
	AccessClinician = "clinician" // they treat the client (or couple)
	AccessEmergency = "emergency" // an emergency grant of theirs opens it
	AccessNone      = "none"      // they see the roster entry only
)

// Access is the caller's sight of a record, as the client and couple pages show it: with a
// grant, the grant (its end and reason make the page's banner).
type Access struct {
	Kind  string
	Grant *GrantNotice
}

// clientAccess says how the caller sees the client's record. It only looks: the page that
// asks reads no clinical content, so it leaves no emergency_access.use row.
func clientAccess(tx *db.Tx, caller auth.Caller, id uuid.UUID) (Access, error) {
	if !caller.Can(practice.ClinicalRecord) {
		return Access{Kind: AccessNone}, nil
	}
	_, err := loadWhere(tx, id, treatedIDs(caller, "c.id"))
	if !errors.Is(err, ErrNotFound) {
		return Access{Kind: AccessClinician}, err
	}
	return grantAccess(liveGrantOnClient(tx, caller, id))
}

// coupleAccess is clientAccess for a couple.
func coupleAccess(tx *db.Tx, caller auth.Caller, id uuid.UUID) (Access, error) {
	if !caller.Can(practice.ClinicalRecord) {
		return Access{Kind: AccessNone}, nil
	}
	_, err := loadCoupleWhere(tx, id, treatedCouple(caller))
	if !errors.Is(err, ErrNotFound) {
		return Access{Kind: AccessClinician}, err
	}
	return grantAccess(liveGrantOnCouple(tx, caller, id))
}

// grantAccess is the access a live grant lookup gives: emergency with one, none without.
func grantAccess(g *Grant, err error) (Access, error) {
	switch {
	case errors.Is(err, ErrNotFound):
		return Access{Kind: AccessNone}, nil
	case err != nil:
		return Access{}, err
	}
	return Access{Kind: AccessEmergency, Grant: &GrantNotice{Grant: *g}}, nil
}

const (
	// liveGrantOnClientSQL reads the caller's live grant that opens a client, on them or on a
	// couple of theirs, the longest-lasting first.
	liveGrantOnClientSQL = `SELECT g.* FROM emergency_grants g WHERE ` + liveGrantSQL + ` AND (g.client_id = ?
		OR g.couple_id IN (SELECT cp.couple_id FROM couple_partners cp WHERE cp.client_id = ?))
		ORDER BY g.expires_at DESC LIMIT 1`
	// liveGrantOnCoupleSQL reads the caller's live grant on a couple.
	liveGrantOnCoupleSQL = `SELECT g.* FROM emergency_grants g WHERE ` + liveGrantSQL + ` AND g.couple_id = ?
		ORDER BY g.expires_at DESC LIMIT 1`
)

// liveGrantOnClient returns the caller's live grant that opens the client, else ErrNotFound.
// Only owners hold grants; anyone else has none.
func liveGrantOnClient(tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Grant, error) {
	return firstGrant(tx, caller, liveGrantOnClientSQL, append(liveArgs(caller), id, id)...)
}

// liveGrantOnCouple returns the caller's live grant on the couple, else ErrNotFound.
func liveGrantOnCouple(tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Grant, error) {
	return firstGrant(tx, caller, liveGrantOnCoupleSQL, append(liveArgs(caller), id)...)
}

func firstGrant(tx *db.Tx, caller auth.Caller, query string, args ...any) (*Grant, error) {
	if !caller.Can(practice.EmergencyAccess) {
		return nil, ErrNotFound
	}
	var g Grant
	err := tx.Gorm.Raw(query, args...).Take(&g).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &g, err
}
