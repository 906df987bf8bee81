package team

import (
	"context"

	"strings"
	"time"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// Settings are the practice's own settings. Times are "HH:MM" in the practice's time zone;
// quiet hours may run past midnight (21:00 to 08:00).
type Settings struct {
	Name                string
	TimeZone            string
	ReminderWindowStart string
	ReminderWindowEnd   string
	QuietHoursStart     string
	QuietHoursEnd       string
	// RequireTwoFactor makes every member turn two-factor sign-in on before anything else.
	// Nil: unchanged, so an update that leaves it out never turns the requirement off.
	RequireTwoFactor *bool
	// HomeworkPINRequired makes clients choose a PIN that guards their past entries on the
	// homework link (a partner may be able to open their email or phone). Nil: unchanged.
	HomeworkPINRequired *bool
	// Crisis is what a client sees after a risk answer (internal/crisis). Nil: unchanged; always
	// set when read.
	Crisis *crisis.Support `gorm:"-"`
}

const (
	settingsColumns = `name, time_zone, to_char(reminder_window_start, 'HH24:MI') AS reminder_window_start,
		to_char(reminder_window_end, 'HH24:MI') AS reminder_window_end,
		to_char(quiet_hours_start, 'HH24:MI') AS quiet_hours_start, to_char(quiet_hours_end, 'HH24:MI') AS quiet_hours_end,
		require_two_factor, homework_pin_required`
	// practiceSettingsSQL reads a practice's settings, times as HH:MM.
	practiceSettingsSQL = `SELECT ` + settingsColumns + ` FROM practices WHERE id = ?`
)

// GetSettings reads the caller's practice settings.
func (s *Service) GetSettings(ctx context.Context, caller auth.Caller) (*Settings, error) {
	var out Settings
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := tx.Gorm.Raw(practiceSettingsSQL, caller.PracticeID).Scan(&out).Error; err != nil {
			return err
		}
		cs, err := crisis.Load(ctx, tx, caller.PracticeID)
		out.Crisis = &cs
		return err
	})
	return &out, err
}

// updateSettingsSQL replaces a practice's settings; a NULL security switch stays as it is.
const updateSettingsSQL = `UPDATE practices SET name = ?, time_zone = ?, reminder_window_start = ?,
	reminder_window_end = ?, quiet_hours_start = ?, quiet_hours_end = ?, require_two_factor = coalesce(?, require_two_factor),
	homework_pin_required = coalesce(?, homework_pin_required) WHERE id = ?`

// UpdateSettings replaces the practice settings; the two security switches and the crisis
// support change only when given.
func (s *Service) UpdateSettings(ctx context.Context, caller auth.Caller, in Settings) (*Settings, error) {
	if !caller.Can(practice.ManageSettings) {
		return nil, auth.ErrForbidden
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		err := tx.Gorm.Exec(updateSettingsSQL,
			in.Name, in.TimeZone, in.ReminderWindowStart, in.ReminderWindowEnd, in.QuietHoursStart, in.QuietHoursEnd,
			in.RequireTwoFactor, in.HomeworkPINRequired, caller.PracticeID).Error
		if err != nil {
			return err
		}
		detail := map[string]any{}
		if in.RequireTwoFactor != nil {
			detail["require_two_factor"] = *in.RequireTwoFactor
		}
		if in.HomeworkPINRequired != nil {
			detail["homework_pin_required"] = *in.HomeworkPINRequired
		}
		if in.Crisis != nil {
			own, err := crisis.Save(ctx, tx, caller.PracticeID, *in.Crisis)
			if err != nil {
				return err
			}
			detail["crisis_country"], detail["crisis_own_words"] = in.Crisis.Country, own
		}
		return record(ctx, tx, caller, "settings.update", caller.UserID, detail)
	})
	if err != nil {
		return nil, err
	}
	return s.GetSettings(ctx, caller)
}

// validate checks the settings, and trims the crisis support's texts in place.
func (in *Settings) validate() error {
	v := validate.Errors{}
	if in.Crisis != nil {
		cleaned := crisis.Clean(v, "crisis", *in.Crisis)
		in.Crisis = &cleaned
	}
	v.Name("name", in.Name, 120)
	clients.TimeZone(v, "time_zone", in.TimeZone)
	ws, okWS := clock(v, "reminder_window_start", in.ReminderWindowStart)
	we, okWE := clock(v, "reminder_window_end", in.ReminderWindowEnd)
	qs, okQS := clock(v, "quiet_hours_start", in.QuietHoursStart)
	qe, okQE := clock(v, "quiet_hours_end", in.QuietHoursEnd)
	if okWS && okWE && ws >= we {
		v.Add("reminder_window_end", "must be later than the start of the reminder window")
	}
	if okWS && okWE && okQS && okQE && ws < we && !anyOutside(ws, we, qs, qe) {
		v.Add("quiet_hours_start", "quiet hours cover the whole reminder window, so no reminder could ever be sent")
	}
	return v.Err()
}

// clock parses "HH:MM" into minutes after midnight.
func clock(v validate.Errors, field, s string) (int, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil || len(strings.TrimSpace(s)) != 5 {
		v.Add(field, "must be a time like 08:30, between 00:00 and 23:59")
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// anyOutside reports whether some minute of the window [ws, we) falls outside the quiet
// hours [qs, qe), which wrap past midnight when qs > qe.
func anyOutside(ws, we, qs, qe int) bool {
	for m := ws; m < we; m++ {
		quiet := (qs <= qe && m >= qs && m < qe) || (qs > qe && (m >= qs || m < qe))
		if !quiet {
			return true
		}
	}
	return false
}

// quietHoursSQL reads the practice's quiet hours as HH:MM.
const quietHoursSQL = `SELECT to_char(quiet_hours_start, 'HH24:MI') AS "from",
	to_char(quiet_hours_end, 'HH24:MI') AS "to" FROM practices`

// QuietHours reads the practice's quiet hours, for the domains that check a reminder time
// against them.
func QuietHours(ctx context.Context, tx *db.Tx) (cadence.Window, error) {
	var row struct{ From, To string }
	if err := tx.Gorm.Raw(quietHoursSQL).Scan(&row).Error; err != nil {
		return cadence.Window{}, err
	}
	from, err := cadence.ParseClock(row.From)
	if err != nil {
		return cadence.Window{}, err
	}
	to, err := cadence.ParseClock(row.To)
	return cadence.Window{From: from, To: to}, err
}
