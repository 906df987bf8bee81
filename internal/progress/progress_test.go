package progress_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/stretchr/testify/require"
)

func (f progressFixture) client(t *testing.T, name string) uuid.UUID {
	c, err := clients.NewService(f.a.DB).Create(context.Background(), f.caller, clients.Input{Name: name, TimeZone: "UTC"})
	require.NoError(t, err)
	// The client has lived in UTC since well before the fixtures.
	require.NoError(t, f.a.DB.InTenant(context.Background(), db.Scope{PracticeID: f.tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE client_time_zones SET effective_from = '2026-01-01' WHERE client_id = ?`, c.ID).Error
	}))
	return c.ID
}

func (f progressFixture) assign(t *testing.T, client uuid.UUID, slug string, rule cadence.Rule) uuid.UUID {
	clock := func() time.Time { return time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC) }
	vs, err := assignments.NewService(f.a.DB, clients.NewService(f.a.DB), clock).Assign(context.Background(), f.caller,
		assignments.AssignInput{ClientID: client, Exercise: &library.Ref{Library: slug}, Rule: rule})
	require.NoError(t, err)
	return vs[0].ID
}

// answer stores an answer for day (and a score when in is set), submitted at the given time.
func (f progressFixture) answer(t *testing.T, client, assignment uuid.UUID, day string, at time.Time,
	in *checkins.Instrument, total int) {
	require.NoError(t, f.a.DB.InTenant(context.Background(), db.Scope{PracticeID: f.tm.ID}, func(tx *db.Tx) error {
		id := uuid.New()
		if err := tx.Gorm.Exec(`INSERT INTO responses (practice_id, id, assignment_id, client_id, occurrence_date, answers,
			idempotency_key, submitted_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)`, f.tm.ID, id, assignment, client, day,
			uuid.New(), at).Error; err != nil || in == nil {
			return err
		}
		return checkins.Record(context.Background(), tx, checkins.Scored{PracticeID: f.tm.ID, ResponseID: id,
			ClientID: client, AssignmentID: assignment, Instrument: in, At: at,
			Result: checkins.Result{Total: total, Band: in.BandOf(total), Items: map[string]int{}}})
	}))
}

func day(s string) cadence.Date { d, _ := cadence.ParseDate(s); return d }

func TestAdherenceCalendarAndReliableChange(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	client := f.client(t, "Kit Fixture")
	daily := f.assign(t, client, "name-the-win", cadence.Rule{Kind: cadence.Daily, Start: day("2026-11-05"), At: cadence.Clock{Hour: 19}})
	onTime := func(d string) time.Time { return dateAt(d, 19, 30) }
	for _, d := range []string{"2026-11-05", "2026-11-06", "2026-11-10", "2026-11-16"} {
		f.answer(t, client, daily, d, onTime(d), nil, 0)
	}
	f.answer(t, client, daily, "2026-11-12", dateAt("2026-11-13", 8, 0), nil, 0) // the next morning: late
	phq := f.assign(t, client, "phq-9", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
		Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})
	for d, total := range map[string]int{"2026-11-06": 18, "2026-11-13": 15, "2026-11-20": 11} {
		f.answer(t, client, phq, d, dateAt(d, 10, 0), &checkins.PHQ9, total)
	}
	gad := f.assign(t, client, "gad-7", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
		Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})
	f.answer(t, client, gad, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.GAD7, 5)
	f.answer(t, client, gad, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.GAD7, 9)

	svc := progress.NewService(f.a.DB, clients.NewService(f.a.DB), func() time.Time { return progressNow })
	p, err := svc.ForClient(context.Background(), f.caller, client)
	require.NoError(t, err)

	// Weeks from Monday: 2 Nov holds Thu 5 – Sun 8 (4 due, 5 and 6 done) plus Fri 6's two
	// measures (both answered); 9 Nov holds 9–15 (7 due; 10 done, 12 late) plus Fri 13's two
	// (answered); 16 Nov holds 16 and 17 (16 done; 17 still open). Fri 20 is not due yet.
	weeks := p.Adherence
	require.Len(t, weeks, 12)
	last := weeks[len(weeks)-3:]
	require.Equal(t, day("2026-11-02"), last[0].Start)
	require.Equal(t, progress.Week{Start: day("2026-11-02"), Done: 4, Due: 6}, last[0])
	require.Equal(t, progress.Week{Start: day("2026-11-09"), Done: 4, Due: 9}, last[1])
	require.Equal(t, progress.Week{Start: day("2026-11-16"), Done: 1, Due: 2}, last[2])
	for _, w := range weeks[:9] {
		require.Zero(t, w.Due)
	}

	require.Len(t, p.Calendars, 1)
	status := map[string]cadence.Status{}
	for _, d := range p.Calendars[0].Days {
		status[d.Date.String()] = d.Status
	}
	require.Equal(t, cadence.Done, status["2026-11-05"])
	require.Equal(t, cadence.Missed, status["2026-11-07"])
	require.Equal(t, cadence.Late, status["2026-11-12"])
	require.Equal(t, cadence.Due, status["2026-11-17"])
	require.Len(t, status, 13, "5 to 17 November")

	byKey := map[string]progress.Series{}
	for _, s := range p.Measures {
		byKey[s.Instrument.Key] = s
	}
	first, latest, change, ok := byKey["phq-9"].Change()
	require.True(t, ok)
	require.Equal(t, []int{18, 11}, []int{first, latest})
	require.Equal(t, checkins.Improved, change, "7 points down is more than the 6 the PHQ-9 needs")
	_, _, change, _ = byKey["gad-7"].Change()
	require.Equal(t, checkins.Worsened, change, "4 points up is exactly the GAD-7's reliable change")
	require.Equal(t, "moderately severe", byKey["phq-9"].Points[1].Band, "15 is the band's lower edge")
	require.Equal(t, "moderate", byKey["phq-9"].Points[2].Band)
}

func dateAt(d string, h, m int) time.Time {
	t, _ := time.Parse("2006-01-02", d)
	return t.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// The caseload puts open alerts first, then missed streaks, then worsening scores.
func TestCaseloadOrder(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	fine := f.client(t, "Ada Fine")
	worse := f.client(t, "Bo Worse")
	missing := f.client(t, "Cy Missing")
	alerted := f.client(t, "Di Alert")
	gad := f.assign(t, worse, "gad-7", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
		Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})
	f.answer(t, worse, gad, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.GAD7, 6)
	f.answer(t, worse, gad, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.GAD7, 12)
	f.assign(t, missing, "name-the-win", cadence.Rule{Kind: cadence.Daily, Start: day("2026-11-12"), At: cadence.Clock{Hour: 19}})
	apptest.RiskAlertFor(t, f.a, f.caller, alerted)
	_ = fine

	svc := progress.NewService(f.a.DB, clients.NewService(f.a.DB), func() time.Time { return progressNow })
	page, err := svc.Caseload(context.Background(), f.caller, 0, 50)
	require.NoError(t, err)
	es := page.Entries
	var names []string
	for _, e := range es {
		if e.Name != "Jo Client" { // the team fixture's own clients
			names = append(names, e.Name)
		}
	}
	require.Equal(t, []string{"Di Alert", "Cy Missing", "Bo Worse", "Ada Fine"}, names)
	for _, e := range es {
		switch e.Name {
		case "Cy Missing":
			require.Equal(t, 5, e.MissedStreak, "12 to 16 November missed; 17 is still open")
			require.Contains(t, e.Reasons, "missed the last 5 tasks in a row")
		case "Bo Worse":
			require.Equal(t, []string{checkins.GAD7.Title}, e.Worsening)
		case "Di Alert":
			require.Equal(t, 1, e.OpenAlerts)
		}
	}
	require.Equal(t, len(es), page.Total)
	require.Equal(t, 3, page.Flagged, "Ada and the fixture's own client have nothing flagged")

	// Pages follow the same order.
	second, err := svc.Caseload(context.Background(), f.caller, 1, 2)
	require.NoError(t, err)
	require.Len(t, second.Entries, 2)
	require.Equal(t, es[1].ClientID, second.Entries[0].ClientID)
	require.Equal(t, es[2].ClientID, second.Entries[1].ClientID)
	require.Equal(t, page.Total, second.Total)
	// A page past the end is empty and still counts the whole caseload.
	past, err := svc.Caseload(context.Background(), f.caller, page.Total, 10)
	require.NoError(t, err)
	require.Empty(t, past.Entries)
	require.Equal(t, page.Total, past.Total)
	require.Equal(t, page.Flagged, past.Flagged)
}

// The caseload sorts by the name the client has now and counts only active clients: a rename,
// an archive and a restore show on the next read (the summary carries both, migration 0035).
func TestCaseloadFollowsNamesAndArchiving(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	ctx := context.Background()
	ada, bo := f.client(t, "Ada Early"), f.client(t, "Bo Later")
	svc := progress.NewService(f.a.DB, clients.NewService(f.a.DB), func() time.Time { return progressNow })
	names := func() (out []string, total int) {
		page, err := svc.Caseload(ctx, f.caller, 0, 50)
		require.NoError(t, err)
		for _, e := range page.Entries {
			if e.ClientID == ada || e.ClientID == bo {
				out = append(out, e.Name)
			}
		}
		return out, page.Total
	}
	got, total := names()
	require.Equal(t, []string{"Ada Early", "Bo Later"}, got)

	cs := clients.NewService(f.a.DB)
	_, err := cs.Update(ctx, f.caller, bo, clients.Input{Name: "Abe Renamed", TimeZone: "UTC",
		ClinicianIDs: []uuid.UUID{f.caller.UserID}})
	require.NoError(t, err)
	got, _ = names()
	require.Equal(t, []string{"Abe Renamed", "Ada Early"}, got, "sorted by the new name")

	_, err = cs.SetArchived(ctx, f.caller, ada, true)
	require.NoError(t, err)
	got, archived := names()
	require.Equal(t, []string{"Abe Renamed"}, got)
	require.Equal(t, total-1, archived, "an archived client is not counted")

	_, err = cs.SetArchived(ctx, f.caller, ada, false)
	require.NoError(t, err)
	got, restored := names()
	require.Equal(t, []string{"Abe Renamed", "Ada Early"}, got)
	require.Equal(t, total, restored)
}

// The caseload's stored summary follows an answer at once, and a streak that grows with the
// clock alone shows on the next read or after the periodic refresh, with no write at all.
func TestCaseloadFollowsAnswersAndTime(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	ctx := context.Background()
	missing := f.client(t, "Cy Missing")
	daily := f.assign(t, missing, "name-the-win", cadence.Rule{Kind: cadence.Daily, Start: day("2026-11-12"), At: cadence.Clock{Hour: 19}})
	at := func(now time.Time) *progress.Service {
		return progress.NewService(f.a.DB, clients.NewService(f.a.DB), func() time.Time { return now })
	}
	streak := func(svc *progress.Service) int {
		page, err := svc.Caseload(ctx, f.caller, 0, 50)
		require.NoError(t, err)
		for _, e := range page.Entries {
			if e.ClientID == missing {
				return e.MissedStreak
			}
		}
		t.Fatal("client not on the caseload")
		return 0
	}
	require.Equal(t, 5, streak(at(progressNow)), "12 to 16 November missed")

	f.answer(t, missing, daily, "2026-11-16", dateAt("2026-11-17", 8, 0), nil, 0) // late, but done
	require.Equal(t, 0, streak(at(progressNow)), "the answer shows on the next read")

	// Two days on, 17 and 18 November have closed unanswered; no write happened meanwhile.
	require.Equal(t, 2, streak(at(progressNow.Add(48*time.Hour))))

	// A day later still, the periodic job refreshes the row before anyone looks.
	later := progressNow.Add(72 * time.Hour)
	require.NoError(t, (&progress.AttentionWorker{DB: f.a.DB, Now: func() time.Time { return later }}).Work(ctx, nil))
	var stored struct {
		MissedStreak int
		StaleAfter   time.Time
	}
	require.NoError(t, f.a.DB.InTenant(ctx, f.caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT missed_streak, stale_after FROM client_attention WHERE client_id = ?`, missing).Scan(&stored).Error
	}))
	require.Equal(t, 3, stored.MissedStreak)
	require.Equal(t, dateAt("2026-11-22", 0, 0), stored.StaleAfter.UTC(), "20 November, still open, closes at the start of the 22nd")
}

