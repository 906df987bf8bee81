package reminders_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/migrations"
)

// A new practice keeps quiet from 22:00 until 07:00 in each client's own time: a reminder
// set for 07:00 is accepted and sent at 07:00 London time (the client's zone), nothing goes
// out at 06:59, and a 06:59 time is refused, by the clinician and by the client alike.
func TestQuietHoursLetASevenOClockReminderThrough(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	b := f.tm.Browsers[practice.RoleClinician]
	path := "/api/assignments/" + f.assignment.String() + "/reminders"

	res := b.Do("PUT", path, `{"channel":"email","at":"06:59","nudge":false}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["at"], "22:00 until 07:00")
	res = b.Do("PUT", path, `{"channel":"email","at":"07:00","nudge":false}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))

	f.dispatch(t, apptest.Now())
	next, _ := f.schedule(t)
	require.NotNil(t, next)
	london, _ := time.LoadLocation("Europe/London")
	require.Equal(t, "07:00", next.In(london).Format("15:04"), "07:00 in the client's own zone")
	require.Empty(t, f.dispatch(t, next.Add(-time.Minute)), "nothing at 06:59")
	jobs := f.dispatch(t, *next)
	require.Len(t, jobs, 1, "the reminder is due at 07:00")
	f.send(t, jobs[0], *next)
	require.Len(t, f.mails(t), 1, "and sent")

	client := apptest.ClientBrowser(t, f.a, apptest.LinkFor(t, f.a, f.caller, f.client))
	res = client.Do("PUT", "/api/homework/reminders", `{"preferred_at":"06:59","paused_until":null,"off":false,"email_unsubscribed":false}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["preferred_at"], "22:00 until 07:00")
	res = client.Do("PUT", "/api/homework/reminders", `{"preferred_at":"07:00","paused_until":null,"off":false,"email_unsubscribed":false}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
}

// Migration 0012 moves a practice still on the old quiet hours (21:00–08:00) to the new ones
// only if it never saved its settings, and has its reminders worked out again; a practice
// that saved the old hours, or chose others, keeps them.
func TestQuietHoursMigrationMovesOnlyUntouchedPractices(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t) // its practice never saved its settings
	saved := apptest.SeedTeam(t, f.a, "saved")
	own := apptest.SeedTeam(t, f.a, "own")
	old := `{"name":"%s","time_zone":"UTC","reminder_window_start":"08:00","reminder_window_end":"20:00",` +
		`"quiet_hours_start":"%s","quiet_hours_end":"%s"}`
	for _, p := range []struct {
		tm         *apptest.Team
		start, end string
	}{{saved, "21:00", "08:00"}, {own, "21:30", "06:30"}} {
		res := p.tm.Browsers[practice.RoleAdmin].Do("PATCH", "/api/practice", fmt.Sprintf(old, "Kept", p.start, p.end), nil)
		require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
	}
	f.exec(t, `UPDATE practices SET quiet_hours_start = '21:00', quiet_hours_end = '08:00',
		reminder_window_start = '08:00', reminder_window_end = '20:00'`)
	f.dispatch(t, apptest.Now())
	next, _ := f.schedule(t)
	require.NotNil(t, next)

	ctx := context.Background()
	sql, err := migrations.FS.ReadFile("0012_quiet_hours_default.sql")
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, f.a.Env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	require.NoError(t, pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, string(sql))
		return err
	}))

	quiet := func(tm *apptest.Team) string {
		var st map[string]any
		apptest.Decode(t, tm.Browsers[practice.RoleAdmin].Do("GET", "/api/practice", "", nil), &st)
		return fmt.Sprintf("%s–%s window %s–%s", st["quiet_hours_start"], st["quiet_hours_end"],
			st["reminder_window_start"], st["reminder_window_end"])
	}
	require.Equal(t, "22:00–07:00 window 07:00–22:00", quiet(f.tm), "never saved: moved to the new hours")
	require.Equal(t, "21:00–08:00 window 08:00–20:00", quiet(saved), "saved as they were: kept")
	require.Equal(t, "21:30–06:30 window 08:00–20:00", quiet(own), "chosen: kept")
	var again bool
	f.row(t, `SELECT next_fire_at = '-infinity' FROM reminder_schedules WHERE assignment_id = ?`, []any{f.assignment}, &again)
	require.True(t, again, "the moved practice's reminders are worked out again")
}
