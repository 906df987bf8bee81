package team

import (
	"context"

	"strings"
	"time"

	"github.com/steadyhq/steady/internal/auth"
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
	Crisis *crisis.Support
}

// GetSettings reads the caller's practice settings: practice's columns and crisis's support.
func (s *Service) GetSettings(ctx context.Context, caller auth.Caller) (*Settings, error) {
	var out Settings
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		st, err := practice.GetSettings(ctx, tx, caller.PracticeID)
		if err != nil {
			return err
		}
		out = fromStored(st)
		cs, err := crisis.Load(ctx, tx, caller.PracticeID)
		out.Crisis = &cs
		return err
	})
	return &out, err
}

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
		if err := practice.UpdateSettings(ctx, tx, caller.PracticeID, in.stored()); err != nil {
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

// fromStored is the settings practice keeps, without the crisis support.
func fromStored(st practice.Settings) Settings {
	return Settings{Name: st.Name, TimeZone: st.TimeZone, ReminderWindowStart: st.ReminderWindowStart,
		ReminderWindowEnd: st.ReminderWindowEnd, QuietHoursStart: st.QuietHoursStart, QuietHoursEnd: st.QuietHoursEnd,
		RequireTwoFactor: st.RequireTwoFactor, HomeworkPINRequired: st.HomeworkPINRequired}
}

// stored is the part of the settings practice keeps.
func (in *Settings) stored() practice.Settings {
	return practice.Settings{Name: in.Name, TimeZone: in.TimeZone, ReminderWindowStart: in.ReminderWindowStart,
		ReminderWindowEnd: in.ReminderWindowEnd, QuietHoursStart: in.QuietHoursStart, QuietHoursEnd: in.QuietHoursEnd,
		RequireTwoFactor: in.RequireTwoFactor, HomeworkPINRequired: in.HomeworkPINRequired}
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