// The caseload's paging parameters are checked.
func TestCaseloadPagingInput(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "caseload-paging")
	tm.Fixture(t, a)
	b := tm.Browsers[practice.RoleClinician]
	for _, q := range []string{"limit=0", "limit=201", "limit=ten", "offset=-1"} {
		res := b.Do("GET", "/api/caseload?"+q, "", nil)
		require.Equal(t, 422, res.StatusCode, q)
		e := apptest.ReadError(t, res)
		require.Contains(t, e.Error.Fields, strings.SplitN(q, "=", 2)[0], q)
	}
	res := b.Do("GET", "/api/caseload?limit=1", "", nil)
	require.Equal(t, 200, res.StatusCode)
	var page struct {
		Clients []map[string]any `json:"clients"`
		Total   int              `json:"total"`
		Limit   int              `json:"limit"`
	}
	apptest.Decode(t, res, &page)
	require.Len(t, page.Clients, 1)
	require.Equal(t, 1, page.Limit)
	require.GreaterOrEqual(t, page.Total, 1)
}

// A client's record exports as CSV: answers by label, scores with bands, journal entries.
func TestClientRecordExport(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "export")
	client, couple := tm.Fixture(t, a)
	apptest.SeedHomework(t, a, tm.Caller(practice.RoleClinician), client, couple)
	res := tm.Browsers[practice.RoleClinician].Do("GET", "/api/clients/"+client.String()+"/export", "", nil)
	require.Equal(t, 200, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Type"), "text/csv")
	body := apptest.ReadBody(t, res)
	require.True(t, strings.HasPrefix(body, "record,date,submitted_at,exercise,item,answer,score,band\n"))
	require.Contains(t, body, "Heart racing", "a choice by its label")
	require.Contains(t, body, "score,")
	require.Contains(t, body, "minimal")
	require.Contains(t, body, "A calmer day.")
	require.Contains(t, apptest.AuditActions(t, a, tm.ID, client.String()), "client.export")

	other := apptest.SeedTeam(t, a, "elsewhere").Browsers[practice.RoleOwner]
	require.Equal(t, 404, other.Do("GET", "/api/clients/"+client.String()+"/export", "", nil).StatusCode)
}

