// Package bench seeds a practice at the volume the speed targets name and measures the
// server's answers against it (cmd/steady-bench, docs/benchmarks.md). It writes with COPY as
// the schema owner: going through the services would take hours for two million answers,
// and the services are what the measurement then exercises.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/datakeys"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/seal"
)

// Volume is what one seeded practice holds.
type Volume struct {
	Clinicians int
	Clients    int
	Answers    int // roughly: the history's length is chosen to reach it
}

// Target is the volume of the speed target in issue 5.
var Target = Volume{Clinicians: 200, Clients: 20_000, Answers: 2_000_000}

// ns makes the benchmark's ids stable, so a second run finds the practice it seeded.
var ns = uuid.MustParse("0b8f3c52-7e0a-4d3b-9a51-6c2de4f0a7b1")

// PracticeID is the benchmark practice.
var PracticeID = uuid.NewSHA1(ns, []byte("practice"))

// OwnerID and ClinicianID are the users the measurement signs in as.
var OwnerID = uuid.NewSHA1(ns, []byte("owner"))

// ClinicianID is the i-th clinician.
func ClinicianID(i int) uuid.UUID { return uuid.NewSHA1(ns, fmt.Appendf(nil, "clinician-%d", i)) }

// Counts is what a seeded practice holds, as counted in the database.
type Counts struct {
	Clinicians, Clients, Couples, Assignments, Answers, Scores, OpenAlerts int
}

// tenantTables are the tables the seed writes.
var tenantTables = []string{"practices", "practice_keys", "users", "memberships", "clients", "client_time_zones",
	"client_counts", "client_clinicians", "couples", "couple_partners", "couple_clinicians", "assignments",
	"responses", "scores", "risk_alerts", "client_attention", "homework_links", "reminder_schedules", "reminder_deliveries"}

// Seed writes a practice of volume v through pool (the schema owner), with histories ending
// at now. Each batch of clients commits on its own, two at a time: one transaction of two
// million rows slows down as it grows. COPY cannot run under row-level security, which is
// forced even on the owner, so the seed lifts it from the owner while it runs (the
// application role stays under it throughout) and puts it back at the end, also on failure.
// The benchmark's database is its own; a seed that stops half-way is dropped and redone.
func Seed(ctx context.Context, pool *pgxpool.Pool, v Volume, now time.Time) (_ Counts, err error) {
	g, err := newGenerator(v, now)
	if err != nil {
		return Counts{}, err
	}
	if err := forceRLS(ctx, pool, false); err != nil {
		return Counts{}, err
	}
	defer func() {
		if e := forceRLS(context.WithoutCancel(ctx), pool, true); err == nil {
			err = e
		}
	}()
	if err := inPractice(ctx, pool, func(tx pgx.Tx) error { return g.staff(ctx, tx) }); err != nil {
		return Counts{}, err
	}
	batches := make(chan int)
	errs := make(chan error, seedWorkers)
	var mu sync.Mutex
	for range seedWorkers {
		go func() {
			for from := range batches {
				var c Counts
				err := inPractice(ctx, pool, func(tx pgx.Tx) error {
					var err error
					c, err = g.clients(ctx, tx, from, min(from+batchClients, v.Clients))
					return err
				})
				if err != nil {
					errs <- err
					for range batches { // drain so the sender finishes
					}
					return
				}
				mu.Lock()
				g.counts.add(c)
				mu.Unlock()
			}
			errs <- nil
		}()
	}
	for from := 0; from < v.Clients; from += batchClients {
		batches <- from
	}
	close(batches)
	for range seedWorkers {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	return g.counts, err
}

func forceRLS(ctx context.Context, pool *pgxpool.Pool, on bool) error {
	verb := "NO FORCE"
	if on {
		verb = "FORCE"
	}
	for _, t := range tenantTables {
		if _, err := pool.Exec(ctx, `ALTER TABLE `+t+` `+verb+` ROW LEVEL SECURITY`); err != nil {
			return err
		}
	}
	return nil
}

// seedWorkers is how many batches are written at once.
const seedWorkers = 2

func inPractice(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := db.SetTenant(ctx, tx, db.Scope{PracticeID: PracticeID}); err != nil {
			return err
		}
		return fn(tx)
	})
}

func (c *Counts) add(o Counts) {
	c.Clients += o.Clients
	c.Couples += o.Couples
	c.Assignments += o.Assignments
	c.Answers += o.Answers
	c.Scores += o.Scores
	c.OpenAlerts += o.OpenAlerts
}

// batchClients is how many clients' rows go in one round of COPYs.
const batchClients = 500

// generator makes the rows. Everything it varies comes from a hash of the client's number,
// so a seed is the same every time.
type generator struct {
	v       Volume
	now     time.Time
	days    int // length of each client's history
	hash    string
	counts  Counts
	defs    map[string]*library.Definition
	defJSON map[string][]byte
	answers *answerBank
	key     *seal.Key // the practice's data key: seeded answers are sealed as real ones are
}

// The exercises every seeded client has: a daily log and a weekly measure.
var (
	dailyHarm    = "consistency-log"
	dailyHurt    = "follow-through-log"
	dailySolo    = "name-the-win"
	weeklyCouple = "trust-safety-check-in"
	weeklySolo   = "phq-9"
)

