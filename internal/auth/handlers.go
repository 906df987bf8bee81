package auth

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// Errors maps this domain's sentinel errors to answers.
var Errors = web.ErrorMap{
	ErrInvalidCredentials: web.NewError(http.StatusUnauthorized, "invalid_credentials",
		"That email and password do not match an account."),
	ErrUnauthenticated: web.NewError(http.StatusUnauthorized, "unauthenticated", "Please log in."),
	// Only an invitation accepted as a new account meets it, when an account with the
	// invited address appeared in the meantime; sign-up never says whether an address has one.
	ErrAccountExists: web.NewError(http.StatusConflict, "account_exists",
		"An account with this email address already exists. Reload the page to join with its password."),
	ErrNotMember: web.NewError(http.StatusNotFound, "not_a_member", "You are not an active member of that practice."),
	ErrNoPractice: web.NewError(http.StatusForbidden, "no_practice",
		"Your account is not a member of any practice any more."),
	ErrPracticeClosed: web.NewError(http.StatusForbidden, "practice_closed",
		"This practice has been closed. Only its owner can still sign in, to export its data until it is deleted."),
	ErrTwoFactorRequired: web.NewError(http.StatusUnauthorized, "two_factor_required",
		"Enter the code from your authenticator app to finish logging in."),
	ErrLoginExpired: web.NewError(http.StatusUnauthorized, "login_expired",
		"Your log-in timed out before the code was entered. Please enter your email and password again."),
	ErrInvalidCode: web.FieldError(http.StatusBadRequest, "invalid_code", "code",
		"That code is not right. Enter the current code from your authenticator app, or an unused recovery code."),
	ErrTwoFactorEnabled: web.NewError(http.StatusConflict, "two_factor_enabled",
		"Two-factor sign-in is already on."),
	ErrTwoFactorNotSetUp: web.NewError(http.StatusConflict, "two_factor_not_set_up",
		"Start the two-factor set-up first, then enter a code from your app."),
	ErrTwoFactorNotEnabled: web.NewError(http.StatusConflict, "two_factor_not_enabled",
		"Two-factor sign-in is not on."),
	ErrTwoFactorPracticeRule: web.NewError(http.StatusConflict, "two_factor_required_by_practice",
		"Your practice requires two-factor sign-in, so it cannot be turned off."),
	ErrEnrolmentRequired: web.NewError(http.StatusForbidden, "two_factor_enrolment_required",
		"Your practice requires two-factor sign-in. Please set it up to continue."),
	ErrWrongPassword: web.FieldError(http.StatusForbidden, "wrong_password", "password",
		"That is not your password."),
	ErrWrongCurrentPassword: web.FieldError(http.StatusForbidden, "wrong_password", "current_password",
		"That is not your current password."),
	ErrSessionNotFound: web.NewError(http.StatusNotFound, "session_not_found",
		"There is no such session of yours. It may have ended already."),
	ErrResetTokenInvalid: web.FieldError(http.StatusBadRequest, "reset_token_invalid", "token",
		"This reset link is not valid. Ask for a new one."),
	ErrResetTokenUsed: web.FieldError(http.StatusBadRequest, "reset_token_used", "token",
		"This reset link has already been used or replaced. Ask for a new one if you still need it."),
	ErrResetTokenExpired: web.FieldError(http.StatusBadRequest, "reset_token_expired", "token",
		"This reset link has expired (links work for one hour). Ask for a new one."),
	ErrSignupTokenInvalid: web.FieldError(http.StatusBadRequest, "signup_token_invalid", "token",
		"This sign-up link is not valid. Copy the whole link from the email, or sign up again."),
	ErrSignupTokenUsed: web.FieldError(http.StatusBadRequest, "signup_token_used", "token",
		"This sign-up link has already been used: your practice is set up. Log in to continue."),
	ErrSignupTokenExpired: web.FieldError(http.StatusBadRequest, "signup_token_expired", "token",
		"This sign-up link has expired (links work for 24 hours). Sign up again to get a new one."),
}

const staffKey = "steady.staff"

// Handlers serves the auth routes.
type Handlers struct {
	svc    *Service
	secure bool
	// OnAccountChange, when set, hears of each change a person makes to their own account.
	OnAccountChange AccountChange
}

// NewHandlers builds the handlers; secure marks cookies Secure.
func NewHandlers(svc *Service, secure bool) *Handlers { return &Handlers{svc: svc, secure: secure} }

// RequireStaff lets a request through only with a live staff session, and puts the Staff
// in the context for handlers (see StaffFrom). A member who must enrol in two-factor
// sign-in first is refused with two_factor_enrolment_required.
func (h *Handlers) RequireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return h.requireSession(func(c echo.Context) error {
		if StaffFrom(c).MustEnrol() {
			return ErrEnrolmentRequired
		}
		return next(c)
	})
}

