package auth

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// What joining a practice from an invitation needs of auth: find an account by email, check
// its password, create a new account, and start a session.

// FindUserByEmail returns the id of the account with email, if there is one.
func FindUserByEmail(ctx context.Context, tx *db.Tx, email string) (uuid.UUID, bool, error) {
	cred, err := findCredentials(ctx, tx, validate.NormalizeEmail(email))
	if err != nil || cred == nil {
		return uuid.Nil, false, err
	}
	return cred.ID, true, nil
}

// CheckPassword reports whether password is the account's, in constant time (an unknown
// email costs the same as a wrong password).
func CheckPassword(ctx context.Context, tx *db.Tx, email, password string) (bool, error) {
	cred, err := findCredentials(ctx, tx, validate.NormalizeEmail(email))
	if err != nil {
		return false, err
	}
	hash := dummyHash
	if cred != nil {
		hash = cred.PasswordHash
	}
	ok, err := VerifyPassword(password, hash)
	return ok && cred != nil, err
}

// NewAccount validates and creates a person's account in tx, whose scope must name id as its
// user (row-level security checks it) and the practice they are joining, whose name their
// password must not be built on, like their own email address and name.
func NewAccount(ctx context.Context, tx *db.Tx, id uuid.UUID, email, name, password string, now time.Time) error {
	p, err := practice.Get(ctx, tx, tx.PracticeID())
	if err != nil {
		return err
	}
	v := validate.Errors{}
	v.Name("name", name, 120)
	checkNewPassword(v, "password", password, email, name, p.Name)
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return createUser(ctx, tx, &User{ID: id, Email: validate.NormalizeEmail(email), Name: name,
		PasswordHash: hash, CreatedAt: now, UpdatedAt: now})
}

// StartSessionTx opens a session for a person in a practice, in tx, and returns its token.
func (s *Service) StartSessionTx(ctx context.Context, tx *db.Tx, userID, practiceID uuid.UUID, cl Client) (string, error) {
	token, hash := newToken()
	return token, createSession(ctx, tx, s.newSession(hash, userID, practiceID, cl, s.opts.Now()))
}

// SetSessionCookie sets the cookie of a session started outside these handlers, with a fresh
// CSRF token, as log-in does.
func (h *Handlers) SetSessionCookie(c echo.Context, token string) { h.startSession(c, token) }

// ClientOf describes the request's origin for sessions and rate limits.
func ClientOf(c echo.Context) Client { return clientOf(c) }