func newGenerator(v Volume, now time.Time) (*generator, error) {
	if v.Clinicians < 1 || v.Clients < 2 || v.Answers < v.Clients {
		return nil, fmt.Errorf("bench: volume %+v is too small", v)
	}
	g := &generator{v: v, now: now, defs: map[string]*library.Definition{}, defJSON: map[string][]byte{}}
	// A client answers about 88% of daily occurrences and 90% of weekly ones.
	perDay := 0.88 + 0.9/7
	g.days = max(14, int(math.Ceil(float64(v.Answers)/float64(v.Clients)/perDay))+2)
	for _, slug := range []string{dailyHarm, dailyHurt, dailySolo, weeklyCouple, weeklySolo} {
		d, ok := library.Find(slug)
		if !ok {
			return nil, fmt.Errorf("bench: no exercise %q", slug)
		}
		raw, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		g.defs[slug], g.defJSON[slug] = d, raw
	}
	var err error
	g.answers, err = newAnswerBank(g.defs)
	if err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(Password)
	g.hash = hash
	return g, err
}

// Password is every benchmark login's password; the practice exists only on a bench machine.
const Password = "steady-bench-2026"

// staff writes the practice, its owner and its clinicians.
func (g *generator) staff(ctx context.Context, tx pgx.Tx) error {
	created := g.now.AddDate(0, 0, -g.days-30)
	if _, err := tx.Exec(ctx, `INSERT INTO practices (id, name, created_at) VALUES ($1, 'Benchmark practice', $2)`,
		PracticeID, created); err != nil {
		return err
	}
	ring := datakeys.New(seal.DevKey())
	key, wrapped, err := ring.Make(PracticeID)
	if err != nil {
		return err
	}
	g.key = key
	if _, err := tx.Exec(ctx, `INSERT INTO practice_keys (practice_id, wrapped, master_id, created_at) VALUES ($1, $2, $3, $4)`,
		PracticeID, wrapped, ring.MasterID(), created); err != nil {
		return err
	}
	users := [][]any{{OwnerID, "owner@bench.steady.test", "Bench Owner", g.hash, created, created}}
	members := [][]any{{PracticeID, OwnerID, "owner", created}}
	for i := range g.v.Clinicians {
		id := ClinicianID(i)
		users = append(users, []any{id, fmt.Sprintf("clinician%d@bench.steady.test", i),
			fmt.Sprintf("Clinician %d", i), g.hash, created, created})
		members = append(members, []any{PracticeID, id, "clinician", created})
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"users"},
		[]string{"id", "email", "name", "password_hash", "created_at", "updated_at"}, pgx.CopyFromRows(users)); err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"memberships"},
		[]string{"practice_id", "user_id", "role", "created_at"}, pgx.CopyFromRows(members))
	g.counts.Clinicians = g.v.Clinicians
	return err
}

// client is one seeded client and what shapes their history.
type client struct {
	i         int
	id        uuid.UUID
	couple    uuid.UUID // uuid.Nil for individual work
	harm      bool      // in a couple: the partner who caused the harm
	clinician uuid.UUID
	loc       *time.Location
	created   time.Time
	h         uint32 // the client's hash: everything random about them
}

// A fifth of clients are in couples; couples' partners are consecutive and share a clinician.
func (g *generator) client(i int) client {
	f := fnv.New32a()
	fmt.Fprintf(f, "client-%d", i)
	c := client{i: i, id: uuid.NewSHA1(ns, fmt.Appendf(nil, "client-%d", i)), h: f.Sum32(),
		clinician: ClinicianID((i / 2) % g.v.Clinicians), created: g.now.AddDate(0, 0, -g.days-14)}
	if i < g.v.Clients/5/2*2 {
		c.couple = uuid.NewSHA1(ns, fmt.Appendf(nil, "couple-%d", i/2))
		c.harm = i%2 == 0
	}
	c.loc = zones[int(c.h%uint32(len(zones)))]
	return c
}

var zones = func() []*time.Location {
	var out []*time.Location
	for _, n := range []string{"Europe/London", "America/New_York", "America/Chicago", "America/Los_Angeles",
		"Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo"} {
		loc, err := time.LoadLocation(n)
		if err != nil {
			panic(err) // the tz database ships with Go (time/tzdata is linked by the binary)
		}
		out = append(out, loc)
	}
	return out
}()

// Kinds of history, by the client's hash: most answer steadily, some drifted off in the last
// days (a missed streak), some worsen on their measure, a few set off a risk alert.
func (c client) drifted() int {
	if c.h%100 < 5 {
		return 2 + int(c.h/100%5) // the last 2–6 days unanswered
	}
	return 0
}
func (c client) worsening() bool { return c.h/1000%100 < 4 }
func (c client) alert() bool     { return c.couple == uuid.Nil && c.h/100000%1000 < 5 }

// skips says whether an occurrence n of an assignment went unanswered by chance.
func (c client) skips(assignment, n int, pct uint32) bool {
	f := fnv.New32a()
	fmt.Fprintf(f, "%d-%d-%d", c.i, assignment, n)
	return f.Sum32()%100 < pct
}

// cadenceDate is a time.Time's calendar day in UTC, for date columns.
func cadenceDate(d cadence.Date) time.Time { return d.UTC() }