// The printable report is a PDF with each measure's scores, bands and reliable change.
func TestProgressReportPDF(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	client := f.client(t, "Lee Report")
	phq := f.assign(t, client, "phq-9", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
		Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})
	f.answer(t, client, phq, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.PHQ9, 18)
	f.answer(t, client, phq, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.PHQ9, 11)
	res := f.tm.Browsers[practice.RoleClinician].Do("GET", "/api/clients/"+client.String()+"/report", "", nil)
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
	body := apptest.ReadBody(t, res)
	require.True(t, strings.HasPrefix(body, "%PDF-"))
	require.Contains(t, body, "%%EOF")
	text := reportText(t, body)
	require.Contains(t, text, "Lee Report")
	require.Contains(t, text, "From 18 to 11: improved")
	require.Contains(t, text, "moderately severe")
	require.Contains(t, apptest.AuditActions(t, f.a, f.tm.ID, client.String()), "client.report")
}

// The couple page puts every measure either partner answered side by side, so its progress
// carries each partner's measures with their bands and change, not only the weekly check-in.
func TestCoupleProgressHasEveryMeasureOfBothPartners(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	sam, alex := f.client(t, "Sam Measured"), f.client(t, "Alex Measured")
	k, err := clients.NewService(f.a.DB).CreateCouple(context.Background(), f.caller, clients.CoupleInput{Name: "Sam and Alex",
		Partners: []clients.Partner{{ClientID: sam, TrustRole: clients.TrustHurt}, {ClientID: alex, TrustRole: clients.TrustCausedHarm}}})
	require.NoError(t, err)
	weekly := cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"), Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}}
	samPHQ := f.assign(t, sam, "phq-9", weekly)
	f.answer(t, sam, samPHQ, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.PHQ9, 18)
	f.answer(t, sam, samPHQ, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.PHQ9, 11)
	samGAD := f.assign(t, sam, "gad-7", weekly)
	f.answer(t, sam, samGAD, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.GAD7, 8)
	alexPHQ := f.assign(t, alex, "phq-9", weekly)
	f.answer(t, alex, alexPHQ, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.PHQ9, 6)

	res := f.tm.Browsers[practice.RoleClinician].Do("GET", "/api/couples/"+k.ID.String()+"/progress", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var out struct {
		Partners []struct {
			Name     string
			Measures []struct {
				Instrument string
				Points     []struct {
					Total int
					Band  string
				}
				Change *struct{ Status string }
			}
			CheckIns []any `json:"checkins"`
		}
	}
	apptest.Decode(t, res, &out)
	require.Len(t, out.Partners, 2)
	byName := map[string]int{}
	for i, p := range out.Partners {
		byName[p.Name] = i
		require.NotNil(t, p.CheckIns, "the check-ins stay, empty when none")
	}
	s := out.Partners[byName["Sam Measured"]]
	require.Len(t, s.Measures, 2)
	require.Equal(t, "phq-9", s.Measures[0].Instrument, "in the library's order")
	require.Equal(t, "improved", s.Measures[0].Change.Status, "18 to 11 is a reliable improvement")
	require.Equal(t, "gad-7", s.Measures[1].Instrument)
	require.Nil(t, s.Measures[1].Change, "one score is no change yet")
	a := out.Partners[byName["Alex Measured"]]
	require.Len(t, a.Measures, 1)
	require.Equal(t, "phq-9", a.Measures[0].Instrument)
	require.Equal(t, "mild", a.Measures[0].Points[0].Band)
}

// A programme has its own row on the 60-day calendar, one day per step, each day with its
// step and the step's title; a paused day uses no step. A weekly exercise has no row.
func TestCalendarShowsProgrammes(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	ctx := context.Background()
	client := f.client(t, "Lee Programme")
	daily := f.assign(t, client, "name-the-win", cadence.Rule{Kind: cadence.Daily, Start: day("2026-11-16"), At: cadence.Clock{Hour: 19}})
	prog := f.assign(t, client, "thirty-days-of-repair", cadence.Rule{Kind: cadence.Programme, Start: day("2026-11-10"),
		Days: 30, At: cadence.Clock{Hour: 19}})
	f.assign(t, client, "phq-9", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
		Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})

	// Paused for the whole of Saturday 14 November.
	at := func(d string) func() time.Time { return func() time.Time { return dateAt(d, 0, 0) } }
	_, err := assignments.NewService(f.a.DB, clients.NewService(f.a.DB), at("2026-11-14")).Pause(ctx, f.caller, prog)
	require.NoError(t, err)
	_, err = assignments.NewService(f.a.DB, clients.NewService(f.a.DB), at("2026-11-15")).Resume(ctx, f.caller, prog)
	require.NoError(t, err)

	for _, d := range []string{"2026-11-10", "2026-11-11"} {
		f.answer(t, client, prog, d, dateAt(d, 19, 30), nil, 0)
	}
	f.answer(t, client, prog, "2026-11-13", dateAt("2026-11-14", 8, 0), nil, 0) // the next morning: late

	svc := progress.NewService(f.a.DB, clients.NewService(f.a.DB), func() time.Time { return progressNow })
	p, err := svc.ForClient(ctx, f.caller, client)
	require.NoError(t, err)
	byID := map[string]progress.Calendar{}
	for _, c := range p.Calendars {
		byID[c.AssignmentID.String()] = c
	}
	require.Len(t, byID, 2, "the daily exercise and the programme; the weekly measure has no row")
	require.Equal(t, cadence.Daily, byID[daily.String()].Kind)

	def, ok := library.LibraryExercise("thirty-days-of-repair")
	require.True(t, ok)
	c := byID[prog.String()]
	require.Equal(t, cadence.Programme, c.Kind)
	require.Equal(t, "Thirty days of steady repair", c.Title)
	// Wednesday 18 November at noon: the 18th is not due until 19:00, so it is not shown yet.
	want := []progress.Day{
		{Date: day("2026-11-10"), Status: cadence.Done, Step: 1},
		{Date: day("2026-11-11"), Status: cadence.Done, Step: 2},
		{Date: day("2026-11-12"), Status: cadence.Missed, Step: 3},
		{Date: day("2026-11-13"), Status: cadence.Late, Step: 4},
		{Date: day("2026-11-15"), Status: cadence.Missed, Step: 5},
		{Date: day("2026-11-16"), Status: cadence.Missed, Step: 6},
		{Date: day("2026-11-17"), Status: cadence.Due, Step: 7},
	}
	for i := range want {
		want[i].Label = def.Steps[want[i].Step-1].Title
	}
	require.Equal(t, want, c.Days)
	require.Equal(t, "Start from today", c.Days[0].Label)

	// Over HTTP (checked against the API document), each programme day names its step.
	var body struct {
		Calendar []struct {
			AssignmentID string `json:"assignment_id"`
			Kind         string `json:"kind"`
			Days         []struct {
				Date, Status, Label string
				Step                int
			} `json:"days"`
		} `json:"calendar"`
	}
	res := f.tm.Browsers[practice.RoleClinician].Do("GET", "/api/clients/"+client.String()+"/progress", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, res, &body)
	found := false
	for _, cal := range body.Calendar {
		if cal.AssignmentID != prog.String() {
			require.Equal(t, "daily", cal.Kind)
			require.Zero(t, cal.Days[0].Step, "a daily exercise's days have no step")
			continue
		}
		found = true
		require.Equal(t, "programme", cal.Kind)
		require.Len(t, cal.Days, 7)
		require.Equal(t, "2026-11-15", cal.Days[4].Date)
		require.Equal(t, 5, cal.Days[4].Step)
		require.Equal(t, def.Steps[4].Title, cal.Days[4].Label)
	}
	require.True(t, found)
}

