// Package clients owns the people a practice works with: client records, the clinicians
// assigned to them, and couples (two clients worked with together). Every read of a record
// and every change is written to the audit trail in the same transaction.
package clients

import (
	"errors"
	"time"

	"github.com/google/uuid"
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
