package progress_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
)

// The week figures' fixtures run on a clock the test moves, from noon (UTC) of a day near the
// real one: dates are counted in days from that first day, never named, so the counts hold on
// any day. Clients live in UTC. Answers go through the homework service, at the clock's time.
type weekFixture struct {
	a        *apptest.App
	clk      *apptest.Clock
	caller   auth.Caller
	start    cadence.Date // day 0
	sessions map[uuid.UUID]*links.Session
}

func newWeekFixture(t *testing.T, name string) *weekFixture {
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, name)
	noon := clk.Now().UTC().Truncate(24 * time.Hour).Add(12 * time.Hour)
	if !noon.After(clk.Now()) {
		noon = noon.Add(24 * time.Hour)
	}
	clk.Advance(noon.Sub(clk.Now()))
	return &weekFixture{a: a, clk: clk, caller: tm.Caller(practice.RoleClinician),
		start: cadence.DateOf(noon, time.UTC), sessions: map[uuid.UUID]*links.Session{}}
}

// day is the date n days after day 0.
func (f *weekFixture) day(n int) cadence.Date { return f.start.AddDays(n) }

// at moves the clock on to hour:00 (UTC) of day n.
func (f *weekFixture) at(t *testing.T, n, hour int) {
	to := f.day(n).UTC().Add(time.Duration(hour) * time.Hour)
	require.False(t, to.Before(f.clk.Now()), "the clock only moves on")
	f.clk.Advance(to.Sub(f.clk.Now()))
}

func (f *weekFixture) client(t *testing.T, name string) uuid.UUID {
	ctx := context.Background()
	c, err := clients.NewService(f.a.DB).Create(ctx, f.caller, clients.Input{Name: name, TimeZone: "UTC"})
	require.NoError(t, err)
	_, sess, err := f.a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, f.a, f.caller, c.ID), "192.0.2.20")
	require.NoError(t, err)
	f.sessions[c.ID] = sess
	return c.ID
}

func (f *weekFixture) assign(t *testing.T, client uuid.UUID, slug string, rule cadence.Rule) uuid.UUID {
	vs, err := f.a.AssignmentSvc().Assign(context.Background(), f.caller,
		assignments.AssignInput{ClientID: client, Exercise: &library.Ref{Library: slug}, Rule: rule})
	require.NoError(t, err)
	require.Len(t, vs, 1)
	return vs[0].ID
}

// submit answers the occurrence of day n, now.
func (f *weekFixture) submit(t *testing.T, client, assignment uuid.UUID, n int, answers map[string]json.RawMessage) {
	_, _, err := f.a.AnswerSvc().Submit(context.Background(), f.sessions[client], homework.Submission{
		AssignmentID: assignment, Date: f.day(n), Answers: answers, IdempotencyKey: uuid.New()}, "192.0.2.20", "test")
	require.NoError(t, err)
}

// measureAnswers answers a measure's items with the choices given, the rest "not at all".
func measureAnswers(in *checkins.Instrument, choices map[string]string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, it := range in.Items {
		c, ok := choices[it.Key]
		if !ok {
			c = "not_at_all"
		}
		out[it.Key] = json.RawMessage(`"` + c + `"`)
	}
	return out
}

// weeks refreshes up to limit of the clients' stale rows, then reads their week [from, to]
// (days counted from day 0) at the clock's time, by client.
func (f *weekFixture) weeks(t *testing.T, ids []uuid.UUID, limit, from, to int) map[uuid.UUID]progress.ClientWeek {
	ctx := context.Background()
	out := map[uuid.UUID]progress.ClientWeek{}
	require.NoError(t, f.a.DB.InTenant(ctx, f.caller.Scope(), func(tx *db.Tx) error {
		if _, err := progress.RefreshStaleOf(ctx, tx, ids, f.clk.Now(), limit); err != nil {
			return err
		}
		ws, err := progress.Weeks(ctx, tx, ids, f.day(from), f.day(to), f.clk.Now())
		for _, w := range ws {
			out[w.ClientID] = w
		}
		return err
	}))
	return out
}