// requireSession is RequireStaff without the two-factor enrolment rule, for the few routes
// a member must reach in order to enrol (or to see that they have to).
func (h *Handlers) requireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		staff, err := h.svc.Authenticate(c.Request().Context(), h.token(c))
		if err != nil {
			return err
		}
		c.Set(staffKey, staff)
		return next(c)
	}
}

// StaffFrom returns the signed-in staff member of a request behind RequireStaff.
func StaffFrom(c echo.Context) *Staff {
	s, _ := c.Get(staffKey).(*Staff)
	return s
}

type signupRequest struct {
	PracticeName string  `json:"practice_name"`
	Name         string  `json:"name"`
	Email        string  `json:"email"`
	Password     string  `json:"password"`
	TimeZone     *string `json:"time_zone"`
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type meResponse struct {
	User              userJSON     `json:"user"`
	Practice          practiceJSON `json:"practice"`
	Role              string       `json:"role"`
	TwoFactorEnabled  bool         `json:"two_factor_enabled"`
	TwoFactorRequired bool         `json:"two_factor_required"`
}

type userJSON struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type practiceJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Set once the practice is closed: only its export still works, until delete_after.
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	DeleteAfter *time.Time `json:"delete_after,omitempty"`
}

func toPracticeJSON(p practice.Practice) practiceJSON {
	return practiceJSON{ID: p.ID.String(), Name: p.Name, ClosedAt: p.ClosedAt, DeleteAfter: p.DeleteAfter}
}

func toMe(p *Profile) meResponse {
	return meResponse{
		User:     userJSON{ID: p.User.ID.String(), Email: p.User.Email, Name: p.User.Name},
		Practice: toPracticeJSON(p.Practice),
		Role:     string(p.Role),
		// Enabled comes from the user row, required from the practice's rule.
		TwoFactorEnabled:  p.User.TwoFactorEnabled(),
		TwoFactorRequired: p.TwoFactorRequired,
	}
}

func (h *Handlers) csrf(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]string{"csrf_token": web.CSRFToken(c)})
}

// signupStarted is the answer to every sign-up that passes its checks, whether or not the
// address has an account: the email says which.
var signupStarted = map[string]string{"message": "Check your email to finish setting up your practice. " +
	"We sent a message to the address you gave; it has a link that works for 24 hours."}

func (h *Handlers) signup(c echo.Context) error {
	var req signupRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if err := h.svc.Signup(c.Request().Context(), SignupInput(req), clientOf(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, signupStarted)
}

type signupConfirmRequest struct {
	Token string `json:"token"`
}

// confirmSignup finishes a sign-up from its emailed link. It is a POST that the confirm page
// sends when its button is pressed, never the link's GET: mail scanners open links.
func (h *Handlers) confirmSignup(c echo.Context) error {
	var req signupConfirmRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	token, prof, err := h.svc.ConfirmSignup(c.Request().Context(), req.Token, clientOf(c))
	if err != nil {
		return err
	}
	h.startSession(c, token)
	return c.JSON(http.StatusCreated, toMe(prof))
}

func (h *Handlers) login(c echo.Context) error {
	var req loginRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	res, err := h.svc.BeginLogin(c.Request().Context(), req.Email, req.Password, h.token(c), clientOf(c))
	if err != nil {
		return err
	}
	if res.Challenge != "" {
		c.SetCookie(h.cookie("", -1)) // the browser's previous session is gone
		c.SetCookie(h.challengeCookie(res.Challenge, int(h.svc.opts.ChallengeTTL.Seconds())))
		return c.JSON(http.StatusOK, twoFactorChallengeJSON{TwoFactorRequired: true})
	}
	h.startSession(c, res.Token)
	return c.JSON(http.StatusOK, toMe(res.Profile))
}

func (h *Handlers) logout(c echo.Context) error {
	if err := h.svc.Logout(c.Request().Context(), h.token(c)); err != nil {
		return err
	}
	c.SetCookie(h.cookie("", -1))
	web.SetCSRFCookie(c, h.secure)
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) me(c echo.Context) error {
	prof, err := h.svc.Profile(c.Request().Context(), StaffFrom(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toMe(prof))
}

// startSession sets the new session cookie and a fresh CSRF token.
func (h *Handlers) startSession(c echo.Context, token string) {
	c.SetCookie(h.cookie(token, int(h.svc.opts.MaxAge.Seconds())))
	web.SetCSRFCookie(c, h.secure)
}

// cookieName uses the __Host- prefix whenever the cookie is Secure: browsers then refuse it
// unless it is Secure, host-only and for the whole site, so a sibling subdomain cannot plant one.
func (h *Handlers) cookieName() string {
	if h.secure {
		return "__Host-steady_session"
	}
	return "steady_session"
}

func (h *Handlers) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: h.cookieName(), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode}
}

func (h *Handlers) token(c echo.Context) string {
	ck, err := c.Cookie(h.cookieName())
	if err != nil {
		return ""
	}
	return ck.Value
}

func clientOf(c echo.Context) Client {
	return Client{IP: c.RealIP(), UserAgent: c.Request().UserAgent()}
}
