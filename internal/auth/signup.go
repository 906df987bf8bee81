package auth

import (
	"context"
	"errors"
	"fmt"
	"html"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/validate"
)

// A sign-up proves its address before anything is made. Signup (service.go) keeps the form as
// a pending sign-up and queues SignupEmailArgs; the job writes to the address: a link that
// finishes the sign-up when the address has no account, a note to its owner when it has one.
// ConfirmSignup, given the link's token, makes the practice and its owner and signs them in.

func (o *Options) signupDefaults() {
	if o.SignupEmail.Max == 0 {
		o.SignupEmail = ratelimit.Rule{Name: "signup_email", Max: 5, Window: time.Hour}
	}
	if o.SignupConfirm.Max == 0 {
		o.SignupConfirm = ratelimit.Rule{Name: "signup_confirm_address", Max: 20, Window: 15 * time.Minute}
	}
	if o.SignupTTL == 0 {
		o.SignupTTL = 24 * time.Hour
	}
}

// pendingSignup is a row of pending_signups: a sign-up form waiting for its address to be
// proven. Only the SHA-256 of the link's token is stored, once the email has gone out.
type pendingSignup struct {
	ID           uuid.UUID `gorm:"primaryKey"`
	Email        string
	Name         string
	PracticeName string
	TimeZone     string
	PasswordHash string
	TokenHash    []byte
	CreatedAt    time.Time
	ExpiresAt    time.Time
	EmailedAt    *time.Time
	UsedAt       *time.Time
}

func (pendingSignup) TableName() string { return "pending_signups" }

// SignupEmailArgs is the job that writes to the address of a pending sign-up. It carries the
// sign-up's id only: whether the address has an account is the job's to find out, and the
// link's token is made by the job, so it is stored nowhere but in the email (and as a hash).
type SignupEmailArgs struct {
	PendingID uuid.UUID `json:"pending_signup_id"`
}

// Kind names the job in River's table.
func (SignupEmailArgs) Kind() string { return "signup_email" }

// InsertOpts: someone is waiting for this email, so a few quick tries are enough.
func (SignupEmailArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }

// SignupEmailWorker sends sign-up emails.
type SignupEmailWorker struct {
	river.WorkerDefaults[SignupEmailArgs]
	Auth      *Service
	Mailer    notify.Mailer
	PublicURL string
}

// Work sends the pending sign-up's email.
func (w *SignupEmailWorker) Work(ctx context.Context, job *river.Job[SignupEmailArgs]) error {
	return w.Auth.SendSignupEmail(ctx, job.Args.PendingID, w.Mailer, w.PublicURL)
}

// SendSignupEmail writes to the address of the pending sign-up id: for an address without an
// account, the link that finishes the sign-up; for one with an account, a note to its owner
// (someone tried to sign up with it; log in or reset the password), after which the pending
// sign-up is deleted, as it can never be finished. A sign-up already emailed, finished or
// swept away gets nothing, so a retried job does not write twice once its send is recorded.
func (s *Service) SendSignupEmail(ctx context.Context, id uuid.UUID, mailer notify.Mailer, publicURL string) error {
	var p pendingSignup
	var known bool
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		err := tx.Gorm.Where("id = ? AND emailed_at IS NULL AND used_at IS NULL", id).Take(&p).Error
		if err != nil {
			return err
		}
		cred, err := findCredentials(ctx, tx, p.Email)
		known = cred != nil
		return err
	})
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return nil
	case err != nil:
		return err
	case known:
		return s.sendAccountExists(ctx, &p, mailer, publicURL)
	}
	return s.sendSignupLink(ctx, &p, mailer, publicURL)
}

