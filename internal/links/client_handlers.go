package links

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/web"
)

type sessionJSON struct {
	ClientName   string  `json:"client_name"`
	PracticeName string  `json:"practice_name"`
	TimeZone     string  `json:"time_zone"`
	PIN          pinJSON `json:"pin"`
}

type pinJSON struct {
	Required bool `json:"required"`
	Set      bool `json:"set"`
	Verified bool `json:"verified"`
}

func toSessionJSON(s *Session) sessionJSON {
	return sessionJSON{ClientName: s.ClientName, PracticeName: s.PracticeName, TimeZone: s.TimeZone,
		PIN: pinJSON{Required: s.PINRequired, Set: s.PINSet, Verified: s.PINVerified}}
}

// cookieName uses the __Host- prefix whenever the cookie is Secure (see auth's cookie).
func (h *Handlers) cookieName() string {
	if h.secure {
		return "__Host-steady_client"
	}
	return "steady_client"
}

// cookie is Strict: it is only ever needed by the homework page's own requests, never on the
// navigation from an email, so no other site can make a request carry it.
func (h *Handlers) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: h.cookieName(), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteStrictMode}
}

func (h *Handlers) startSession(c echo.Context) error {
	var req struct {
		Token string `json:"token"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	token, sess, err := h.svc.Exchange(c.Request().Context(), req.Token, c.RealIP())
	if err != nil {
		return err
	}
	c.SetCookie(h.cookie(token, int(SessionMaxAge.Seconds())))
	return c.JSON(http.StatusOK, toSessionJSON(sess))
}

func (h *Handlers) logout(c echo.Context) error {
	if ck, err := c.Cookie(h.cookieName()); err == nil {
		if sess, err := h.svc.Authenticate(c.Request().Context(), ck.Value); err == nil {
			if err := h.svc.End(c.Request().Context(), sess); err != nil {
				return err
			}
		}
	}
	c.SetCookie(h.cookie("", -1))
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) me(c echo.Context) error {
	return c.JSON(http.StatusOK, toSessionJSON(SessionFrom(c)))
}

type pinRequest struct {
	PIN string `json:"pin"`
}

func (h *Handlers) setPIN(c echo.Context) error {
	var req pinRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	sess, err := h.svc.SetPIN(c.Request().Context(), SessionFrom(c), req.PIN, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSessionJSON(sess))
}

func (h *Handlers) verifyPIN(c echo.Context) error {
	var req pinRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	sess, err := h.svc.VerifyPIN(c.Request().Context(), SessionFrom(c), req.PIN)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSessionJSON(sess))
}
