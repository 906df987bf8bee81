package digests

import (
	"context"
	"strings"
	"time"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/validate"
)

// Weekdays are the names the API uses, Sunday first like time.Weekday.
var Weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// SettingsInput is a change of the caller's own digest settings, as the API names them.
type SettingsInput struct {
	Weekday  string
	Hour     int
	TimeZone string
	Email    bool
}

// parse checks the input and names each bad field.
func (in SettingsInput) parse() (Settings, error) {
	v := validate.Errors{}
	day := -1
	for i, name := range Weekdays {
		if strings.EqualFold(in.Weekday, name) {
			day = i
		}
	}
	if day < 0 {
		v.Add("weekday", "must be a day of the week: monday, tuesday, … sunday")
	}
	if in.Hour < 0 || in.Hour > 23 {
		v.Add("hour", "must be a whole hour from 0 to 23")
	}
	v.TimeZone("time_zone", in.TimeZone)
	return Settings{Weekday: time.Weekday(day), Hour: in.Hour, TimeZone: in.TimeZone, Email: in.Email}, v.Err()
}

// Schedule is a person's settings with when the next digest is due.
type Schedule struct {
	Settings
	NextSendAt time.Time
}

const (
	// readSettingsSQL reads the caller's settings.
	readSettingsSQL = `SELECT weekday, hour, time_zone, email,
		CASE WHEN next_send_at = '-infinity' THEN NULL ELSE next_send_at END AS next_send_at
		FROM digest_settings WHERE user_id = ?`
	// writeSettingsSQL changes them, and the next send time with them.
	writeSettingsSQL = `UPDATE digest_settings SET weekday = ?, hour = ?, time_zone = ?, email = ?, next_send_at = ?,
		updated_at = ? WHERE user_id = ?`
)

// GetSettings reads the caller's digest settings.
func (s *Service) GetSettings(ctx context.Context, caller auth.Caller) (*Schedule, error) {
	var out *Schedule
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		out, err = readSettings(tx, caller)
		return err
	})
	return out, err
}

func readSettings(tx *db.Tx, caller auth.Caller) (*Schedule, error) {
	var row struct {
		Weekday, Hour int
		TimeZone      string
		Email         bool
		NextSendAt    *time.Time
	}
	if err := tx.Gorm.Raw(readSettingsSQL, caller.UserID).Take(&row).Error; err != nil {
		return nil, err
	}
	st := Settings{Weekday: time.Weekday(row.Weekday), Hour: row.Hour, TimeZone: row.TimeZone, Email: row.Email}
	out := &Schedule{Settings: st}
	if row.NextSendAt != nil {
		out.NextSendAt = *row.NextSendAt
	}
	return out, nil
}

// justPassed is how far back a newly chosen day and hour still count for this week: choosing
// "Wednesday 14:00" at 14:20 on a Wednesday makes this week's digest now, not next week's
// (unless this week's was made already: one a week).
const justPassed = 2 * time.Hour

// UpdateSettings changes the caller's own digest settings; the next digest is due at the new
// day and hour. Bad input names its field and changes nothing.
func (s *Service) UpdateSettings(ctx context.Context, caller auth.Caller, in SettingsInput) (*Schedule, error) {
	st, err := in.parse()
	if err != nil {
		return nil, err
	}
	now := s.now()
	next := st.NextSend(now.Add(-justPassed))
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(writeSettingsSQL, int(st.Weekday), st.Hour, st.TimeZone, st.Email, next, now,
			caller.UserID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: "digests.settings", SubjectType: "user", SubjectID: caller.UserID.String(),
				Detail: map[string]any{"weekday": Weekdays[st.Weekday], "hour": st.Hour, "email": st.Email}})
	})
	return &Schedule{Settings: st, NextSendAt: next}, err
}
