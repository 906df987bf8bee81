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
	SignupEmail   ratelimit.Rule // sign-ups per address signed up (each sends it an email)
	SignupConfirm ratelimit.Rule // sign-up link confirmations per client address
	SignupTTL     time.Duration  // a sign-up link (24 hours)
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
	o.signupDefaults()
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
	// Client is who confirmed the sign-up, for the audit trail.
	Client Client
}

// Service runs the auth flows.
type Service struct {
	db   *db.DB
	opts Options
	// OnSignup hooks run inside the sign-up transaction (to enqueue the welcome email, say):
	// if one fails, the whole sign-up rolls back, jobs included.
	OnSignup []func(ctx context.Context, tx *db.Tx, ev SignupEvent) error
	// argonHook hears of each password hashed or verified (see hashPassword); tests only.
	argonHook func()
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
	// At is when the session was checked for this request, on the app's clock: the request's
	// instant, at which time-limited rights (an owner's emergency access) are judged. A Staff
	// made without a request (a job, a test) has none, and such rights are then never live.
	At time.Time
	// PracticeClosed says the practice has been closed: the Guard lets only its export through.
	PracticeClosed bool
	tokenHash      []byte
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
	if in.TimeZone != nil {
		v.TimeZone("time_zone", *in.TimeZone)
	}
	checkNewPassword(v, "password", in.Password, in.Email, in.Name, in.PracticeName)
	return v.Err()
}

// zone is the practice's time zone: the one given, else UTC.
func (in *SignupInput) zone() string {
	if in.TimeZone == nil {
		return "UTC"
	}
	return *in.TimeZone
}

// Signup starts a sign-up: it keeps the form's answers as a pending sign-up and queues an
// email to the address, which finishes it (ConfirmSignup) or, for an address that already has
// an account, says so to its owner. It answers the same, after the same work, whether or not
// the address has an account, so it cannot be used to find out who has one: the look-up is
// the email job's. Sign-ups are rate limited per client address and per address signed up.
func (s *Service) Signup(ctx context.Context, in SignupInput, cl Client) error {
	in.Email = validate.NormalizeEmail(in.Email)
	if err := in.validate(); err != nil {
		return err
	}
	if err := s.hit(ctx, s.opts.SignupAddress, cl.IP); err != nil {
		return err
	}
	if err := s.hit(ctx, s.opts.SignupEmail, in.Email); err != nil {
		return err
	}
	hash, err := s.hashPassword(in.Password)
	if err != nil {
		return err
	}
	now := s.opts.Now()
	p := pendingSignup{ID: uuid.New(), Email: in.Email, Name: in.Name, PracticeName: in.PracticeName,
		TimeZone: in.zone(), PasswordHash: hash, CreatedAt: now, ExpiresAt: now.Add(s.opts.SignupTTL)}
	return s.db.InGlobal(ctx, func(tx *db.Tx) error {
		if err := tx.Gorm.Create(&p).Error; err != nil {
			return err
		}
		return tx.InsertJob(ctx, SignupEmailArgs{PendingID: p.ID}, nil)
	})
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
