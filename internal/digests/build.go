package digests

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/steadyhq/steady/internal/safety"
)

// keptRun is how many tasks done in a row count as a win on their own.
const keptRun = 5

// build makes a person's digest for the days [from, to] from the stored caseload summary: the
// clients assigned to them (clinical details, so only for a role that does clinical work, never
// an admin's; an owner's emergency grants add nothing), and for those who see the whole roster,
// the practice's week, which is counts by clinician and never a client's details.
func build(ctx context.Context, tx *db.Tx, userID uuid.UUID, role practice.Role, loc *time.Location,
	from, to cadence.Date, now time.Time) (*Content, error) {
	out := &Content{PeriodStart: from, PeriodEnd: to}
	var mine []clients.Case
	var err error
	if practice.Can(role, practice.ClinicalRecord) {
		if mine, err = clients.Cases(ctx, tx, &userID); err != nil {
			return nil, err
		}
	}
	if len(mine) > 0 {
		if out.Caseload, err = caseload(ctx, tx, mine, from, to, now); err != nil {
			return nil, err
		}
	}
	if practice.Can(role, practice.AllClients) {
		if out.Practice, err = practiceWeek(ctx, tx, loc, from, to, now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// refreshFirst bounds the stale rows of a clinician's clients refreshed before their digest is
// read, as the caseload page does: an answer just given counts; the periodic refresh job keeps
// the rest at most a minute behind.
const refreshFirst = 25

// caseload is a clinician's week, one line per client or couple.
func caseload(ctx context.Context, tx *db.Tx, cases []clients.Case, from, to cadence.Date, now time.Time) (*Caseload, error) {
	if _, err := progress.RefreshStaleOf(ctx, tx, caseIDs(cases), now, refreshFirst); err != nil {
		return nil, err
	}
	weeks, err := weeksOf(ctx, tx, cases, from, to, now)
	if err != nil {
		return nil, err
	}
	names := map[uuid.UUID]string{}
	for _, c := range cases {
		names[c.ClientID] = c.Name
	}
	ls := lines(cases)
	due, err := safety.Due(ctx, tx, coupleIDs(ls), now)
	if err != nil {
		return nil, err
	}
	out := &Caseload{Clients: len(cases), Attention: []Line{}, Wins: []Line{}, Lines: []Line{},
		MeasuresDue: []Item{}, EndingSoon: []Item{}}
	for _, l := range ls {
		var attention, wins []string
		for _, id := range l.clients {
			w := weeks[id]
			who := ""
			if l.Kind == "couple" {
				who = names[id] + ": "
			}
			attention = append(attention, prefixed(who, attentionReasons(w))...)
			wins = append(wins, prefixed(who, winReasons(w))...)
			l.Due, l.Done = l.Due+w.Due, l.Done+w.Done
			out.MeasuresDue = append(out.MeasuresDue, items(id, names[id], w.MeasuresDue)...)
			out.EndingSoon = append(out.EndingSoon, items(id, names[id], w.Ending)...)
		}
		if why, ok := due[l.ID]; ok && l.Kind == "couple" {
			attention = append(attention, why)
		}
		out.Due, out.Done = out.Due+l.Due, out.Done+l.Done
		out.Lines = append(out.Lines, l)
		if len(attention) > 0 {
			out.Attention = append(out.Attention, withReasons(l, attention))
		}
		if len(wins) > 0 {
			out.Wins = append(out.Wins, withReasons(l, wins))
		}
	}
	return out, nil
}

// coupleIDs lists the couples among the lines.
func coupleIDs(ls []Line) []uuid.UUID {
	var out []uuid.UUID
	for _, l := range ls {
		if l.Kind == "couple" {
			out = append(out, l.ID)
		}
	}
	return out
}

// weeksOf reads the stored week of each case's client, by client.
func weeksOf(ctx context.Context, tx *db.Tx, cases []clients.Case, from, to cadence.Date, now time.Time) (map[uuid.UUID]progress.ClientWeek, error) {
	ws, err := progress.Weeks(ctx, tx, caseIDs(cases), from, to, now)
	out := make(map[uuid.UUID]progress.ClientWeek, len(ws))
	for _, w := range ws {
		out[w.ClientID] = w
	}
	return out, err
}

// lines groups cases into one line per client, and one per couple with its partners, in the
// cases' order (by name); a couple's line sits where its first partner would.
func lines(cases []clients.Case) []Line {
	var out []Line
	at := map[uuid.UUID]int{}
	for _, c := range cases {
		if c.CoupleID == nil {
			out = append(out, Line{Kind: "client", ID: c.ClientID, Name: c.Name, clients: []uuid.UUID{c.ClientID}})
			continue
		}
		i, ok := at[*c.CoupleID]
		if !ok {
			at[*c.CoupleID], i = len(out), len(out)
			out = append(out, Line{Kind: "couple", ID: *c.CoupleID, Name: *c.CoupleName})
		}
		out[i].Partners = append(out[i].Partners, Partner{ID: c.ClientID, Name: c.Name})
		out[i].clients = append(out[i].clients, c.ClientID)
	}
	return out
}

func withReasons(l Line, reasons []string) Line {
	l.Reasons = reasons
	return l
}

func prefixed(who string, reasons []string) []string {
	for i := range reasons {
		reasons[i] = who + reasons[i]
	}
	return reasons
}

// attentionReasons are what calls for a look this week.
func attentionReasons(w progress.ClientWeek) []string {
	var out []string
	if w.OpenAlerts > 0 {
		out = append(out, fmt.Sprintf("%d open risk alert%s", w.OpenAlerts, plural(w.OpenAlerts)))
	}
	if w.MissedStreak >= 2 {
		out = append(out, fmt.Sprintf("missed the last %d tasks in a row", w.MissedStreak))
	}
	for _, c := range w.Worsening {
		out = append(out, fmt.Sprintf("%s worse by a reliable change (%d → %d)", c.Title, c.First, c.Latest))
	}
	return out
}

// winReasons are what went well.
func winReasons(w progress.ClientWeek) []string {
	var out []string
	for _, c := range w.Improving {
		out = append(out, fmt.Sprintf("%s better by a reliable change (%d → %d)", c.Title, c.First, c.Latest))
	}
	switch {
	case w.Due > 0 && w.Done == w.Due:
		out = append(out, fmt.Sprintf("did every task this week (%d of %d)", w.Done, w.Due))
	case w.KeptStreak >= keptRun:
		out = append(out, fmt.Sprintf("%d tasks done in a row", w.KeptStreak))
	}
	for _, c := range w.Completed {
		out = append(out, "finished "+c.Title)
	}
	return out
}

func items(id uuid.UUID, name string, ds []progress.Dated) []Item {
	out := make([]Item, 0, len(ds))
	for _, d := range ds {
		out = append(out, Item{ClientID: id, Name: name, Title: d.Title, Date: d.Date})
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// practiceWeek is the practice's week: adherence by clinician, the alerts and how fast they
// were acknowledged, clients without a clinician, seats in use.
func practiceWeek(ctx context.Context, tx *db.Tx, loc *time.Location, from, to cadence.Date, now time.Time) (*PracticeWeek, error) {
	all, err := clients.Cases(ctx, tx, nil)
	if err != nil {
		return nil, err
	}
	weeks, err := weeksOf(ctx, tx, all, from, to, now)
	if err != nil {
		return nil, err
	}
	members, err := practice.ActiveWithRoles(ctx, tx, practice.Roles()...)
	if err != nil {
		return nil, err
	}
	out := &PracticeWeek{Seats: len(members), Clinicians: []ClinicianWeek{}}
	by := map[uuid.UUID]*ClinicianWeek{}
	for _, c := range all {
		w := weeks[c.ClientID]
		out.Due, out.Done = out.Due+w.Due, out.Done+w.Done
		if len(c.Clinicians) == 0 {
			out.Unassigned++
		}
		for _, u := range c.Clinicians {
			if by[u] == nil {
				by[u] = &ClinicianWeek{UserID: u}
			}
			by[u].Clients, by[u].Due, by[u].Done = by[u].Clients+1, by[u].Due+w.Due, by[u].Done+w.Done
		}
	}
	if err := nameClinicians(ctx, tx, members, by, out); err != nil {
		return nil, err
	}
	start := cadence.WallTime(from, cadence.Clock{}, loc)
	end := cadence.WallTime(to.AddDays(1), cadence.Clock{}, loc)
	alerts, err := checkins.AlertsBetween(ctx, tx, start, end)
	if err != nil {
		return nil, err
	}
	out.AlertsRaised, out.AlertsAcknowledged, out.AlertsOpen = alerts.Raised, alerts.Acknowledged, alerts.OpenNow
	if alerts.MedianAck != nil {
		m := int(alerts.MedianAck.Round(time.Minute) / time.Minute)
		out.MedianAckMinutes = &m
	}
	return out, nil
}

// nameClinicians lists every active member with clients, by name (UsersByName's order).
func nameClinicians(ctx context.Context, tx *db.Tx, members []uuid.UUID, by map[uuid.UUID]*ClinicianWeek, out *PracticeWeek) error {
	people, err := auth.UsersByName(ctx, tx, members)
	for _, p := range people {
		if w := by[p.ID]; w != nil {
			w.Name = p.Name
			out.Clinicians = append(out.Clinicians, *w)
		}
	}
	return err
}

func caseIDs(cases []clients.Case) []uuid.UUID {
	ids := make([]uuid.UUID, len(cases))
	for i, c := range cases {
		ids[i] = c.ClientID
	}
	return ids
}
