package clients

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// Emergency access (HIPAA's emergency access procedure): an owner who does not treat a client
// may open the client's clinical record by giving a reason. The grant lasts a fixed time, every
// use of it is marked in the audit trail (record.go), and the client's clinicians are emailed
// (emergency_job.go) and see it on the client's page. Admins cannot: they do not do clinical work.

// EmergencyAccessFor is how long a grant lasts: an emergency is dealt with in hours (a client at
// risk while their clinician cannot be reached), and a grant must not outlive it. Another
// emergency is another grant, with its own reason.
const EmergencyAccessFor = 4 * time.Hour

// The length of a reason, in characters: enough to say what happened, not a case note.
const (
	minReason = 20
	maxReason = 2000
)

// Errors of emergency access; handlers.go maps them to answers.
var (
	ErrGrantOpen = errors.New("clients: an emergency grant of the caller already opens this record")
	ErrTreated   = errors.New("clients: the caller treats this client and needs no emergency grant")
)

// Grant is a row of emergency_grants: one owner's access to one client's record, or a couple's
// (both partners'), from OpenedAt until ExpiresAt or until EndedAt if they end it early.
type Grant struct {
	PracticeID uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	ClientID   *uuid.UUID
	CoupleID   *uuid.UUID
	OwnerID    uuid.UUID
	Reason     string
	OpenedAt   time.Time
	ExpiresAt  time.Time
	EndedAt    *time.Time
}

// TableName names Grant's table.
func (Grant) TableName() string { return "emergency_grants" }

// GrantNotice is a grant as a record's page lists it, with who opened it.
type GrantNotice struct {
	Grant
	OwnerName string
}

// Subject is what an emergency grant opens: a client, or a couple and so both partners.
type Subject struct {
	ID     uuid.UUID
	Couple bool
}

func (s Subject) kind() string {
	if s.Couple {
		return "couple"
	}
	return "client"
}

// OpenEmergencyAccess opens the subject's record to the calling owner for EmergencyAccessFor,
// for the reason given. The grant, its audit rows (with the reason) and the job that emails
// the clinicians are written in one transaction: a refused or failed request writes nothing.
func (s *Service) OpenEmergencyAccess(ctx context.Context, caller auth.Caller, sub Subject, reason string) (*GrantNotice, error) {
	reason = strings.TrimSpace(reason)
	v := validate.Errors{}
	v.Length("reason", reason, minReason, maxReason)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !caller.Can(practice.EmergencyAccess) {
		return nil, auth.ErrForbidden
	}
	at := s.instant(caller)
	g := &Grant{PracticeID: caller.PracticeID, ID: uuid.New(), OwnerID: caller.UserID, Reason: reason,
		OpenedAt: at, ExpiresAt: at.Add(EmergencyAccessFor)}
	if sub.Couple {
		g.CoupleID = &sub.ID
	} else {
		g.ClientID = &sub.ID
	}
	var out []GrantNotice
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		clientIDs, err := grantable(ctx, tx, caller, sub)
		if err != nil {
			return err
		}
		if err := tx.Gorm.Create(g).Error; err != nil {
			return err
		}
		detail := map[string]any{"grant_id": g.ID, "reason": reason, "expires_at": g.ExpiresAt}
		if err := recordGrant(ctx, tx, caller, "emergency_access.open", sub, clientIDs, detail); err != nil {
			return err
		}
		if err := tx.InsertJob(ctx, EmergencyEmailArgs{PracticeID: caller.PracticeID, GrantID: g.ID}, nil); err != nil {
			return err
		}
		out, err = named(ctx, tx, []Grant{*g})
		return err
	})
	if err != nil {
		return nil, s.denied(ctx, caller, sub.kind(), sub.ID, err)
	}
	return &out[0], nil
}

// grantable checks that the subject is on the caller's roster (ErrNotFound otherwise, as for any
// record out of sight), that they do not treat it already and that no grant of theirs opens it
// yet; it returns the clients the grant would open.
func grantable(ctx context.Context, tx *db.Tx, caller auth.Caller, sub Subject) ([]uuid.UUID, error) {
	if sub.Couple {
		if _, err := loadRosterCouple(ctx, tx, caller, sub.ID); err != nil {
			return nil, err
		}
		if err := refuseSeen(coupleAccess(tx, caller, sub.ID)); err != nil {
			return nil, err
		}
		return partnerIDs(tx, sub.ID)
	}
	if _, err := loadOnRoster(ctx, tx, caller, sub.ID); err != nil {
		return nil, err
	}
	return []uuid.UUID{sub.ID}, refuseSeen(clientAccess(tx, caller, sub.ID))
}

// refuseSeen refuses a grant on a record the caller already sees.
func refuseSeen(a Access, err error) error {
	switch {
	case err != nil:
		return err
	case a.Kind == AccessClinician:
		return ErrTreated
	case a.Kind == AccessEmergency:
		return ErrGrantOpen
	}
	return nil
}

// endGrantsSQL ends the caller's live grants that open a record (the filter slot: on a client,
// or on a couple), returning their ids. It names the practice, as a statement that locks rows
// does for Citus (db.Tx.PracticeID).
const endGrantsSQL = `UPDATE emergency_grants g SET ended_at = ? WHERE g.practice_id = ? AND ` + liveGrantSQL + ` AND ?
	RETURNING g.id`

// Which grants open a record: those on the client and on their couples, or those on the couple.
const (
	opensClientSQL = `(g.client_id = ? OR g.couple_id IN (SELECT cp.couple_id FROM couple_partners cp WHERE cp.client_id = ?))`
	opensCoupleSQL = `g.couple_id = ?`
)

