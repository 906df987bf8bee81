// Package clients owns the people a practice works with: client records, the clinicians
// assigned to them, and couples (two clients worked with together). Every read of a record
// and every change is written to the audit trail in the same transaction.
package clients

import (
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Sentinel errors; handlers.go maps them to answers.
var (
	// ErrNotFound covers both "does not exist" and "not yours to see": a clinician reaching
	// for a colleague's client learns nothing, not even that the client exists.
	ErrNotFound = errors.New("clients: not found")
	ErrArchived = errors.New("clients: client is archived")
)

// Client is a row of clients.
type Client struct {
	PracticeID    uuid.UUID `gorm:"primaryKey"`
	ID            uuid.UUID `gorm:"primaryKey"`
	Name          string
	PreferredName string
	Pronouns      string
	Email         string
	Mobile        string
	TimeZone      string
	ConsentEmail  bool
	ConsentSMS    bool `gorm:"column:consent_sms"`
	Status        string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	ArchivedAt    *time.Time
}

// clientColumns are Client's columns (aliased c), in the order scan reads them: a named read
// of clients, never SELECT * (which would carry the PIN's hash along).
const clientColumns = `c.practice_id, c.id, c.name, c.preferred_name, c.pronouns, c.email, c.mobile, c.time_zone,
	c.consent_email, c.consent_sms, c.status, c.created_at, c.updated_at, c.archived_at`

// scan reads one row of clientColumns.
func (c *Client) scan(rows pgx.Rows) error {
	return rows.Scan(&c.PracticeID, &c.ID, &c.Name, &c.PreferredName, &c.Pronouns, &c.Email, &c.Mobile, &c.TimeZone,
		&c.ConsentEmail, &c.ConsentSMS, &c.Status, &c.CreatedAt, &c.UpdatedAt, &c.ArchivedAt)
}

// Client statuses.
const (
	StatusActive   = "active"
	StatusArchived = "archived"
)

type clientClinician struct {
	PracticeID uuid.UUID `gorm:"primaryKey"`
	ClientID   uuid.UUID `gorm:"primaryKey"`
	UserID     uuid.UUID `gorm:"primaryKey"`
}

func (clientClinician) TableName() string { return "client_clinicians" }

// Clinician is a member assigned to a client or couple, as shown with the record.
type Clinician struct {
	UserID uuid.UUID
	Name   string
}

// Detail is a client with what the client page shows around it.
type Detail struct {
	Client
	Clinicians []Clinician
	Couples    []CoupleRef
	// Access is how the caller sees the clinical record; Emergencies, for those who see it,
	// the latest emergency grants that opened it.
	Access      Access
	Emergencies []GrantNotice
}

// CoupleRef names a couple a client belongs to.
type CoupleRef struct {
	ID        uuid.UUID
	Name      string
	TrustRole string
}
