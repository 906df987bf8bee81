package auth

import "errors"

// Sentinel errors of the auth domain; handlers.go maps each to an HTTP answer.
var (
	ErrInvalidCredentials = errors.New("auth: email or password not right")
	ErrUnauthenticated    = errors.New("auth: not signed in")
	ErrAccountExists      = errors.New("auth: an account with this email already exists")
	ErrNoPractice         = errors.New("auth: no active practice")
	ErrPracticeClosed     = errors.New("auth: the practice is closed")

	ErrTwoFactorRequired     = errors.New("auth: a two-factor code is needed to finish this log-in")
	ErrLoginExpired          = errors.New("auth: no pending two-factor log-in")
	ErrInvalidCode           = errors.New("auth: two-factor code not right")
	ErrTwoFactorEnabled      = errors.New("auth: two-factor sign-in already on")
	ErrTwoFactorNotSetUp     = errors.New("auth: two-factor set-up not started")
	ErrTwoFactorNotEnabled   = errors.New("auth: two-factor sign-in is off")
	ErrTwoFactorPracticeRule = errors.New("auth: the practice requires two-factor sign-in")
	ErrEnrolmentRequired     = errors.New("auth: two-factor enrolment required")
	ErrWrongPassword         = errors.New("auth: password not right")
	ErrWrongCurrentPassword  = errors.New("auth: current password not right")
	ErrSessionNotFound       = errors.New("auth: no such session")
	ErrResetTokenInvalid     = errors.New("auth: unknown reset token")
	ErrResetTokenUsed        = errors.New("auth: reset token already used")
	ErrResetTokenExpired     = errors.New("auth: reset token expired")
	ErrSignupTokenInvalid    = errors.New("auth: unknown sign-up token")
	ErrSignupTokenUsed       = errors.New("auth: sign-up token already used")
	ErrSignupTokenExpired    = errors.New("auth: sign-up token expired")
	errNoSecretKey           = errors.New("auth: no secret key configured for two-factor secrets")
)
