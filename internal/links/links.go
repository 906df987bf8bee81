package links

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// link is a row of homework_links.
type link struct {
	PracticeID uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	ClientID   uuid.UUID
	TokenHash  []byte
	CreatedBy  *uuid.UUID
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

func (link) TableName() string { return "homework_links" }

// LinkState is what staff see of a link: never its token.
type LinkState struct {
	Status     string // none | active | expired | revoked
	CreatedAt  *time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// Service runs the rules for links, client sessions and PINs.
type Service struct {
	db      *db.DB
	clients *clients.Service
	now     func() time.Time
	send    *sender // how links are sent to clients; see SendThrough

	practices practiceCache // client sessions' practices, by token hash (sessionPractice)
}

// NewService builds the service.
func NewService(d *db.DB, cs *clients.Service, now func() time.Time) *Service {
	return &Service{db: d, clients: cs, now: module.Clock(now)}
}

// LinkOf reports the state of the client's newest link.
func (s *Service) LinkOf(ctx context.Context, caller auth.Caller, clientID uuid.UUID) (*LinkState, error) {
	var st *LinkState
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		l, err := newestLink(ctx, tx, clientID)
		st = s.state(l)
		return err
	})
	return st, s.clients.Denied(ctx, caller, "client", clientID, err)
}

// CreateLink revokes any live link of the client and makes a new one. The token is returned
// this once and stored only as its hash.
func (s *Service) CreateLink(ctx context.Context, caller auth.Caller, clientID uuid.UUID) (string, *LinkState, error) {
	var token string
	var l *link
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := writableClient(ctx, tx, caller, clientID); err != nil {
			return err
		}
		var err error
		if token, l, err = s.replaceLink(ctx, tx, caller, clientID); err != nil {
			return err
		}
		return record(ctx, tx, caller, "homework_link.create", clientID)
	})
	if err != nil {
		return "", nil, s.clients.Denied(ctx, caller, "client", clientID, err)
	}
	return token, s.state(l), nil
}

// writableClient returns the client if the caller may see them and they are still a client:
// a link is made only for an active client.
func writableClient(ctx context.Context, tx *db.Tx, caller auth.Caller, clientID uuid.UUID) (*clients.Client, error) {
	c, err := clients.Visible(ctx, tx, caller, clientID)
	if err != nil {
		return nil, err
	}
	if c.Status != clients.StatusActive {
		return nil, ErrClientArchived
	}
	return c, nil
}

// replaceLink revokes the client's live link (ending the sessions opened through it) and stores
// a new one. Its token is returned, never stored: only its hash is.
func (s *Service) replaceLink(ctx context.Context, tx *db.Tx, caller auth.Caller, clientID uuid.UUID) (string, *link, error) {
	token, hash := newToken()
	now := s.now()
	l := &link{PracticeID: caller.PracticeID, ID: uuid.New(), ClientID: clientID, TokenHash: hash,
		CreatedBy: &caller.UserID, CreatedAt: now, ExpiresAt: now.Add(LinkTTL)}
	if err := revokeLive(ctx, tx, clientID, now); err != nil {
		return "", nil, err
	}
	return token, l, tx.Gorm.Create(l).Error
}

// RenewLink gives the live link another LinkTTL from now.
func (s *Service) RenewLink(ctx context.Context, caller auth.Caller, clientID uuid.UUID) (*LinkState, error) {
	var st *LinkState
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		l, err := newestLink(ctx, tx, clientID)
		if err != nil {
			return err
		}
		if l == nil || l.RevokedAt != nil {
			return clients.ErrNotFound
		}
		l.ExpiresAt = s.now().Add(LinkTTL)
		if err := tx.Gorm.Model(l).Update("expires_at", l.ExpiresAt).Error; err != nil {
			return err
		}
		st = s.state(l)
		return record(ctx, tx, caller, "homework_link.renew", clientID)
	})
	return st, s.clients.Denied(ctx, caller, "client", clientID, err)
}

// RevokeLink kills the live link; the client's sessions opened through it end with it.
func (s *Service) RevokeLink(ctx context.Context, caller auth.Caller, clientID uuid.UUID) error {
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		if err := revokeLive(ctx, tx, clientID, s.now()); err != nil {
			return err
		}
		return record(ctx, tx, caller, "homework_link.revoke", clientID)
	})
	return s.clients.Denied(ctx, caller, "client", clientID, err)
}

const (
	// unverifyClientSessionsSQL makes every session of a client ask for the PIN again.
	unverifyClientSessionsSQL = `UPDATE client_sessions SET pin_verified_at = NULL WHERE client_id = ?`
)

// ResetPIN clears the client's PIN and closes past entries in their open sessions.
func (s *Service) ResetPIN(ctx context.Context, caller auth.Caller, clientID uuid.UUID) error {
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		if err := clients.ClearPIN(ctx, tx, clientID); err != nil {
			return err
		}
		if err := tx.Gorm.Exec(unverifyClientSessionsSQL, clientID).Error; err != nil {
			return err
		}
		return record(ctx, tx, caller, "homework_pin.reset", clientID)
	})
	return s.clients.Denied(ctx, caller, "client", clientID, err)
}

// deleteLiveLinkSessionsSQL ends the sessions opened through a client's live links.
const deleteLiveLinkSessionsSQL = `DELETE FROM client_sessions WHERE link_id IN (
	SELECT id FROM homework_links WHERE client_id = ? AND revoked_at IS NULL)`

func revokeLive(ctx context.Context, tx *db.Tx, clientID uuid.UUID, now time.Time) error {
	if err := tx.Gorm.Exec(deleteLiveLinkSessionsSQL, clientID).Error; err != nil {
		return err
	}
	return tx.Gorm.Model(&link{}).Where("client_id = ? AND revoked_at IS NULL", clientID).Update("revoked_at", now).Error
}

func newestLink(ctx context.Context, tx *db.Tx, clientID uuid.UUID) (*link, error) {
	var l link
	err := tx.Gorm.Where("client_id = ?", clientID).Order("created_at DESC").Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &l, err
}

func (s *Service) state(l *link) *LinkState {
	if l == nil {
		return &LinkState{Status: "none"}
	}
	st := &LinkState{Status: "active", CreatedAt: &l.CreatedAt, ExpiresAt: &l.ExpiresAt, RevokedAt: l.RevokedAt,
		LastUsedAt: l.LastUsedAt}
	switch {
	case l.RevokedAt != nil:
		st.Status = "revoked"
	case !s.now().Before(l.ExpiresAt):
		st.Status = "expired"
	}
	return st
}

func record(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, clientID uuid.UUID) error {
	return recordWith(ctx, tx, caller, action, clientID, nil)
}

func recordWith(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, clientID uuid.UUID, detail map[string]any) error {
	return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
		audit.Event{Action: action, SubjectType: "client", SubjectID: clientID.String(), ClientID: clientID, Detail: detail})
}
