package auth

import (
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/web"
)

// twoFactorRoutes registers finishing a log-in with a code and enrolment. Enrolment routes
// need a session but not two-factor: they are how a member meets the practice's rule.
func (h *Handlers) twoFactorRoutes(g *echo.Group) {
	g.POST("/auth/login/two-factor", h.loginTwoFactor)
	g.POST("/auth/two-factor/setup", h.twoFactorSetup, h.requireSession)
	g.POST("/auth/two-factor/enable", h.twoFactorEnable, h.requireSession, h.audited("account.two_factor_enable"))
	g.POST("/auth/two-factor/disable", h.twoFactorDisable, h.requireSession, h.audited("account.two_factor_disable"))
}

type twoFactorChallengeJSON struct {
	TwoFactorRequired bool `json:"two_factor_required"`
}

type codeRequest struct {
	Code string `json:"code"`
}

type twoFactorSetupJSON struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
	QRPNG      string `json:"qr_png_data_url"`
}

type recoveryCodesJSON struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

type disableRequest struct {
	Password string `json:"password"`
	Code     string `json:"code"`
}

func (h *Handlers) loginTwoFactor(c echo.Context) error {
	var req codeRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	token, prof, err := h.svc.FinishLogin(c.Request().Context(), h.challengeToken(c), req.Code, h.token(c), clientOf(c))
	if err != nil {
		return err
	}
	c.SetCookie(h.challengeCookie("", -1))
	h.startSession(c, token)
	return c.JSON(http.StatusOK, toMe(prof))
}

func (h *Handlers) twoFactorSetup(c echo.Context) error {
	setup, err := h.svc.SetupTwoFactor(c.Request().Context(), StaffFrom(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, twoFactorSetupJSON{Secret: setup.Secret, OTPAuthURL: setup.URL,
		QRPNG: "data:image/png;base64," + base64.StdEncoding.EncodeToString(setup.QRPNG)})
}

func (h *Handlers) twoFactorEnable(c echo.Context) error {
	var req codeRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	codes, err := h.svc.EnableTwoFactor(c.Request().Context(), StaffFrom(c), req.Code)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, recoveryCodesJSON{RecoveryCodes: codes})
}

func (h *Handlers) twoFactorDisable(c echo.Context) error {
	var req disableRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if err := h.svc.DisableTwoFactor(c.Request().Context(), StaffFrom(c), req.Password, req.Code); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// challengeCookieName follows the session cookie's naming (see cookieName).
func (h *Handlers) challengeCookieName() string {
	if h.secure {
		return "__Host-steady_2fa"
	}
	return "steady_2fa"
}

// challengeCookie carries a pending log-in's token between the password and the code.
func (h *Handlers) challengeCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: h.challengeCookieName(), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode}
}

func (h *Handlers) challengeToken(c echo.Context) string {
	ck, err := c.Cookie(h.challengeCookieName())
	if err != nil {
		return ""
	}
	return ck.Value
}