// sendSignupLink mints the link's token and stores its hash before the email goes out, so the
// link works as soon as it can be read; a failed send is retried with a new token (the first
// link was never delivered, or is replaced by the one that is).
func (s *Service) sendSignupLink(ctx context.Context, p *pendingSignup, mailer notify.Mailer, publicURL string) error {
	token, hash := newToken()
	var claimed bool
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		res := tx.Gorm.Model(&pendingSignup{}).Where("id = ? AND emailed_at IS NULL AND used_at IS NULL", p.ID).
			Update("token_hash", hash)
		claimed = res.RowsAffected == 1
		return res.Error
	})
	if err != nil || !claimed { // emailed or finished meanwhile
		return err
	}
	if err := mailer.Send(ctx, signupLinkMessage(p, publicURL, token, s.opts.SignupTTL)); err != nil {
		return err
	}
	return s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Model(&pendingSignup{}).Where("id = ?", p.ID).Update("emailed_at", s.opts.Now()).Error
	})
}

// sendAccountExists tells the owner of an address with an account that someone tried to sign
// up with it, then deletes the pending sign-up (and with it the password that came with it).
func (s *Service) sendAccountExists(ctx context.Context, p *pendingSignup, mailer notify.Mailer, publicURL string) error {
	if err := mailer.Send(ctx, accountExistsMessage(p.Email, publicURL)); err != nil {
		return err
	}
	return s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Where("id = ?", p.ID).Delete(&pendingSignup{}).Error
	})
}

const (
	signupLinkSubject    = "Finish setting up your Steady practice"
	accountExistsSubject = "You already have a Steady account"
)

func signupLinkMessage(p *pendingSignup, publicURL, token string, ttl time.Duration) notify.Message {
	link := publicURL + "/signup/confirm?token=" + token
	valid := fmt.Sprintf("%d hours", int(ttl.Hours()))
	text := fmt.Sprintf(`Hello %s,

To finish setting up %s on Steady, open this link and confirm:

%s

The link works once, for %s. If you did not sign up to Steady, ignore this email: nothing
has been set up, and nothing will be.

— Steady`, p.Name, p.PracticeName, link, valid)
	body := fmt.Sprintf(`<p>Hello %s,</p><p>To finish setting up <strong>%s</strong> on Steady, open this link and confirm:</p>
<p><a href="%s">Finish setting up your practice</a></p><p>The link works once, for %s. If you did not sign up to Steady, ignore this email: nothing has been set up, and nothing will be.</p><p>— Steady</p>`,
		html.EscapeString(p.Name), html.EscapeString(p.PracticeName), html.EscapeString(link), valid)
	return notify.Message{To: p.Email, Subject: signupLinkSubject, Text: text, HTML: body}
}

// accountExistsMessage names nothing the sign-up form said: whoever filled it in may not be
// the owner of the address.
func accountExistsMessage(email, publicURL string) notify.Message {
	login, reset := publicURL+"/login", publicURL+"/forgot-password"
	text := fmt.Sprintf(`Hello,

Someone tried to create a new Steady practice with this email address, which already has a
Steady account. Nothing has changed: no practice was made, and your password is as it was.

To log in: %s
Forgotten your password? Choose a new one: %s

If it was not you, you can ignore this email.

— Steady`, login, reset)
	body := fmt.Sprintf(`<p>Hello,</p><p>Someone tried to create a new Steady practice with this email address, which already has a Steady account. Nothing has changed: no practice was made, and your password is as it was.</p>
<p><a href="%s">Log in to Steady</a></p><p>Forgotten your password? <a href="%s">Choose a new one</a>.</p><p>If it was not you, you can ignore this email.</p><p>— Steady</p>`,
		html.EscapeString(login), html.EscapeString(reset))
	return notify.Message{To: email, Subject: accountExistsSubject, Text: text, HTML: body}
}

