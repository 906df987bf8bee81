package apptest

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/db"
)

// TenantRows counts table's rows as the practice sees them, under row-level security.
func TenantRows(t *testing.T, a *App, practiceID uuid.UUID, table string) int {
	var n int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM ` + table).Row().Scan(&n)
	}))
	return n
}

// AuditActions lists the actions recorded about one client, oldest first.
func AuditActions(t *testing.T, a *App, practiceID uuid.UUID, clientID string) []string {
	t.Helper()
	var actions []string
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT action FROM audit_events WHERE client_id = ? ORDER BY id`, clientID).Scan(&actions).Error
	}))
	return actions
}

// AuditCount counts the practice's audit events that match the SQL condition where.
func AuditCount(t *testing.T, a *App, practiceID uuid.UUID, where string) int {
	var n int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE ` + where).Row().Scan(&n)
	}))
	return n
}

// SetContact puts an email address and a mobile number on the client's record, with or
// without their consent to each.
func SetContact(t testing.TB, a *App, practiceID, client uuid.UUID, email, mobile string, consentEmail, consentSMS bool) {
	t.Helper()
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE clients SET email = ?, mobile = ?, consent_email = ?, consent_sms = ? WHERE id = ?`,
			email, mobile, consentEmail, consentSMS, client).Error
	}))
}

// AgreeToEmail gives the client an email address and their consent to email.
func AgreeToEmail(t testing.TB, a *App, practiceID, client uuid.UUID) {
	SetContact(t, a, practiceID, client, "jo.client@example.com", "", true, false)
}

// ClientOut is a client as the API shows it.
type ClientOut struct {
	ID         string
	Name       string
	Mobile     string
	Email      string
	Status     string
	Clinicians []struct {
		UserID string `json:"user_id"`
	}
}

// CoupleOut is a couple as the API shows it.
type CoupleOut struct {
	ID       string
	Name     string
	Partners []struct {
		ClientID  string `json:"client_id"`
		Name      string
		TrustRole string `json:"trust_role"`
	}
	Clinicians []struct {
		UserID string `json:"user_id"`
	}
}

// Partner finds a partner of k by name and returns their client id and trust role.
func (k CoupleOut) Partner(t *testing.T, name string) (id, role string) {
	t.Helper()
	for _, p := range k.Partners {
		if p.Name == name {
			return p.ClientID, p.TrustRole
		}
	}
	t.Fatalf("no partner named %s in %+v", name, k.Partners)
	return "", ""
}
