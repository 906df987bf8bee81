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
	"github.com/steadyhq/steady/internal/validate"
)

// passwordReset is a row of password_resets: a link emailed to a person. Only the SHA-256 of
// its 256-bit token is stored; it works once, before ExpiresAt.
type passwordReset struct {
	ID        uuid.UUID `gorm:"primaryKey"`
	TokenHash []byte
	UserID    uuid.UUID
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (passwordReset) TableName() string { return "password_resets" }

// ResetArgs is the job that emails a password reset link. It carries the address as it was
// asked for, not a person: the request does the same work and gives the same answer for
// every address, and the worker decides whether there is anyone to write to. The token is
// made by the worker, so it is never stored anywhere but in the email (and as a hash).
type ResetArgs struct {
	Email string `json:"email"`
}

// Kind names the job in River's table.
func (ResetArgs) Kind() string { return "password_reset_email" }

// InsertOpts: a reset link that arrives hours late is of little use, so a few tries are enough.
func (ResetArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }

// RequestPasswordReset queues the reset email for email. It answers the same whether or not
// an account has that address, so it cannot be used to find out who has one; requests are
// rate limited per address asked for and per client address.
func (s *Service) RequestPasswordReset(ctx context.Context, email string, cl Client) error {
	email = validate.NormalizeEmail(email)
	v := validate.Errors{}
	v.Email("email", email)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.hit(ctx, s.opts.ResetEmail, email); err != nil {
		return err
	}
	if err := s.hit(ctx, s.opts.ResetAddress, cl.IP); err != nil {
		return err
	}
	return s.db.InGlobal(ctx, func(tx *db.Tx) error { return tx.InsertJob(ctx, ResetArgs{Email: email}, nil) })
}

// ConfirmPasswordReset sets a new password with the token from a reset link, uses the link up,
// and ends every session of the person (and their other links). An unknown, used or expired
// token is refused with its own error and nothing is written. Two-factor sign-in stays on:
// a reset proves the mailbox, not the authenticator.
func (s *Service) ConfirmPasswordReset(ctx context.Context, token, next string, cl Client) error {
	v := validate.Errors{}
	v.Length("token", token, 1, 200)
	v.Length("new_password", next, minPasswordRunes, maxPasswordRunes)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.hit(ctx, s.opts.ResetConfirmAddress, cl.IP); err != nil {
		return err
	}
	now := s.opts.Now()
	var r passwordReset
	var memberships []userPractice
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		err := tx.Gorm.Where("token_hash = ?", db.Bytes(hashToken(token))).Take(&r).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrResetTokenInvalid
		}
		if err != nil {
			return err
		}
		memberships, err = userPractices(ctx, tx, r.UserID)
		return err
	})
	switch {
	case err != nil:
		return err
	case r.UsedAt != nil:
		return ErrResetTokenUsed
	case !now.Before(r.ExpiresAt):
		return ErrResetTokenExpired
	case len(memberships) == 0: // no practice left to work in: nothing to reset for
		return ErrResetTokenInvalid
	}
	scope := db.Scope{PracticeID: memberships[0].PracticeID, UserID: r.UserID}
	if err := s.checkNewPasswordOf(ctx, scope, "new_password", next); err != nil {
		return err
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		// Claiming the link in one UPDATE makes a second, simultaneous use fail.
		res := tx.Gorm.Model(&passwordReset{}).
			Where("id = ? AND used_at IS NULL AND expires_at > ?", r.ID, now).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrResetTokenUsed
		}
		if err := updateUser(ctx, tx, r.UserID, map[string]any{"password_hash": hash, "updated_at": now}); err != nil {
			return err
		}
		if err := endOtherSessions(ctx, tx, r.UserID, nil); err != nil {
			return err
		}
		return expireResets(ctx, tx, r.UserID, now)
	})
}

// checkNewPasswordOf is CheckNewPassword for the person of scope, whose own details it reads.
func (s *Service) checkNewPasswordOf(ctx context.Context, scope db.Scope, field, password string) error {
	var personal []string
	err := s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, scope.UserID)
		if err != nil {
			return err
		}
		personal, err = personalDetails(ctx, tx, u, scope.PracticeID)
		return err
	})
	if err != nil {
		return err
	}
	return CheckNewPassword(field, password, personal...)
}

