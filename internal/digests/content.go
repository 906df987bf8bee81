package digests

import (
	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/cadence"
)

// Content is a digest as it was made and stored; it never changes afterwards.
type Content struct {
	PeriodStart cadence.Date  `json:"period_start"`
	PeriodEnd   cadence.Date  `json:"period_end"`
	Caseload    *Caseload     `json:"caseload"` // nil for someone with no clients of their own
	Practice    *PracticeWeek `json:"practice"` // owners and admins only
}

// Caseload is a clinician's week: who needs attention first, then the wins, then every line's
// adherence, measures left unanswered and work ending soon. Couples are one line each.
type Caseload struct {
	Clients     int    `json:"clients"`
	Due         int    `json:"due"`
	Done        int    `json:"done"`
	Attention   []Line `json:"attention"`
	Wins        []Line `json:"wins"`
	Lines       []Line `json:"lines"`
	MeasuresDue []Item `json:"measures_due"`
	EndingSoon  []Item `json:"ending_soon"`
}

// Line is one client, or one couple with both partners.
type Line struct {
	Kind     string      `json:"kind"` // client or couple
	ID       uuid.UUID   `json:"id"`
	Name     string      `json:"name"`
	Partners []Partner   `json:"partners,omitempty"`
	Reasons  []string    `json:"reasons,omitempty"`
	Due      int         `json:"due"`
	Done     int         `json:"done"`
	clients  []uuid.UUID // the line's clients, for building it
}

// Partner is one partner of a couple's line.
type Partner struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

// Item is one dated thing about a client: a measure left unanswered, an assignment ending.
type Item struct {
	ClientID uuid.UUID    `json:"client_id"`
	Name     string       `json:"name"`
	Title    string       `json:"title"`
	Date     cadence.Date `json:"date"`
}

// PracticeWeek is the practice's week, for owners and admins.
type PracticeWeek struct {
	Clinicians         []ClinicianWeek `json:"clinicians"`
	Due                int             `json:"due"`
	Done               int             `json:"done"`
	AlertsRaised       int             `json:"alerts_raised"`
	AlertsAcknowledged int             `json:"alerts_acknowledged"`
	MedianAckMinutes   *int            `json:"median_ack_minutes"`
	AlertsOpen         int             `json:"alerts_open"`
	Unassigned         int             `json:"unassigned"` // active clients without a clinician
	Seats              int             `json:"seats"`
}

// ClinicianWeek is one clinician's adherence across their clients.
type ClinicianWeek struct {
	UserID  uuid.UUID `json:"user_id"`
	Name    string    `json:"name"`
	Clients int       `json:"clients"`
	Due     int       `json:"due"`
	Done    int       `json:"done"`
}
