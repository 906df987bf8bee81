package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"image/png"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// TOTP as every authenticator app does it (RFC 6238): SHA-1, six digits, 30-second steps.
// One step either side is accepted for clocks that drift, and a step whose code was accepted
// is never accepted again, so a code seen over someone's shoulder is already spent.
const (
	totpIssuer = "Steady"
	totpPeriod = 30
	totpSkew   = 1
	qrSize     = 240
)

// TwoFactorSetup is what a person needs to add Steady to their authenticator app.
type TwoFactorSetup struct {
	Secret string // base32, for typing in by hand
	URL    string // otpauth:// URL, what the QR code holds
	QRPNG  []byte
}

func totpPurpose(userID uuid.UUID) string { return "totp:" + userID.String() }

// SetupTwoFactor starts enrolment: a new secret is stored sealed, not yet in force, and
// returned once with its QR code. Starting again replaces a secret that was never confirmed.
func (s *Service) SetupTwoFactor(ctx context.Context, staff *Staff) (*TwoFactorSetup, error) {
	if s.opts.Key == nil {
		return nil, errNoSecretKey
	}
	var out TwoFactorSetup
	err := s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, staff.UserID)
		if err != nil {
			return err
		}
		if u.TwoFactorEnabled() {
			return ErrTwoFactorEnabled
		}
		key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Email, Period: totpPeriod})
		if err != nil {
			return err
		}
		img, err := key.Image(qrSize, qrSize)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return err
		}
		out = TwoFactorSetup{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}
		sealed := s.opts.Key.Seal([]byte(key.Secret()), totpPurpose(u.ID))
		return updateUser(ctx, tx, u.ID, map[string]any{"totp_secret": db.Bytes(sealed), "totp_last_step": nil,
			"updated_at": s.opts.Now()})
	})
	return &out, err
}

// EnableTwoFactor confirms enrolment with a code from the app (proof that it holds the
// secret) and returns ten recovery codes, shown this once.
func (s *Service) EnableTwoFactor(ctx context.Context, staff *Staff, code string) ([]string, error) {
	v := validate.Errors{}
	v.Length("code", code, 1, 64)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.hit(ctx, s.opts.TwoFactorUser, staff.UserID.String()); err != nil {
		return nil, err
	}
	now := s.opts.Now()
	var codes []string
	err := s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, staff.UserID)
		if err != nil {
			return err
		}
		if u.TwoFactorEnabled() {
			return ErrTwoFactorEnabled
		}
		if u.TOTPSecret == nil {
			return ErrTwoFactorNotSetUp
		}
		if err := s.useCode(ctx, tx, u, code, false, now); err != nil {
			return err
		}
		if err := updateUser(ctx, tx, u.ID, map[string]any{"totp_enabled_at": now, "updated_at": now}); err != nil {
			return err
		}
		codes, err = replaceRecoveryCodes(ctx, tx, u.ID, now)
		return err
	})
	return codes, err
}

// DisableTwoFactor turns two-factor sign-in off; it takes the password and a code (or a
// recovery code), so a session left open on a shared computer cannot do it. A practice that
// requires two-factor does not let its members turn it off.
func (s *Service) DisableTwoFactor(ctx context.Context, staff *Staff, password, code string) error {
	v := validate.Errors{}
	v.Length("password", password, 1, 200)
	v.Length("code", code, 1, 64)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.hit(ctx, s.opts.TwoFactorUser, staff.UserID.String()); err != nil {
		return err
	}
	var hash string
	err := s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, staff.UserID)
		if err != nil {
			return err
		}
		if !u.TwoFactorEnabled() {
			return ErrTwoFactorNotEnabled
		}
		required, err := practice.RequiresTwoFactor(ctx, tx, staff.PracticeID)
		if err != nil {
			return err
		}
		if required {
			return ErrTwoFactorPracticeRule
		}
		hash = u.PasswordHash
		return nil
	})
	if err != nil {
		return err
	}
	// argon2 takes a while: verify outside any transaction, then check the code and write.
	if ok, err := VerifyPassword(password, hash); err != nil || !ok {
		return orWrong(err, ErrWrongPassword)
	}
	now := s.opts.Now()
	return s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, staff.UserID)
		if err != nil {
			return err
		}
		if !u.TwoFactorEnabled() {
			return ErrTwoFactorNotEnabled
		}
		if err := s.useCode(ctx, tx, u, code, true, now); err != nil {
			return err
		}
		if err := deleteRecoveryCodes(ctx, tx, u.ID); err != nil {
			return err
		}
		return updateUser(ctx, tx, u.ID, map[string]any{"totp_secret": nil, "totp_enabled_at": nil,
			"totp_last_step": nil, "updated_at": now})
	})
}

// useCode accepts a current TOTP code of u (recording its step so it never works again) or,
// when recovery is allowed, one of u's unused recovery codes (marking it used). Anything else
// is ErrInvalidCode, and the caller's transaction then rolls back having written nothing.
func (s *Service) useCode(ctx context.Context, tx *db.Tx, u *User, code string, recovery bool, now time.Time) error {
	if s.opts.Key == nil {
		return errNoSecretKey
	}
	code = strings.Join(strings.Fields(code), "")
	if len(code) == 6 && strings.Trim(code, "0123456789") == "" {
		secret, err := s.openSecret(u.TOTPSecret, totpPurpose(u.ID))
		if err != nil {
			return err
		}
		step, ok := matchTOTP(string(secret), code, now, u.TOTPLastStep)
		if !ok {
			return ErrInvalidCode
		}
		return updateUser(ctx, tx, u.ID, map[string]any{"totp_last_step": step})
	}
	if !recovery {
		return ErrInvalidCode
	}
	ok, err := useRecoveryCode(ctx, tx, u.ID, code, now)
	if err == nil && !ok {
		err = ErrInvalidCode
	}
	return err
}

// matchTOTP returns the time step whose code equals code, among the current step and its
// neighbours that come after last (the last step accepted for this person).
func matchTOTP(secret, code string, now time.Time, last *int64) (int64, bool) {
	current := now.Unix() / totpPeriod
	for step := current - totpSkew; step <= current+totpSkew; step++ {
		if last != nil && step <= *last {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{
			Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// orWrong returns err when there is one, else wrong: a password check either failed to run
// or said no.
func orWrong(err, wrong error) error {
	if err != nil {
		return err
	}
	return wrong
}
