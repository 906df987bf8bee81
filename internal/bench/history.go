package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
)

// rows collects one batch's rows per table, in the order they must be copied.
type rows struct {
	clients, zones, clinicians, couples, partners, coupleClinicians, assignments, responses, scores, alerts [][]any
}

var copies = []struct {
	table string
	cols  []string
	pick  func(*rows) [][]any
}{
	{"clients", []string{"practice_id", "id", "name", "time_zone", "consent_email", "created_at", "updated_at"},
		func(r *rows) [][]any { return r.clients }},
	{"client_time_zones", []string{"practice_id", "client_id", "effective_from", "time_zone"},
		func(r *rows) [][]any { return r.zones }},
	{"client_clinicians", []string{"practice_id", "client_id", "user_id"}, func(r *rows) [][]any { return r.clinicians }},
	{"couples", []string{"practice_id", "id", "name", "created_at"}, func(r *rows) [][]any { return r.couples }},
	{"couple_partners", []string{"practice_id", "couple_id", "client_id", "trust_role"}, func(r *rows) [][]any { return r.partners }},
	{"couple_clinicians", []string{"practice_id", "couple_id", "user_id"}, func(r *rows) [][]any { return r.coupleClinicians }},
	{"assignments", []string{"practice_id", "id", "client_id", "couple_id", "group_id", "library_slug", "definition",
		"title", "kind", "start_date", "weekday_mask", "at_time", "created_by", "created_at", "updated_at"},
		func(r *rows) [][]any { return r.assignments }},
	{"responses", []string{"practice_id", "id", "assignment_id", "client_id", "occurrence_date", "answers_sealed",
		"idempotency_key", "submitted_at"}, func(r *rows) [][]any { return r.responses }},
	{"scores", []string{"practice_id", "response_id", "client_id", "assignment_id", "instrument", "total", "band",
		"items", "scored_at"}, func(r *rows) [][]any { return r.scores }},
	{"risk_alerts", []string{"practice_id", "id", "client_id", "response_id", "instrument", "item", "reason", "created_at"},
		func(r *rows) [][]any { return r.alerts }},
}

// clients writes clients [from, to) with their clinicians, couples, assignments and history,
// and returns what it wrote.
func (g *generator) clients(ctx context.Context, tx pgx.Tx, from, to int) (Counts, error) {
	var r rows
	for i := from; i < to; i++ {
		c := g.client(i)
		g.person(&r, c)
		daily, weekly := dailySolo, weeklySolo
		if c.couple != uuid.Nil {
			daily, weekly = dailyHurt, weeklyCouple
			if c.harm {
				daily = dailyHarm
			}
		}
		g.history(&r, c, 0, daily, cadence.Rule{Kind: cadence.Daily, At: cadence.Clock{Hour: 20}})
		g.history(&r, c, 1, weekly, cadence.Rule{Kind: cadence.Weekly, At: cadence.Clock{Hour: 18},
			Weekdays: []time.Weekday{time.Sunday}})
	}
	for _, cp := range copies {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{cp.table}, cp.cols, pgx.CopyFromRows(cp.pick(&r))); err != nil {
			return Counts{}, fmt.Errorf("copy %s: %w", cp.table, err)
		}
	}
	return Counts{Clients: to - from, Couples: len(r.couples), Assignments: len(r.assignments),
		Answers: len(r.responses), Scores: len(r.scores), OpenAlerts: len(r.alerts)}, nil
}

var firstNames = []string{"Ada", "Ben", "Cleo", "Dev", "Esme", "Farid", "Gwen", "Hugo", "Ines", "Jon",
	"Kemi", "Luca", "Mira", "Nils", "Omar", "Pia", "Quin", "Rosa", "Sami", "Tess", "Uma", "Vik", "Wren", "Yara"}
