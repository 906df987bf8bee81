package auth

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// LoginResult is what a right password earns: a session (Token and Profile), or, for a person
// with two-factor sign-in, a pending log-in (Challenge) that FinishLogin completes with a code.
type LoginResult struct {
	Token     string
	Profile   *Profile
	Challenge string
}

// Login is BeginLogin for a person without two-factor sign-in: it returns the new session's
// token. For a person with two-factor sign-in it fails with ErrTwoFactorRequired (the pending
// log-in it began expires unused).
func (s *Service) Login(ctx context.Context, email, password, previous string, cl Client) (string, *Profile, error) {
	res, err := s.BeginLogin(ctx, email, password, previous, cl)
	if err != nil {
		return "", nil, err
	}
	if res.Challenge != "" {
		return "", nil, ErrTwoFactorRequired
	}
	return res.Token, res.Profile, nil
}

// BeginLogin checks email and password and starts a new session, ending the one the browser
// presented (previous, may be empty) so a session id never survives a log-in. A wrong email
// and a wrong password give the same error after the same work. A person with two-factor
// sign-in gets a five-minute challenge instead of a session.
func (s *Service) BeginLogin(ctx context.Context, email, password, previous string, cl Client) (*LoginResult, error) {
	email = validate.NormalizeEmail(email)
	v := validate.Errors{}
	v.Length("email", email, 1, 254)
	v.Length("password", password, 1, 200)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.hit(ctx, s.opts.LoginAccount, email); err != nil {
		return nil, err
	}
	if err := s.hit(ctx, s.opts.LoginAddress, cl.IP); err != nil {
		return nil, err
	}
	var cred *credentials
	var memberships []userPractice
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		var err error
		if cred, err = findCredentials(ctx, tx, email); err != nil {
			return err
		}
		// An unknown email asks for the memberships of nobody: the same queries either way.
		id := uuid.Nil
		if cred != nil {
			id = cred.ID
		}
		memberships, err = userPractices(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	hash := dummyHash
	if cred != nil {
		hash = cred.PasswordHash
	}
	ok, err := s.verifyPassword(password, hash)
	if err != nil {
		return nil, err
	}
	if cred == nil || !ok {
		return nil, ErrInvalidCredentials
	}
	if len(memberships) == 0 {
		return nil, ErrNoPractice
	}
	current := memberships[0]
	token, tokenHash := newToken()
	now := s.opts.Now()
	var state twoFactorState
	err = s.db.InGlobal(ctx, func(tx *db.Tx) error {
		if previous != "" {
			if err := deleteSession(ctx, tx, hashToken(previous)); err != nil {
				return err
			}
		}
		st, err := findTwoFactorState(ctx, tx, cred.ID, current.PracticeID)
		if err != nil {
			return err
		}
		// Closed practices come last in the list, so this one is closed only when all the
		// person's are. Its owner may still sign in, to export its data; nobody else may.
		if st.Closed && practice.Role(current.Role) != practice.RoleOwner {
			return ErrPracticeClosed
		}
		if state = st; state.Enabled {
			return createChallenge(ctx, tx, &challenge{TokenHash: tokenHash, UserID: cred.ID,
				CreatedAt: now, ExpiresAt: now.Add(s.opts.ChallengeTTL)})
		}
		return createSession(ctx, tx, s.newSession(tokenHash, cred.ID, current.PracticeID, cl, now))
	})
	if err != nil {
		return nil, err
	}
	if state.Enabled {
		return &LoginResult{Challenge: token}, nil
	}
	staff := &Staff{UserID: cred.ID, PracticeID: current.PracticeID, Role: practice.Role(current.Role)}
	prof, err := s.Profile(ctx, staff)
	return &LoginResult{Token: token, Profile: prof}, err
}

// Logout ends the session of token. Ending a session that does not exist is not an error.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.db.InGlobal(ctx, func(tx *db.Tx) error { return deleteSession(ctx, tx, hashToken(token)) })
}

// Authenticate returns the staff member of a live session, refreshing its idle clock. A
// session whose person is no longer a member of its practice is refused.
func (s *Service) Authenticate(ctx context.Context, token string) (*Staff, error) {
	if token == "" {
		return nil, ErrUnauthenticated
	}
	hash := hashToken(token)
	now := s.opts.Now()
	var staff *Staff
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		sess, err := findSession(ctx, tx, hash, now, s.opts.IdleTimeout)
		if err != nil {
			return err
		}
		ms, err := userPractices(ctx, tx, sess.UserID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.PracticeID == sess.CurrentPracticeID {
				staff = &Staff{UserID: sess.UserID, PracticeID: m.PracticeID, Role: practice.Role(m.Role), At: now, tokenHash: hash}
			}
		}
		if staff == nil {
			return ErrUnauthenticated
		}
		state, err := findTwoFactorState(ctx, tx, staff.UserID, staff.PracticeID)
		if err != nil {
			return err
		}
		staff.TwoFactorEnabled, staff.TwoFactorRequired = state.Enabled, state.Required
		staff.PracticeClosed = state.Closed
		// Writing on every request would make each read a write; a minute's slack is plenty
		// against a 30-minute idle limit.
		if now.Sub(sess.LastSeenAt) > time.Minute {
			return touchSession(ctx, tx, hash, now)
		}
		return nil
	})
	return staff, err
}

// Profile loads the person and practice of staff, inside that practice's tenant scope.
func (s *Service) Profile(ctx context.Context, staff *Staff) (*Profile, error) {
	var prof Profile
	err := s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, staff.UserID)
		if err != nil {
			return err
		}
		p, err := practice.Get(ctx, tx, staff.PracticeID)
		if errors.Is(err, practice.ErrNotFound) {
			return ErrUnauthenticated
		}
		if err != nil {
			return err
		}
		prof = Profile{User: *u, Practice: *p, Role: staff.Role}
		prof.TwoFactorRequired, err = practice.RequiresTwoFactor(ctx, tx, staff.PracticeID)
		return err
	})
	return &prof, err
}
