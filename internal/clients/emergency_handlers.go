package clients

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/web"
)

type emergencyRequest struct {
	Reason string `json:"reason"`
}

// grantJSON is an emergency grant as the API shows it.
type grantJSON struct {
	ID        string        `json:"id"`
	ClientID  string        `json:"client_id,omitempty"`
	CoupleID  string        `json:"couple_id,omitempty"`
	OpenedBy  clinicianJSON `json:"opened_by"`
	Reason    string        `json:"reason"`
	OpenedAt  time.Time     `json:"opened_at"`
	ExpiresAt time.Time     `json:"expires_at"`
	EndedAt   *time.Time    `json:"ended_at,omitempty"`
}

func toGrantJSON(g GrantNotice) grantJSON {
	out := grantJSON{ID: g.ID.String(), OpenedBy: clinicianJSON{UserID: g.OwnerID.String(), Name: g.OwnerName},
		Reason: g.Reason, OpenedAt: g.OpenedAt, ExpiresAt: g.ExpiresAt, EndedAt: g.EndedAt}
	if g.ClientID != nil {
		out.ClientID = g.ClientID.String()
	}
	if g.CoupleID != nil {
		out.CoupleID = g.CoupleID.String()
	}
	return out
}

// sightJSON is how the caller sees a record, as the client and couple pages take it:
// record_access, their own live grant, and the latest grants for those who see the record.
type sightJSON struct {
	RecordAccess    string      `json:"record_access,omitempty"`
	EmergencyAccess *grantJSON  `json:"emergency_access,omitempty"`
	EmergencyGrants []grantJSON `json:"emergency_grants,omitempty"`
}

func toSightJSON(a Access, ns []GrantNotice) sightJSON {
	out := sightJSON{RecordAccess: a.Kind}
	if a.Grant != nil {
		g := toGrantJSON(*a.Grant)
		out.EmergencyAccess = &g
	}
	if a.Kind != AccessNone {
		out.EmergencyGrants = make([]grantJSON, len(ns))
		for i, n := range ns {
			out.EmergencyGrants[i] = toGrantJSON(n)
		}
	}
	return out
}

// openEmergency opens the :id client's (or couple's) record to the calling owner for a reason.
func (h *handlers) openEmergency(couple bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		var req emergencyRequest
		if err := web.Bind(c, &req); err != nil {
			return err
		}
		g, err := h.svc.OpenEmergencyAccess(c.Request().Context(), auth.CallerFrom(c), Subject{ID: id, Couple: couple}, req.Reason)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, toGrantJSON(*g))
	}
}

// endEmergency ends the calling owner's live grants on the :id client's (or couple's) record.
func (h *handlers) endEmergency(couple bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		if err := h.svc.EndEmergencyAccess(c.Request().Context(), auth.CallerFrom(c), Subject{ID: id, Couple: couple}); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
