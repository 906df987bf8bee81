// Package auth owns staff identity: users, passwords, sessions, two-factor sign-in, password
// reset and the sign-up, log-in and log-out flows. Clients never sign in; they use homework
// links (another package).
package auth

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/seal"
	"github.com/steadyhq/steady/internal/validate"
)

// Options tune the auth rules; zero values take the defaults below.
type Options struct {
	IdleTimeout   time.Duration  // a session unused this long ends (30 minutes)
	MaxAge        time.Duration  // a session ends this long after log-in (12 hours)
	LoginAccount  ratelimit.Rule // log-in attempts per email
	LoginAddress  ratelimit.Rule // log-in attempts per client address
	SignupAddress ratelimit.Rule // sign-ups per client address
	Now           func() time.Time

	// Key seals two-factor secrets at rest (STEADY_SECRET_KEY). Without it, two-factor
	// set-up and code checks fail; the app always passes one.
	Key                 *seal.Key
	PreviousKeys        []*seal.Key    // keys Key replaced: their secrets still open until `steady keys rotate`
	ChallengeTTL        time.Duration  // a log-in waiting for its two-factor code (5 minutes)
	ResetTTL            time.Duration  // a password reset link (1 hour)
	TwoFactorUser       ratelimit.Rule // two-factor code attempts per person
	PasswordUser        ratelimit.Rule // password changes (current password guesses) per person
	ResetEmail          ratelimit.Rule // reset requests per email
	ResetAddress        ratelimit.Rule // reset requests per client address
	ResetConfirmAddress ratelimit.Rule // reset confirmations per client address
}