// expireResets uses up every outstanding reset link of a person whose password just changed.
func expireResets(ctx context.Context, tx *db.Tx, userID uuid.UUID, now time.Time) error {
	return tx.Gorm.Model(&passwordReset{}).Where("user_id = ? AND used_at IS NULL", userID).
		Update("used_at", now).Error
}

// ResetWorker emails password reset links.
type ResetWorker struct {
	river.WorkerDefaults[ResetArgs]
	Auth      *Service
	Mailer    notify.Mailer
	PublicURL string
}

// Work sends the link when the address belongs to a member of some practice, and does
// nothing otherwise. The link's row is written inside the email's send-once transaction
// (notify.SendOnceBuilt, keyed by the job): a failed send leaves no link behind, and a retry
// after a successful send neither sends nor stores anything more.
func (w *ResetWorker) Work(ctx context.Context, job *river.Job[ResetArgs]) error {
	return w.Auth.sendPasswordReset(ctx, job.ID, job.Args.Email, w.Mailer, w.PublicURL)
}

const resetSubject = "Reset your Steady password"

func (s *Service) sendPasswordReset(ctx context.Context, jobID int64, email string, mailer notify.Mailer, publicURL string) error {
	var cred *credentials
	var memberships []userPractice
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		var err error
		if cred, err = findCredentials(ctx, tx, email); err != nil || cred == nil {
			return err
		}
		memberships, err = userPractices(ctx, tx, cred.ID)
		return err
	})
	if err != nil || cred == nil || len(memberships) == 0 {
		return err
	}
	// Email deliveries are recorded per practice; the person's first practice holds the record.
	scope := db.Scope{PracticeID: memberships[0].PracticeID, UserID: cred.ID}
	dedupe := fmt.Sprintf("password_reset:%d", jobID)
	return notify.SendOnceBuilt(ctx, s.db, scope, dedupe, mailer, email, resetSubject,
		func(tx *db.Tx) (notify.Message, error) {
			u, err := getUser(ctx, tx, cred.ID)
			if err != nil {
				return notify.Message{}, err
			}
			token, hash := newToken()
			now := s.opts.Now()
			err = tx.Gorm.Create(&passwordReset{ID: uuid.New(), TokenHash: hash, UserID: u.ID,
				CreatedAt: now, ExpiresAt: now.Add(s.opts.ResetTTL)}).Error
			return resetMessage(u, publicURL, token, s.opts.ResetTTL), err
		})
}

func resetMessage(u *User, publicURL, token string, ttl time.Duration) notify.Message {
	link := publicURL + "/reset-password?token=" + token
	valid := fmt.Sprintf("%d minutes", int(ttl.Minutes()))
	if ttl == time.Hour {
		valid = "one hour"
	}
	text := fmt.Sprintf(`Hello %s,

Someone asked to reset the password of your Steady account. To choose a new one, open:

%s

The link works once, for %s. If you did not ask for this, ignore this email: your password
stays as it is.

— Steady`, u.Name, link, valid)
	body := fmt.Sprintf(`<p>Hello %s,</p><p>Someone asked to reset the password of your Steady account.</p>
<p><a href="%s">Choose a new password</a></p><p>The link works once, for %s. If you did not ask for this, ignore this email: your password stays as it is.</p><p>— Steady</p>`,
		html.EscapeString(u.Name), html.EscapeString(link), valid)
	return notify.Message{To: u.Email, Subject: resetSubject, Text: text, HTML: body}
}

// SweepPending deletes log-ins that waited too long for their code, and reset links and
// sign-ups that expired more than a day ago (kept that long so a late click is told the link
// expired).
func SweepPending(ctx context.Context, tx *db.Tx, now time.Time) error {
	if err := tx.Gorm.Where("expires_at <= ?", now).Delete(&challenge{}).Error; err != nil {
		return err
	}
	if err := sweepPendingSignups(ctx, tx, now); err != nil {
		return err
	}
	return tx.Gorm.Where("expires_at <= ?", now.Add(-24*time.Hour)).Delete(&passwordReset{}).Error
}
