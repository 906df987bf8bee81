// Package links owns a client's way in: the personal homework link (a 256-bit token stored
// only as its hash), the short-lived client session a tap on the link opens, and the PIN
// that guards past entries from whoever else can open the client's email or phone.
package links

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/steadyhq/steady/internal/web"
)

// Lifetimes.
const (
	LinkTTL        = 90 * 24 * time.Hour // a link works this long unless renewed
	SessionIdle    = time.Hour           // a client session ends after an hour unused
	SessionMaxAge  = 8 * time.Hour       // and after eight hours in any case
	PINVerifiedFor = 30 * time.Minute    // past entries stay open this long after the PIN
)

// Sentinel errors; Errors maps them to answers.
var (
	// ErrLinkInactive answers a wrong, expired or revoked token alike, so a guess learns nothing.
	ErrLinkInactive   = errors.New("homework: link inactive")
	ErrNoSession      = errors.New("homework: no client session")
	ErrPINRequired    = errors.New("homework: pin required")
	ErrPINNotSet      = errors.New("homework: pin not set")
	ErrPINAlreadySet  = errors.New("homework: pin already set")
	ErrWrongPIN       = errors.New("homework: wrong pin")
	ErrClientArchived = errors.New("homework: client archived")

	// Sending a link: what the client's record lacks, and what became of the message.
	ErrNoEmail          = errors.New("homework: client has no email address")
	ErrNoEmailConsent   = errors.New("homework: client has not agreed to email")
	ErrNoMobile         = errors.New("homework: client has no mobile number")
	ErrNoSMSConsent     = errors.New("homework: client has not agreed to texts")
	ErrTextsUnavailable = errors.New("homework: texts are not set up")
	ErrSendRefused      = errors.New("homework: the address was refused")
	ErrSendFailed       = errors.New("homework: the message could not be sent")
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrLinkInactive: web.NewError(http.StatusNotFound, "link_inactive",
		"This link isn't active. Ask your clinician for a new one."),
	ErrNoSession: web.NewError(http.StatusUnauthorized, "client_unauthenticated",
		"Open your homework link again to continue."),
	ErrPINRequired: web.NewError(http.StatusForbidden, "pin_required",
		"Enter your PIN to see past entries."),
	ErrPINNotSet: web.NewError(http.StatusConflict, "pin_not_set",
		"Choose a PIN first."),
	ErrPINAlreadySet: web.NewError(http.StatusConflict, "pin_already_set",
		"A PIN is already set. Enter it, or ask your clinician to reset it."),
	ErrWrongPIN: web.NewError(http.StatusUnprocessableEntity, "wrong_pin",
		"That PIN is not right."),
	ErrClientArchived: web.NewError(http.StatusConflict, "archived",
		"This client is archived. Restore them before making a homework link."),
	ErrNoEmail: web.FieldError(http.StatusUnprocessableEntity, "no_email", "channel",
		"This client has no email address. Add it on their details, with their consent to email."),
	ErrNoEmailConsent: web.FieldError(http.StatusUnprocessableEntity, "no_email_consent", "channel",
		"This client hasn't agreed to email. Record their consent on their details first."),
	ErrNoMobile: web.FieldError(http.StatusUnprocessableEntity, "no_mobile", "channel",
		"This client has no mobile number. Add it on their details, with their consent to texts."),
	ErrNoSMSConsent: web.FieldError(http.StatusUnprocessableEntity, "no_sms_consent", "channel",
		"This client hasn't agreed to texts. Record their consent on their details first."),
	ErrTextsUnavailable: web.FieldError(http.StatusUnprocessableEntity, "texts_unavailable", "channel",
		"Texts aren't set up for this practice yet. Send the link by email, or copy it instead."),
	// Nothing changed in either case: the message goes out before the new link is committed.
	ErrSendRefused: web.NewError(http.StatusUnprocessableEntity, "send_refused",
		"The address on the client's details was refused, so nothing was sent and their current link still works. Check the address and try again."),
	ErrSendFailed: web.NewError(http.StatusServiceUnavailable, "send_failed",
		"The message couldn't be sent just now, so nothing changed and the client's current link still works. Please try again in a few minutes."),
}

// newToken returns a 256-bit random token and the hash that is stored in its place.
func newToken() (token string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the hash a token is stored and looked up by.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// WellFormed reports whether s could be one of our tokens; anything else is not worth a query.
func WellFormed(token string) bool {
	if len(token) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil
}
