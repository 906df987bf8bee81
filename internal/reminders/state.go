package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
)

// loadState reads what one reminder depends on, at send time, in one round trip: the
// assignment's cadence as it is now with the client's zones, the client and their choices,
// the practice's name, whether the occurrence is done, the live homework link, and the
// message's delivery rows with the link each already carries. It returns nil when the
// assignment no longer exists.
func loadState(ctx context.Context, d *db.DB, args SendArgs, now time.Time) (*state, error) {
	st := &state{args: args, assignment: &exercises.Assignment{ID: args.AssignmentID}, statuses: map[string]string{}}
	a, c := st.assignment, &st.client
	var zones, pauses []byte
	var linkID *uuid.UUID
	var linkExpires *time.Time
	b := &pgx.Batch{}
	b.Queue(`SELECT a.client_id, a.kind, a.start_date, a.end_date, a.weekday_mask, a.every_weeks,
		a.days, a.at_time, a.status, a.pauses, a.paused_at, a.stopped_at, a.reminder_channel,
		(SELECT json_agg(json_build_object('from', z.effective_from, 'zone', z.time_zone) ORDER BY z.effective_from)
			FROM client_time_zones z WHERE z.practice_id = a.practice_id AND z.client_id = a.client_id),
		c.name, c.preferred_name, c.email, c.mobile, c.status, c.consent_email, c.consent_sms,
		p.paused_until, coalesce(p.off, false), p.email_unsubscribed_at,
		(SELECT name FROM practices),
		EXISTS (SELECT 1 FROM responses r WHERE r.practice_id = a.practice_id AND r.assignment_id = a.id
			AND r.occurrence_date = $2),
		l.id, l.expires_at
		FROM assignments a JOIN clients c ON c.practice_id = a.practice_id AND c.id = a.client_id
		LEFT JOIN reminder_preferences p ON p.practice_id = c.practice_id AND p.client_id = c.id
		LEFT JOIN LATERAL (SELECT id, expires_at FROM homework_links h WHERE h.practice_id = c.practice_id
			AND h.client_id = c.id AND h.revoked_at IS NULL AND h.expires_at > $3
			ORDER BY expires_at DESC LIMIT 1) l ON true
		WHERE a.id = $1`, args.AssignmentID, args.Date.UTC(), now)
	ids := make([]uuid.UUID, len(allChannels))
	for i, ch := range allChannels {
		ids[i] = deliveryID(args, ch)
	}
	b.Queue(`SELECT channel, status FROM reminder_deliveries WHERE practice_id = $1 AND id = ANY($2)`,
		args.PracticeID, ids)
	found := false
	err := d.Pipeline(ctx, db.Scope{PracticeID: args.PracticeID}, b, func(r pgx.BatchResults) error {
		err := r.QueryRow().Scan(
			&a.ClientID, &a.Kind, &a.StartDate, &a.EndDate, &a.WeekdayMask, &a.EveryWeeks,
			&a.Days, &a.AtTime, &a.Status, &pauses, &a.PausedAt, &a.StoppedAt, &a.ReminderChannel, &zones,
			&c.Name, &c.PreferredName, &c.Email, &c.Mobile, &c.Status, &c.ConsentEmail, &c.ConsentSMS,
			&c.PausedUntil, &c.Off, &c.EmailUnsubscribedAt, &st.practice, &st.done, &linkID, &linkExpires)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		found = true
		rows, err := r.Query()
		if err != nil {
			return err
		}
		var ch, status string
		_, err = pgx.ForEachRow(rows, []any{&ch, &status}, func() error {
			st.statuses[ch] = status
			return nil
		})
		return err
	})
	if err != nil || !found {
		return nil, err
	}
	c.ID = a.ClientID
	if err := json.Unmarshal(pauses, &a.Pauses); err != nil {
		return nil, err
	}
	zs, err := decodeZones(zones)
	if err != nil {
		return nil, err
	}
	st.occurrence, st.scheduled = a.Plan(zs).On(args.Date)
	if linkID != nil {
		st.link = &liveLink{ID: *linkID, ExpiresAt: *linkExpires}
	}
	return st, nil
}

// decodeZones reads the JSON list of a client's zones that loadState builds.
func decodeZones(raw []byte) ([]cadence.Zone, error) {
	var rows []struct {
		From time.Time `json:"from"`
		Zone string    `json:"zone"`
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &rows); err != nil {
			return nil, err
		}
	}
	out := make([]cadence.Zone, 0, len(rows))
	for _, r := range rows {
		loc, err := cadence.Location(r.Zone)
		if err != nil {
			return nil, err
		}
		out = append(out, cadence.Zone{From: r.From, Loc: loc})
	}
	return out, nil
}
