package links

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/web"
)

// Handlers serves the link routes for staff and the session routes for clients.
type Handlers struct {
	svc       *Service
	secure    bool
	publicURL string
}

// NewHandlers builds the handlers; publicURL is where links point (https://steady.example).
func NewHandlers(svc *Service, secure bool, publicURL string) *Handlers {
	return &Handlers{svc: svc, secure: secure, publicURL: publicURL}
}

// ClientGroup is /api/homework behind a live client session, for this and other domains.
func (h *Handlers) ClientGroup(api *echo.Group) *echo.Group {
	return api.Group("/homework", noStore, h.RequireClient)
}

// ClaimGroup is /api/homework for the routes whose service checks the client's session itself,
// inside its own transaction (links.Claim): a request gets through with the claim of its
// cookie, and its handler has no Session to act on, only the claim to hand to the service.
// The caller makes it before ClientGroup, whose handling of paths neither knows stays.
func (h *Handlers) ClaimGroup(api *echo.Group) *echo.Group {
	return api.Group("/homework", noStore, h.requireClaim)
}

func (h *Handlers) requireClaim(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(h.cookieName())
		if err != nil {
			return ErrNoSession
		}
		claim, err := h.svc.ClaimOf(c.Request().Context(), ck.Value)
		if err != nil {
			return err
		}
		c.Set(claimKey, claim)
		return next(c)
	}
}

const claimKey = "homework.claim"

// ClaimFrom returns the claim of a request behind ClaimGroup.
func ClaimFrom(c echo.Context) *Claim { return c.Get(claimKey).(*Claim) }

// RequireClient lets a request through only with a live client session.
func (h *Handlers) RequireClient(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(h.cookieName())
		if err != nil {
			return ErrNoSession
		}
		sess, err := h.svc.Authenticate(c.Request().Context(), ck.Value)
		if err != nil {
			return err
		}
		c.Set(sessionKey, sess)
		return next(c)
	}
}

// ClientOf is the live client session a request carries, if any, without refusing it: for
// recording a client who reached for a staff route.
func (h *Handlers) ClientOf(c echo.Context) (*Session, bool) {
	ck, err := c.Cookie(h.cookieName())
	if err != nil {
		return nil, false
	}
	sess, err := h.svc.Authenticate(c.Request().Context(), ck.Value)
	return sess, err == nil
}

const sessionKey = "homework.session"

// SessionFrom returns the client session of a request behind RequireClient.
func SessionFrom(c echo.Context) *Session { return c.Get(sessionKey).(*Session) }

// noStore keeps a client's private pages out of every cache.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

type linkJSON struct {
	Status     string     `json:"status"`
	CreatedAt  *time.Time `json:"created_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

func toLinkJSON(s *LinkState) linkJSON {
	return linkJSON{Status: s.Status, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt, RevokedAt: s.RevokedAt, LastUsedAt: s.LastUsedAt}
}

func clientID(c echo.Context) (uuid.UUID, error) { return web.PathID(c, "id", clients.ErrNotFound) }

func (h *Handlers) getLink(c echo.Context) error {
	id, err := clientID(c)
	if err != nil {
		return err
	}
	st, err := h.svc.LinkOf(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toLinkJSON(st))
}

func (h *Handlers) createLink(c echo.Context) error {
	id, err := clientID(c)
	if err != nil {
		return err
	}
	token, st, err := h.svc.CreateLink(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, map[string]any{"link": toLinkJSON(st), "url": h.publicURL + "/h/" + token})
}

type sendInput struct {
	Channel string `json:"channel"`
}

// sendLink makes a new link and sends it to the client; the URL comes back too, so it can
// still be copied.
func (h *Handlers) sendLink(c echo.Context) error {
	id, err := clientID(c)
	if err != nil {
		return err
	}
	var in sendInput
	if err := web.Bind(c, &in); err != nil {
		return err
	}
	sent, err := h.svc.SendLink(c.Request().Context(), auth.CallerFrom(c), id, in.Channel)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, map[string]any{"link": toLinkJSON(sent.Link), "url": h.publicURL + "/h/" + sent.Token,
		"channel": sent.Channel, "to": sent.To})
}

func (h *Handlers) renewLink(c echo.Context) error {
	id, err := clientID(c)
	if err != nil {
		return err
	}
	st, err := h.svc.RenewLink(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toLinkJSON(st))
}

func (h *Handlers) revokeLink(c echo.Context) error {
	id, err := clientID(c)
	if err != nil {
		return err
	}
	if err := h.svc.RevokeLink(c.Request().Context(), auth.CallerFrom(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) resetPIN(c echo.Context) error {
	id, err := clientID(c)
	if err != nil {
		return err
	}
	if err := h.svc.ResetPIN(c.Request().Context(), auth.CallerFrom(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
