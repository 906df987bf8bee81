package safety

import (
	"time"
)

type screenJSON struct {
	ID              string    `json:"id"`
	CoupleID        string    `json:"couple_id"`
	ViolenceOrFear  bool      `json:"violence_or_fear"`
	CoerciveControl bool      `json:"coercive_control"`
	ActiveAddiction bool      `json:"active_addiction"`
	OngoingContact  bool      `json:"ongoing_contact"`
	Positive        bool      `json:"positive"`
	Decision        string    `json:"decision"`
	Note            string    `json:"note"`
	ScreenedByName  string    `json:"screened_by_name"`
	ScreenedAt      time.Time `json:"screened_at"`
}

func toScreenJSON(s *Screen) screenJSON {
	return screenJSON{ID: s.ID.String(), CoupleID: s.CoupleID.String(), ViolenceOrFear: s.ViolenceOrFear,
		CoerciveControl: s.CoerciveControl, ActiveAddiction: s.ActiveAddiction, OngoingContact: s.OngoingContact,
		Positive: s.Positive(), Decision: s.Decision, Note: s.Note, ScreenedByName: s.ScreenedByName, ScreenedAt: s.ScreenedAt}
}

// recordedScreenJSON is a new screen with the trust-repair assignments its hold paused.
type recordedScreenJSON struct {
	screenJSON
	PausedAssignments []heldJSON `json:"paused_assignments"`
}

type heldJSON struct {
	ID         string `json:"id"`
	ClientID   string `json:"client_id"`
	ClientName string `json:"client_name"`
	Title      string `json:"title"`
}

func toRecordedScreenJSON(s *Screen, held []HeldAssignment) recordedScreenJSON {
	out := recordedScreenJSON{screenJSON: toScreenJSON(s), PausedAssignments: make([]heldJSON, len(held))}
	for i, h := range held {
		out.PausedAssignments[i] = heldJSON{ID: h.ID.String(), ClientID: h.ClientID.String(), ClientName: h.ClientName, Title: h.Title}
	}
	return out
}