// ConfirmSignup finishes the sign-up of a link's token: it creates the practice, its owner and
// the owner's first session in one transaction, uses the link up, and returns the session's
// token. An unknown, used or expired token is refused with its own error and nothing is written;
// confirmations are rate limited per client address.
func (s *Service) ConfirmSignup(ctx context.Context, token string, cl Client) (string, *Profile, error) {
	v := validate.Errors{}
	v.Length("token", token, 1, 200)
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	if err := s.hit(ctx, s.opts.SignupConfirm, cl.IP); err != nil {
		return "", nil, err
	}
	p, err := s.pendingByToken(ctx, token)
	if err != nil {
		return "", nil, err
	}
	now := s.opts.Now()
	ev := SignupEvent{PracticeID: uuid.New(), UserID: uuid.New(),
		Client: Client{IP: cl.IP, UserAgent: truncate(cl.UserAgent, 400)}}
	pr := practice.Practice{ID: ev.PracticeID, Name: p.PracticeName, TimeZone: p.TimeZone, CreatedAt: now}
	u := User{ID: ev.UserID, Email: p.Email, Name: p.Name, PasswordHash: p.PasswordHash, CreatedAt: now, UpdatedAt: now}
	sessionToken, tokenHash := newToken()
	err = s.db.InTenant(ctx, db.Scope{PracticeID: ev.PracticeID, UserID: ev.UserID}, func(tx *db.Tx) error {
		if err := claimPending(ctx, tx, p, now); err != nil {
			return err
		}
		if err := s.createPractice(ctx, tx, &pr, &u, ev, now); err != nil {
			return err
		}
		return createSession(ctx, tx, s.newSession(tokenHash, u.ID, pr.ID, cl, now))
	})
	if err != nil {
		return "", nil, err
	}
	return sessionToken, &Profile{User: u, Practice: pr, Role: practice.RoleOwner}, nil
}

// pendingByToken finds the pending sign-up of a link's token, if it can still be finished.
func (s *Service) pendingByToken(ctx context.Context, token string) (*pendingSignup, error) {
	var p pendingSignup
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		err := tx.Gorm.Where("token_hash = ?", db.Bytes(hashToken(token))).Take(&p).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrSignupTokenInvalid
		}
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case p.UsedAt != nil:
		return nil, ErrSignupTokenUsed
	case !s.opts.Now().Before(p.ExpiresAt):
		return nil, ErrSignupTokenExpired
	}
	return &p, nil
}

// claimPending uses a pending sign-up up in one UPDATE, so that two clicks at the same moment
// make one practice, and forgets its password (the user row has it now). Any other sign-up
// waiting for the same address goes: its link could only fail.
func claimPending(ctx context.Context, tx *db.Tx, p *pendingSignup, now time.Time) error {
	res := tx.Gorm.Model(&pendingSignup{}).Where("id = ? AND used_at IS NULL AND expires_at > ?", p.ID, now).
		Updates(map[string]any{"used_at": now, "password_hash": ""})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrSignupTokenUsed
	}
	return tx.Gorm.Where("email = ? AND id <> ?", p.Email, p.ID).Delete(&pendingSignup{}).Error
}

// createPractice makes the practice, its owner and their membership, and runs the OnSignup
// hooks, in tx. An address that has an account by now (signed up twice, both links opened)
// finds its sign-up used: that person can log in.
func (s *Service) createPractice(ctx context.Context, tx *db.Tx, pr *practice.Practice, u *User, ev SignupEvent,
	now time.Time) error {
	if err := practice.Create(ctx, tx, pr); err != nil {
		return err
	}
	if err := createUser(ctx, tx, u); errors.Is(err, ErrAccountExists) {
		return ErrSignupTokenUsed
	} else if err != nil {
		return err
	}
	m := practice.Membership{PracticeID: pr.ID, UserID: u.ID, Role: practice.RoleOwner, CreatedAt: now}
	if err := practice.AddMember(ctx, tx, &m); err != nil {
		return err
	}
	for _, hook := range s.OnSignup {
		if err := hook(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

// sweepPendingSignups deletes sign-ups whose links expired more than a day ago (kept that long
// so a late click is told the link expired, not that it never existed).
func sweepPendingSignups(ctx context.Context, tx *db.Tx, now time.Time) error {
	return tx.Gorm.Where("expires_at <= ?", now.Add(-24*time.Hour)).Delete(&pendingSignup{}).Error
}
