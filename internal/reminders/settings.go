package reminders

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// AssignmentSettings are an assignment's reminders: the channel, the client's local time (nil:
// the assignment's own time) and whether a nudge follows an occurrence left undone.
type AssignmentSettings struct {
	Channel string
	At      *string
	Nudge   bool
}

// reminderChannels maps each reminder setting of an assignment to the channels it sends on;
// the one list both the setting's check and the sender read.
var reminderChannels = map[string][]string{"email": {"email"}, "sms": {"sms"}, "both": {"email", "sms"}, "none": nil}

// ReminderChannelsOf is the channels an assignment's reminder setting sends on (none for "none"
// or a setting it does not know).
func ReminderChannelsOf(setting string) []string { return reminderChannels[setting] }

// SetReminders changes an assignment's reminders after checking them against the client (an
// address and consent for each channel) and the practice's quiet hours.
func (s *Service) SetReminders(ctx context.Context, caller auth.Caller, id uuid.UUID,
	in AssignmentSettings) (*assignments.AssignmentView, error) {
	return s.assignments.Update(ctx, caller, id, "assignment.reminders", func(ctx context.Context, tx *db.Tx, a *assignments.Assignment, _ time.Time) error {
		if err := checkReminders(ctx, tx, a, in); err != nil {
			return err
		}
		a.ReminderChannel, a.ReminderAt, a.ReminderNudge = in.Channel, in.At, in.Nudge
		return nil
	})
}

// checkReminders names every problem with the settings at once.
func checkReminders(ctx context.Context, tx *db.Tx, a *assignments.Assignment, in AssignmentSettings) error {
	v := validate.Errors{}
	if _, ok := reminderChannels[in.Channel]; !ok {
		v.Add("channel", "must be one of email, sms, both or none")
	}
	if in.At != nil {
		at, err := cadence.ParseClock(*in.At)
		if err != nil {
			v.Add("at", "must be a time of day from 00:00 to 23:59")
		} else if q, err := practice.QuietHours(ctx, tx); err != nil {
			return err
		} else if q.Contains(at) {
			v.Add("at", fmt.Sprintf("%s is inside the practice's quiet hours (no reminders from %s until %s, in the client's own time): choose a time outside them",
				at, q.From, q.To))
		}
	}
	c, err := clients.ContactOf(ctx, tx, a.ClientID)
	if err != nil {
		return err
	}
	if (in.Channel == "email" || in.Channel == "both") && (c.Email == "" || !c.ConsentEmail) {
		v.Add("channel", "email reminders need the client's email address and their consent to email")
	}
	if (in.Channel == "sms" || in.Channel == "both") && (c.Mobile == "" || !c.ConsentSMS) {
		v.Add("channel", "text reminders need the client's mobile number and their consent to texts")
	}
	return v.Err()
}