// reportText extracts a PDF's text with poppler's pdftotext (scripts/deps.sh installs it).
func reportText(t *testing.T, pdf string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	require.NoError(t, err, "pdftotext is missing: run scripts/deps.sh (Debian's poppler-utils)")
	in := filepath.Join(t.TempDir(), "report.pdf")
	require.NoError(t, os.WriteFile(in, []byte(pdf), 0o600))
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	require.NoError(t, err)
	return string(out)
}

// The printable report shows a client's name as it is written, in any script: Latin with
// marks, Vietnamese, Chinese. Read back by a PDF reader, not by searching the file's bytes.
func TestProgressReportPDFUnicodeNames(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	clinician := f.tm.Browsers[practice.RoleClinician]
	for _, name := range []string{"Zoë Łukasiewicz", "李小龙", "Nguyễn Thị Ngọc"} {
		client := f.client(t, name)
		phq := f.assign(t, client, "phq-9", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
			Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})
		f.answer(t, client, phq, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.PHQ9, 18)
		f.answer(t, client, phq, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.PHQ9, 11)
		res := clinician.Do("GET", "/api/clients/"+client.String()+"/report", "", nil)
		require.Equal(t, 200, res.StatusCode)
		require.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
		text := reportText(t, apptest.ReadBody(t, res))
		require.Contains(t, text, "Progress report: "+name)
		require.Contains(t, text, "From 18 to 11: improved")
		require.Contains(t, text, "moderately severe")
	}
}

