package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"
)

const (
	csrfCookie = "steady_csrf"
	csrfHeader = "X-CSRF-Token"
	csrfKey    = "csrf_token"
)

// csrf protects every state-changing /api request twice over. First, a browser's fetch
// metadata: a request the browser marks as coming from another site is refused outright.
// Second, a double-submit token: the X-CSRF-Token header must equal the HttpOnly cookie,
// which a page on another origin can neither read nor set. Pages get the token from
// GET /api/auth/csrf.
func csrf(secure bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			token := ""
			if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) == 43 {
				token = ck.Value
			}
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				if token == "" {
					token = SetCSRFCookie(c, secure)
				}
				c.Set(csrfKey, token)
				return next(c)
			}
			if site := c.Request().Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
				return NewError(http.StatusForbidden, "csrf_cross_site", "Requests from other sites are not accepted.")
			}
			sent := c.Request().Header.Get(csrfHeader)
			if token == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
				return NewError(http.StatusForbidden, "csrf_invalid",
					"The form's security token is missing or out of date. Reload the page and try again.")
			}
			c.Set(csrfKey, token)
			return next(c)
		}
	}
}

// SetCSRFCookie issues a fresh CSRF token (at log-in, so a token seen before signing in is
// worthless after) and returns it.
func SetCSRFCookie(c echo.Context, secure bool) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteStrictMode})
	c.Set(csrfKey, token)
	return token
}

// CSRFToken returns the token of this request (set by the middleware).
func CSRFToken(c echo.Context) string {
	s, _ := c.Get(csrfKey).(string)
	return s
}