// A week counts, per client-local date, the occurrences done or closed and those done; the
// streaks run back from the most recent closed occurrence. Days outside the week, and an
// occurrence still open, are not counted.
func TestWeeksCountDaysAndStreaks(t *testing.T) {
	t.Parallel()
	f := newWeekFixture(t, "weeks-days")
	kit, cy := f.client(t, "Kit Week"), f.client(t, "Cy Missing")
	daily := f.assign(t, kit, "when-you-are-flooded", apptest.DailyFrom(f.day(0)))
	f.assign(t, cy, "when-you-are-flooded", apptest.DailyFrom(f.day(5)))

	// Kit: done on days 0, 1, 4, 6, 8 and 9; late on 2 and 7 (answered the next morning);
	// missed on 3 and 5. Cy answers nothing.
	done, late := map[int]bool{0: true, 1: true, 4: true, 6: true, 8: true, 9: true}, map[int]bool{2: true, 7: true}
	for n := 0; n <= 9; n++ {
		if late[n-1] {
			f.at(t, n, 10)
			f.submit(t, kit, daily, n-1, apptest.DailyAnswers())
		}
		f.at(t, n, 12)
		if done[n] {
			f.submit(t, kit, daily, n, apptest.DailyAnswers())
		}
	}

	// Day 10 at noon: day 10's occurrence is open and unanswered, counted nowhere.
	f.at(t, 10, 12)
	nobody := uuid.New()
	ws := f.weeks(t, []uuid.UUID{kit, cy, nobody}, 10, 2, 8)
	require.Len(t, ws, 2, "a client without a row is left out")
	k := ws[kit]
	require.Equal(t, []int{7, 5}, []int{k.Due, k.Done}, "days 2 to 8: 2 late, 3 missed, 4 done, 5 missed, 6 done, 7 late, 8 done")
	require.Equal(t, 4, k.KeptStreak, "9 and 8 done, 7 late, 6 done; 5 missed")
	require.Zero(t, k.MissedStreak)
	require.False(t, k.Stale)
	c := ws[cy]
	require.Equal(t, []int{4, 0}, []int{c.Due, c.Done}, "days 5 to 8 missed")
	require.Equal(t, 4, c.MissedStreak, "day 9 is still open")
	require.Zero(t, c.KeptStreak)

	later := f.weeks(t, []uuid.UUID{kit}, 0, 6, 12)[kit]
	require.Equal(t, []int{4, 4}, []int{later.Due, later.Done}, "6 to 9 done or late; 10 still open")
	early := f.weeks(t, []uuid.UUID{kit}, 0, -3, 1)[kit]
	require.Equal(t, []int{2, 2}, []int{early.Due, early.Done}, "nothing before day 0")

	// Two days on with no write, day 10 has closed unanswered: the rows are stale until
	// refreshed. Refreshing Kit's (and at most one) leaves Cy's as they were.
	f.at(t, 12, 12)
	ws = f.weeks(t, []uuid.UUID{kit, cy}, 0, 6, 12)
	require.True(t, ws[kit].Stale)
	require.Equal(t, 4, ws[kit].KeptStreak, "as of the last refresh")
	ws = f.weeks(t, []uuid.UUID{kit}, 1, 6, 12)
	require.False(t, ws[kit].Stale)
	require.Equal(t, 1, ws[kit].MissedStreak, "day 10 missed; 11 still open")
	require.Zero(t, ws[kit].KeptStreak)
	require.Equal(t, []int{5, 4}, []int{ws[kit].Due, ws[kit].Done})
	ws = f.weeks(t, []uuid.UUID{kit, cy}, 0, 6, 12)
	require.True(t, ws[cy].Stale, "only the rows asked for are refreshed")
	require.Equal(t, 4, ws[cy].MissedStreak)
}