// EndEmergencyAccess ends, now, the caller's live grants that open the subject's record (on a
// client, also a grant on their couple, since that opens them too). With none live it changes
// nothing; a subject off the caller's roster is ErrNotFound.
func (s *Service) EndEmergencyAccess(ctx context.Context, caller auth.Caller, sub Subject) error {
	if !caller.Can(practice.EmergencyAccess) {
		return auth.ErrForbidden
	}
	at := s.instant(caller)
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		clientIDs, opens, err := onRoster(ctx, tx, caller, sub)
		if err != nil {
			return err
		}
		args := append([]any{at, tx.PracticeID()}, liveArgs(caller)...)
		var ended []uuid.UUID
		if err := tx.Gorm.Raw(endGrantsSQL, append(args, opens)...).Scan(&ended).Error; err != nil {
			return err
		}
		for _, id := range ended {
			if err := recordGrant(ctx, tx, caller, "emergency_access.end", sub, clientIDs, map[string]any{"grant_id": id}); err != nil {
				return err
			}
		}
		return nil
	})
	return s.denied(ctx, caller, sub.kind(), sub.ID, err)
}

// onRoster checks the subject is on the caller's roster and returns its clients and the
// condition that a grant (aliased g) opens it.
func onRoster(ctx context.Context, tx *db.Tx, caller auth.Caller, sub Subject) ([]uuid.UUID, clause.Expr, error) {
	if sub.Couple {
		if _, err := loadRosterCouple(ctx, tx, caller, sub.ID); err != nil {
			return nil, clause.Expr{}, err
		}
		ids, err := partnerIDs(tx, sub.ID)
		return ids, gorm.Expr(opensCoupleSQL, sub.ID), err
	}
	if _, err := loadOnRoster(ctx, tx, caller, sub.ID); err != nil {
		return nil, clause.Expr{}, err
	}
	return []uuid.UUID{sub.ID}, gorm.Expr(opensClientSQL, sub.ID, sub.ID), nil
}

// recordGrant writes one row per client the grant concerns, so filtering the trail by client
// finds each partner of a couple.
func recordGrant(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, sub Subject, clientIDs []uuid.UUID,
	detail map[string]any) error {
	for _, c := range clientIDs {
		err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: action,
			SubjectType: sub.kind(), SubjectID: sub.ID.String(), ClientID: c, Detail: detail})
		if err != nil {
			return err
		}
	}
	return nil
}

// instant is the request's instant on the app's clock (auth.Staff.At); a caller made outside a
// request has none, and the service's clock stands in.
func (s *Service) instant(caller auth.Caller) time.Time {
	if caller.Staff != nil && !caller.At.IsZero() {
		return caller.At
	}
	return s.now()
}

const (
	// grantsOnClientSQL reads the latest grants that opened a client's record, on them or on a
	// couple of theirs.
	grantsOnClientSQL = `SELECT g.* FROM emergency_grants g WHERE ` + opensClientSQL + ` ORDER BY g.opened_at DESC LIMIT 10`
	// grantsOnCoupleSQL reads the latest grants on a couple.
	grantsOnCoupleSQL = `SELECT g.* FROM emergency_grants g WHERE ` + opensCoupleSQL + ` ORDER BY g.opened_at DESC LIMIT 10`
)

// readGrants reads the grants a query (with its arguments) finds.
func readGrants(tx *db.Tx, query string, args ...any) ([]Grant, error) {
	var gs []Grant
	err := tx.Gorm.Raw(query, args...).Scan(&gs).Error
	return gs, err
}

// named gives each grant its owner's name, for a record's page: the clinicians see who opened
// their client's record, when and why.
func named(ctx context.Context, tx *db.Tx, gs []Grant) ([]GrantNotice, error) {
	if len(gs) == 0 {
		return nil, nil
	}
	ids := make([]uuid.UUID, len(gs))
	for i, g := range gs {
		ids[i] = g.OwnerID
	}
	names, err := auth.UserNames(ctx, tx, ids)
	out := make([]GrantNotice, len(gs))
	for i, g := range gs {
		out[i] = GrantNotice{Grant: g, OwnerName: names[g.OwnerID]}
	}
	return out, err
}

// clientSight is how the caller sees the client's record and, if at all, the latest grants on it.
func clientSight(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (Access, []GrantNotice, error) {
	a, err := clientAccess(tx, caller, id)
	if err != nil || a.Kind == AccessNone {
		return a, nil, err
	}
	return withNotices(ctx, tx, a, grantsOnClientSQL, id, id)
}

// coupleSight is clientSight for a couple.
func coupleSight(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (Access, []GrantNotice, error) {
	a, err := coupleAccess(tx, caller, id)
	if err != nil || a.Kind == AccessNone {
		return a, nil, err
	}
	return withNotices(ctx, tx, a, grantsOnCoupleSQL, id)
}

// withNotices reads the grants the query finds and names them, with the caller's own grant in a.
func withNotices(ctx context.Context, tx *db.Tx, a Access, query string, args ...any) (Access, []GrantNotice, error) {
	gs, err := readGrants(tx, query, args...)
	if err != nil {
		return a, nil, err
	}
	if a.Grant != nil {
		gs = append(gs, a.Grant.Grant)
	}
	ns, err := named(ctx, tx, gs)
	if err != nil {
		return a, nil, err
	}
	if a.Grant != nil {
		a.Grant, ns = &ns[len(ns)-1], ns[:len(ns)-1]
	}
	return a, ns, nil
}