func (o *Options) defaults() {
	if o.IdleTimeout == 0 {
		o.IdleTimeout = 30 * time.Minute
	}
	if o.MaxAge == 0 {
		o.MaxAge = 12 * time.Hour
	}
	if o.LoginAccount.Max == 0 {
		o.LoginAccount = ratelimit.Rule{Name: "login_account", Max: 10, Window: 15 * time.Minute}
	}
	if o.LoginAddress.Max == 0 {
		o.LoginAddress = ratelimit.Rule{Name: "login_address", Max: 50, Window: 15 * time.Minute}
	}
	if o.SignupAddress.Max == 0 {
		o.SignupAddress = ratelimit.Rule{Name: "signup_address", Max: 20, Window: time.Hour}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.twoFactorDefaults()
}

func (o *Options) twoFactorDefaults() {
	if o.ChallengeTTL == 0 {
		o.ChallengeTTL = 5 * time.Minute
	}
	if o.ResetTTL == 0 {
		o.ResetTTL = time.Hour
	}
	if o.TwoFactorUser.Max == 0 {
		o.TwoFactorUser = ratelimit.Rule{Name: "two_factor_user", Max: 5, Window: 15 * time.Minute}
	}
	if o.PasswordUser.Max == 0 {
		o.PasswordUser = ratelimit.Rule{Name: "password_user", Max: 10, Window: 15 * time.Minute}
	}
	if o.ResetEmail.Max == 0 {
		o.ResetEmail = ratelimit.Rule{Name: "reset_email", Max: 5, Window: time.Hour}
	}
	if o.ResetAddress.Max == 0 {
		o.ResetAddress = ratelimit.Rule{Name: "reset_address", Max: 20, Window: time.Hour}
	}
	if o.ResetConfirmAddress.Max == 0 {
		o.ResetConfirmAddress = ratelimit.Rule{Name: "reset_confirm_address", Max: 20, Window: 15 * time.Minute}
	}
}

// SignupEvent describes a practice that has just been created, for OnSignup hooks.
type SignupEvent struct {
	PracticeID uuid.UUID
	UserID     uuid.UUID
}

// Service runs the auth flows.
type Service struct {
	db   *db.DB
	opts Options
	// OnSignup hooks run inside the sign-up transaction (to enqueue the welcome email, say):
	// if one fails, the whole sign-up rolls back, jobs included.
	OnSignup []func(ctx context.Context, tx *db.Tx, ev SignupEvent) error
}

// NewService builds the service.
func NewService(d *db.DB, opts Options) *Service {
	opts.defaults()
	return &Service{db: d, opts: opts}
}

// Client describes who is making a request, for rate limits and the sessions list.
type Client struct {
	IP        string
	UserAgent string
}

// Staff is the signed-in person of a request, in the practice they are working in.
type Staff struct {
	UserID     uuid.UUID
	PracticeID uuid.UUID
	Role       practice.Role
	// TwoFactorEnabled says the person has two-factor sign-in on; TwoFactorRequired that
	// their current practice requires it of every member.
	TwoFactorEnabled  bool
	TwoFactorRequired bool
	tokenHash         []byte
}

// MustEnrol reports whether the person has to turn two-factor sign-in on before anything else.
func (s *Staff) MustEnrol() bool { return s.TwoFactorRequired && !s.TwoFactorEnabled }

// Scope is the tenant transaction scope for this person's requests.
func (s *Staff) Scope() db.Scope { return db.Scope{PracticeID: s.PracticeID, UserID: s.UserID} }

// Profile is what the dashboard shows of the signed-in person.
type Profile struct {
	User     User
	Practice practice.Practice
	Role     practice.Role
	// TwoFactorRequired says the practice requires two-factor sign-in of every member.
	TwoFactorRequired bool
}

// SignupInput is a new practice and its owner.
type SignupInput struct {
	PracticeName string
	Name         string
	Email        string
	Password     string
	// TimeZone is the practice's IANA zone; the sign-up page sends the browser's. Nil (an
	// API client that sends none) means UTC, which the practice can change in its settings.
	TimeZone *string
}

func (in *SignupInput) validate() error {
	v := validate.Errors{}
	v.Name("practice_name", in.PracticeName, 120)
	v.Name("name", in.Name, 120)
	v.Email("email", in.Email)
	v.Length("password", in.Password, 12, 200)
	if in.TimeZone != nil {
		v.TimeZone("time_zone", *in.TimeZone)
	}
	return v.Err()
}

// zone is the practice's time zone: the one given, else UTC.
func (in *SignupInput) zone() string {
	if in.TimeZone == nil {
		return "UTC"
	}
	return *in.TimeZone
}

// Signup creates the practice, its owner and the owner's first session in one transaction,
// and returns the session token.
func (s *Service) Signup(ctx context.Context, in SignupInput, cl Client) (string, *Profile, error) {
	in.Email = validate.NormalizeEmail(in.Email)
	if err := in.validate(); err != nil {
		return "", nil, err
	}
	if err := s.hit(ctx, s.opts.SignupAddress, cl.IP); err != nil {
		return "", nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return "", nil, err
	}
	now := s.opts.Now()
	ev := SignupEvent{PracticeID: uuid.New(), UserID: uuid.New()}
	p := practice.Practice{ID: ev.PracticeID, Name: in.PracticeName, TimeZone: in.zone(), CreatedAt: now}
	u := User{ID: ev.UserID, Email: in.Email, Name: in.Name, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
	token, tokenHash := newToken()
	err = s.db.InTenant(ctx, db.Scope{PracticeID: ev.PracticeID, UserID: ev.UserID}, func(tx *db.Tx) error {
		if err := practice.Create(ctx, tx, &p); err != nil {
			return err
		}
		if err := createUser(ctx, tx, &u); err != nil {
			return err
		}
		m := practice.Membership{PracticeID: p.ID, UserID: u.ID, Role: practice.RoleOwner, CreatedAt: now}
		if err := practice.AddMember(ctx, tx, &m); err != nil {
			return err
		}
		for _, hook := range s.OnSignup {
			if err := hook(ctx, tx, ev); err != nil {
				return err
			}
		}
		return createSession(ctx, tx, s.newSession(tokenHash, u.ID, p.ID, cl, now))
	})
	if err != nil {
		return "", nil, err
	}
	return token, &Profile{User: u, Practice: p, Role: practice.RoleOwner}, nil
}

func (s *Service) newSession(hash []byte, userID, practiceID uuid.UUID, cl Client, now time.Time) *session {
	return &session{TokenHash: hash, ID: uuid.New(), UserID: userID, CurrentPracticeID: practiceID, CreatedAt: now,
		LastSeenAt: now, ExpiresAt: now.Add(s.opts.MaxAge), IP: cl.IP, UserAgent: truncate(cl.UserAgent, 400)}
}

// hit counts an attempt in its own committed transaction, so that a failed attempt that
// rolls back its own work still counts.
func (s *Service) hit(ctx context.Context, rule ratelimit.Rule, key string) error {
	return s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return ratelimit.Hit(ctx, tx, rule, key, s.opts.Now())
	})
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