// Measures better and worse by a reliable change show with their titles; a measure missed
// shows as due on its date, and one that opens after the refresh shows once it is open,
// with no refresh in between.
func TestWeeksMeasures(t *testing.T) {
	t.Parallel()
	f := newWeekFixture(t, "weeks-measures")
	mo, di := f.client(t, "Mo Measured"), f.client(t, "Di Alert")
	weekly := func(days ...int) cadence.Rule {
		r := cadence.Rule{Kind: cadence.Weekly, Start: f.day(0), At: cadence.Clock{Hour: 9}}
		for _, n := range days {
			r.Weekdays = append(r.Weekdays, f.day(n).Weekday())
		}
		return r
	}
	phq := f.assign(t, mo, "phq-9", weekly(0))
	gad := f.assign(t, mo, "gad-7", weekly(0, 3))

	// PHQ-9 from 16 to 8 (the PHQ-9 needs 6), GAD-7 from 2 to 9 (it needs 4); the GAD-7 of day
	// 3 is never answered.
	f.submit(t, mo, phq, 0, measureAnswers(&checkins.PHQ9, map[string]string{"q1": "more_than_half", "q2": "more_than_half",
		"q3": "more_than_half", "q4": "more_than_half", "q5": "more_than_half", "q6": "more_than_half",
		"q7": "more_than_half", "q8": "more_than_half"}))
	f.submit(t, mo, gad, 0, measureAnswers(&checkins.GAD7, map[string]string{"q1": "several_days", "q2": "several_days"}))
	f.at(t, 7, 12)
	f.submit(t, mo, phq, 7, measureAnswers(&checkins.PHQ9, map[string]string{"q1": "several_days", "q2": "several_days",
		"q3": "several_days", "q4": "several_days", "q5": "several_days", "q6": "several_days",
		"q7": "several_days", "q8": "several_days"}))
	f.submit(t, mo, gad, 7, measureAnswers(&checkins.GAD7, map[string]string{"q1": "nearly_every_day",
		"q2": "nearly_every_day", "q3": "nearly_every_day"}))
	apptest.RiskAlertFor(t, f.a, f.caller, di)

	// Day 9 at noon: the GAD-7 of day 10 opens at midnight, before the row turns stale (when
	// that occurrence closes, on day 12).
	f.at(t, 9, 12)
	ws := f.weeks(t, []uuid.UUID{mo, di}, 10, 0, 10)
	m := ws[mo]
	require.Equal(t, []progress.Change{{Title: checkins.PHQ9.Title, First: 16, Latest: 8}}, m.Improving)
	require.Equal(t, []progress.Change{{Title: checkins.GAD7.Title, First: 2, Latest: 9}}, m.Worsening)
	require.Equal(t, []progress.Dated{{Date: f.day(3), Title: checkins.GAD7.Title}}, m.MeasuresDue, "day 10's is not open yet")
	require.Equal(t, []int{5, 4}, []int{m.Due, m.Done}, "both measures on days 0 and 7, the GAD-7 of day 3 missed")
	require.Equal(t, 2, m.KeptStreak)
	require.Zero(t, m.OpenAlerts)
	require.Equal(t, 1, ws[di].OpenAlerts)
	require.Empty(t, ws[di].Improving, "one score is no change yet")

	// Day 10 at noon, with no write and no refresh: the GAD-7 of day 10 is open and shows.
	f.at(t, 10, 12)
	ws = f.weeks(t, []uuid.UUID{mo}, 0, 0, 10)
	require.False(t, ws[mo].Stale)
	require.Equal(t, []progress.Dated{{Date: f.day(3), Title: checkins.GAD7.Title}, {Date: f.day(10), Title: checkins.GAD7.Title}},
		ws[mo].MeasuresDue)
	require.Equal(t, []progress.Dated{{Date: f.day(10), Title: checkins.GAD7.Title}}, f.weeks(t, []uuid.UUID{mo}, 0, 4, 10)[mo].MeasuresDue,
		"day 3 is before the week")

	// Answered, it is due no more.
	f.submit(t, mo, gad, 10, measureAnswers(&checkins.GAD7, nil))
	require.Equal(t, []progress.Dated{{Date: f.day(3), Title: checkins.GAD7.Title}}, f.weeks(t, []uuid.UUID{mo}, 10, 0, 10)[mo].MeasuresDue)
}

// A programme whose last step was done, even late, is completed on that step's date; the
// assignments whose last day (a programme's last step, or the end date) falls in the 14 days
// after the week are ending. A stopped assignment is not.
func TestWeeksCompletedAndEnding(t *testing.T) {
	t.Parallel()
	f := newWeekFixture(t, "weeks-ending")
	lee := f.client(t, "Lee Finishing")
	programme := func(from, days int) cadence.Rule {
		return cadence.Rule{Kind: cadence.Programme, Start: f.day(from), Days: days, At: cadence.Clock{Hour: 19}}
	}
	until := func(end int) cadence.Rule {
		r := apptest.DailyFrom(f.day(0))
		last := f.day(end)
		r.End = &last
		return r
	}
	short := f.assign(t, lee, "thirty-days-of-repair", programme(0, 3)) // days 0, 1 and 2
	f.assign(t, lee, "thirty-days-of-repair", programme(4, 5))          // days 4 to 8
	f.assign(t, lee, "name-the-win", until(12))
	f.assign(t, lee, "when-you-are-flooded", until(30))
	stopped := f.assign(t, lee, "name-the-win", until(9))
	_, err := f.a.AssignmentSvc().Stop(context.Background(), f.caller, stopped)
	require.NoError(t, err)

	reflect := map[string]json.RawMessage{"reflection": json.RawMessage(`"A small step."`)}
	f.submit(t, lee, short, 0, reflect)
	f.at(t, 1, 12)
	f.submit(t, lee, short, 1, reflect)
	f.at(t, 3, 10)
	f.submit(t, lee, short, 2, reflect) // the last step, the next morning: late

	repair, ok := library.LibraryExercise("thirty-days-of-repair")
	require.True(t, ok)
	win, ok := library.LibraryExercise("name-the-win")
	require.True(t, ok)
	f.at(t, 3, 12)
	w := f.weeks(t, []uuid.UUID{lee}, 10, -3, 3)[lee]
	require.Equal(t, []progress.Dated{{Date: f.day(2), Title: repair.Title}}, w.Completed)
	require.Equal(t, []progress.Dated{{Date: f.day(8), Title: repair.Title}, {Date: f.day(12), Title: win.Title}}, w.Ending,
		"days 4 to 17; day 30 is further off, and the stopped one ends on no day")

	w = f.weeks(t, []uuid.UUID{lee}, 10, 3, 9)[lee]
	require.Empty(t, w.Completed, "day 2 is before the week")
	require.Equal(t, []progress.Dated{{Date: f.day(12), Title: win.Title}}, w.Ending, "days 10 to 23")
}