// An answer marks its client's summary row stale once: a second answer while the row waits for
// its refresh leaves the row as it is, with no new row version.
func TestAnswersMarkTheSummaryStaleOnce(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	ctx := context.Background()
	client := f.client(t, "Di Busy")
	daily := f.assign(t, client, "name-the-win", cadence.Rule{Kind: cadence.Daily, Start: day("2026-11-12"), At: cadence.Clock{Hour: 19}})
	version := func() (xmin string, stale bool) {
		require.NoError(t, f.a.DB.InTenant(ctx, f.caller.Scope(), func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT xmin::text, stale_after = '-infinity' FROM client_attention WHERE client_id = ?`,
				client).Row().Scan(&xmin, &stale)
		}))
		return xmin, stale
	}
	_, err := progress.NewService(f.a.DB, clients.NewService(f.a.DB), func() time.Time { return progressNow }).Caseload(ctx, f.caller, 0, 50)
	require.NoError(t, err) // the read refreshes the row: fresh now
	fresh, stale := version()
	require.False(t, stale)

	f.answer(t, client, daily, "2026-11-15", dateAt("2026-11-16", 8, 0), nil, 0)
	marked, stale := version()
	require.NotEqual(t, fresh, marked, "the first answer marks the row")
	require.True(t, stale)
	f.answer(t, client, daily, "2026-11-16", dateAt("2026-11-16", 9, 0), nil, 0)
	again, _ := version()
	require.Equal(t, marked, again, "the second answer finds it stale already and writes nothing")
}