var lastNames = []string{"Abbott", "Bauer", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito",
	"Jensen", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Tanaka"}

// person adds the client, their time zone, clinician and couple.
func (g *generator) person(r *rows, c client) {
	name := fmt.Sprintf("%s %s %d", firstNames[c.i%len(firstNames)], lastNames[c.i/len(firstNames)%len(lastNames)], c.i)
	r.clients = append(r.clients, []any{PracticeID, c.id, name, c.loc.String(), true, c.created, c.created})
	r.zones = append(r.zones, []any{PracticeID, c.id, c.created, c.loc.String()})
	if c.couple == uuid.Nil {
		r.clinicians = append(r.clinicians, []any{PracticeID, c.id, c.clinician})
		return
	}
	if c.harm { // the first partner brings the couple
		r.couples = append(r.couples, []any{PracticeID, c.couple, fmt.Sprintf("Couple %d", c.i/2), c.created})
		r.coupleClinicians = append(r.coupleClinicians, []any{PracticeID, c.couple, c.clinician})
	}
	role := "hurt"
	if c.harm {
		role = "caused_harm"
	}
	r.partners = append(r.partners, []any{PracticeID, c.couple, c.id, role})
}

// history adds one assignment from the start of the history and its answers: most
// occurrences answered half an hour after they were due.
func (g *generator) history(r *rows, c client, n int, slug string, rule cadence.Rule) {
	def := g.defs[slug]
	start := cadence.DateOf(g.now, time.UTC).AddDays(-g.days)
	rule.Start = start
	var couple *uuid.UUID
	if c.couple != uuid.Nil {
		couple = &c.couple
	}
	a := &assignments.Assignment{PracticeID: PracticeID, ID: uuid.NewSHA1(c.id, fmt.Appendf(nil, "assignment-%d", n)),
		ClientID: c.id, CoupleID: couple, Kind: string(rule.Kind), StartDate: start.UTC(), AtTime: rule.At.String()}
	for _, d := range rule.Weekdays {
		a.WeekdayMask |= 1 << d
	}
	r.assignments = append(r.assignments, []any{PracticeID, a.ID, c.id, couple, a.ID, slug, g.defJSON[slug],
		def.Title, a.Kind, a.StartDate, a.WeekdayMask, a.AtTime, c.clinician, c.created, c.created})
	occ := a.Plan([]cadence.Zone{{From: c.created, Loc: c.loc}}).Between(a.StartDate, g.now)
	pct := uint32(12) // daily: about one in eight missed
	if rule.Kind == cadence.Weekly {
		pct = 10
	}
	for k, o := range occ {
		at := o.Due.Add(30 * time.Minute)
		recent := len(occ)-k <= c.drifted() && rule.Kind == cadence.Daily
		if !at.Before(g.now) || recent || c.skips(n, k, pct) {
			continue
		}
		v := g.variant(c, k, len(occ))
		alert := c.alert() && k == len(occ)-1
		ans := g.answers.get(slug, v, alert)
		id := uuid.NewSHA1(a.ID, []byte(o.Date.String()))
		r.responses = append(r.responses, []any{PracticeID, id, a.ID, c.id, cadenceDate(o.Date),
			g.key.Seal(ans.json, checkins.AnswersPurpose(id)),
			uuid.NewSHA1(id, []byte("key")), at})
		if ans.score == nil {
			continue
		}
		r.scores = append(r.scores, []any{PracticeID, id, c.id, a.ID, def.Measure, ans.score.Total, ans.score.Band,
			ans.items, at})
		for _, risk := range ans.score.Risks {
			r.alerts = append(r.alerts, []any{PracticeID, uuid.NewSHA1(id, []byte(risk.Item)), c.id, id,
				def.Measure, risk.Item, risk.Reason, at})
		}
	}
}

// variant picks how an answer leans (0 best … variants-1 worst) for occurrence k of n:
// worsening clients drift towards the worst, the others ease towards the best with a wobble.
func (g *generator) variant(c client, k, n int) int {
	if c.worsening() {
		return min(variants-1, 1+(variants-2)*k/max(1, n-1))
	}
	v := 4 - 3*k/max(1, n-1) + int((c.h>>uint(k%16))&1)
	return max(0, min(variants-1, v))
}
