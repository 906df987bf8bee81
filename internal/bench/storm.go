package bench

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/reminders"
	"github.com/steadyhq/steady/internal/seal"
)

// StormOptions size the reminder storm: how many reminders fall due in the same minute, and
// how many jobs River works at once.
type StormOptions struct {
	Options
	Reminders int
	Workers   int
	Limit     time.Duration // the target: every reminder handed to the provider within this
	Latency   time.Duration // how long the fake provider takes per message, as a real one would
	Profile   io.Writer     // when set, a CPU profile of this process during the storm (not the seed or the baseline)
}

// provider is the recording fake provider: it keeps each message's idempotency key (its
// Message-ID) and counts any key seen twice.
type provider struct {
	latency time.Duration
	mu      sync.Mutex
	keys    map[string]int
	first   time.Time
	last    time.Time
}

func (r *provider) Send(_ context.Context, m notify.Message) error {
	time.Sleep(r.latency)
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if len(r.keys) == 0 {
		r.first = now
	}
	r.keys[m.ID]++
	r.last = now
	return nil
}

func (r *provider) counts() (unique, received int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.keys {
		unique++
		received += n
	}
	return unique, received
}

// Storm seeds a practice whose every client has a reminder due now, then runs the real
// dispatcher and the real sender under River against the recording provider, and prints how
// long it took until every reminder was handed over, and how many were handed over twice. A
// baseline in the same run works as many empty River jobs on the same client settings: the
// ceiling this machine puts on any job.
func Storm(ctx context.Context, o StormOptions, w io.Writer) error {
	ownerURL, appURL, err := o.urls()
	if err != nil {
		return err
	}
	if err := o.createDatabase(ctx, true); err != nil {
		return err
	}
	if err := db.Migrate(ctx, ownerURL, slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	start := time.Now()
	if err := seedStorm(ctx, ownerURL, o.Reminders, start); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(w, "Seeded %d clients, each with a live link and a reminder due now, in %s.\n\n",
		o.Reminders, time.Since(start).Round(time.Second))
	d, err := openApp(ctx, appURL)
	if err != nil {
		return err
	}
	defer d.Close()

	cpu := cpuNow()
	base, err := emptyJobs(ctx, d, o)
	if err != nil {
		return err
	}
	baseCPU := cpu.since()
	printBaseline(w, "Baseline", o.Reminders, base, baseCPU)

	rec := &provider{keys: map[string]int{}, latency: o.Latency}
	workers := river.NewWorkers()
	river.AddWorker(workers, &reminders.SendWorker{DB: d, Mailer: rec, Key: seal.DevKey(), PublicURL: "https://steady.example"})
	client, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{Logger: slog.New(slog.DiscardHandler),
		Queues: map[string]river.QueueConfig{reminders.Queue: o.queue()}, Workers: workers})
	if err != nil {
		return err
	}
	d.SetJobs(client)
	if o.Profile != nil {
		if err := pprof.StartCPUProfile(o.Profile); err != nil {
			return err
		}
	}
	start, cpu = time.Now(), cpuNow()
	if err := client.Start(ctx); err != nil {
		return err
	}
	defer client.Stop(context.WithoutCancel(ctx))
	handed, err := reminders.Dispatch(ctx, d, seal.DevKey(), start)
	if err != nil {
		return err
	}
	dispatched := time.Since(start)
	for {
		if u, _ := rec.counts(); u >= handed || time.Since(start) > 3*o.Limit {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	took, used := time.Since(start), cpu.since()
	if o.Profile != nil {
		pprof.StopCPUProfile()
	}
	unique, received := rec.counts()
	// River's baseline again, the storm's workers stopped: the machine's speed drifts over a
	// minute by as much as the goals' margins, so the ratios are to the mean of the two runs
	// that bracket the storm.
	if err := client.Stop(ctx); err != nil {
		return err
	}
	cpu = cpuNow()
	again, err := emptyJobs(ctx, d, o)
	if err != nil {
		return err
	}
	againCPU := cpu.since()
	verdict := "yes"
	if unique < o.Reminders || took > o.Limit || received != unique {
		verdict = "NO"
	}
	fmt.Fprintf(w, "Storm: %d reminders due in the same minute; dispatched (jobs inserted, schedules advanced) in %s;\n"+
		"all %d handed to the provider %s after the start (%.0f/s), %d duplicates. Within %s with none twice: %s.\n",
		o.Reminders, dispatched.Round(time.Millisecond), unique, took.Round(time.Millisecond),
		float64(unique)/took.Seconds(), received-unique, o.Limit, verdict)
	if unique > 0 {
		fmt.Fprintf(w, "CPU time per reminder: %s in all, %s of it this process (River, the workers, the provider), "+
			"the rest PostgreSQL.\n", (used.machine / time.Duration(unique)).Round(time.Microsecond),
			(used.self / time.Duration(unique)).Round(time.Microsecond))
	}
	printBaseline(w, "Baseline again, after the storm", o.Reminders, again, againCPU)
	if unique > 0 {
		riverRate := float64(2*o.Reminders) / (base + again).Seconds()
		riverCPU := float64(baseCPU.machine+againCPU.machine) / float64(2*o.Reminders)
		stormRatios(w, float64(unique)/took.Seconds()/riverRate, float64(used.machine)/float64(unique)/riverCPU)
	}
	return nil
}

// printBaseline prints one run of River's empty jobs: n of them in took, using cpu.
func printBaseline(w io.Writer, label string, n int, took time.Duration, cpu cpuUse) {
	fmt.Fprintf(w, "%s: %d empty River jobs inserted and worked in %s (%.0f jobs/s); CPU time per job: %s in all, %s of it this process.\n",
		label, n, took.Round(time.Millisecond), float64(n)/took.Seconds(),
		(cpu.machine / time.Duration(n)).Round(time.Microsecond), (cpu.self / time.Duration(n)).Round(time.Microsecond))
}

// The storm's goals of issue 19, as ratios to River's empty jobs in the same run.
const (
	stormRateGoal = 0.50 // reminders handed over a second, at least this share of River's jobs a second
	stormCPUGoal  = 2.5  // the machine's CPU per reminder, at most this many times River's per job
)

// stormRatios prints the storm's two ratios to River's baseline beside their goals.
func stormRatios(w io.Writer, rate, cpu float64) {
	fmt.Fprintf(w, "\n| ratio (storm to River's empty jobs, both runs) | measured | goal | met |\n|---|--:|--:|:-:|\n")
	fmt.Fprintf(w, "| reminders a second | %.1f%% | ≥ %.0f%% | %s |\n", rate*100, stormRateGoal*100, yesNo(rate >= stormRateGoal))
	fmt.Fprintf(w, "| CPU per reminder | %.2f× | ≤ %.1f× | %s |\n", cpu, stormCPUGoal, yesNo(cpu <= stormCPUGoal))
}

// queue is the application's configuration of the reminders' queue, with the workers asked for.
func (o StormOptions) queue() river.QueueConfig {
	q := reminders.QueueConfig()
	if o.Workers > 0 {
		q.MaxWorkers = o.Workers
	}
	return q
}

// emptyJobs times n jobs that do nothing, inserted in batches and worked by a client with the
// same settings: River's own cost on this machine.
func emptyJobs(ctx context.Context, d *db.DB, o StormOptions) (time.Duration, error) {
	var mu sync.Mutex
	done := 0
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(func(context.Context, *river.Job[emptyArgs]) error {
		mu.Lock()
		done++
		mu.Unlock()
		return nil
	}))
	client, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{Logger: slog.New(slog.DiscardHandler),
		Queues: map[string]river.QueueConfig{"baseline": o.queue()}, Workers: workers})
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := client.Start(ctx); err != nil {
		return 0, err
	}
	defer client.Stop(context.WithoutCancel(ctx))
	for i := 0; i < o.Reminders; i += 1000 {
		params := make([]river.InsertManyParams, 0, 1000)
		for j := i; j < min(i+1000, o.Reminders); j++ {
			params = append(params, river.InsertManyParams{Args: emptyArgs{N: j}, InsertOpts: &river.InsertOpts{Queue: "baseline"}})
		}
		if _, err := client.InsertMany(ctx, params); err != nil {
			return 0, err
		}
	}
	for {
		mu.Lock()
		n := done
		mu.Unlock()
		if n >= o.Reminders || time.Since(start) > 3*o.Limit {
			return time.Since(start), nil
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type emptyArgs struct {
	N int `json:"n"`
}

func (emptyArgs) Kind() string { return "bench_empty" }

// stormPractice is the storm's own practice.
var stormPractice = uuid.NewSHA1(ns, []byte("storm"))

// seedStorm writes n clients in UTC, each with an email address, consent, a live homework link
// and a daily exercise whose reminder is due a minute before now, and yesterday's was sent.
func seedStorm(ctx context.Context, ownerURL string, n int, now time.Time) error {
	pool, err := pgxpool.New(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := forceRLS(ctx, pool, false); err != nil {
		return err
	}
	defer forceRLS(context.WithoutCancel(ctx), pool, true)
	def, ok := library.Find(dailySolo)
	if !ok {
		return fmt.Errorf("no exercise %q", dailySolo)
	}
	raw, err := jsonOf(def)
	if err != nil {
		return err
	}
	created := now.Add(-48 * time.Hour)
	today := cadence.DateOf(now, time.UTC)
	if _, err := pool.Exec(ctx, `INSERT INTO practices (id, name, created_at) VALUES ($1, 'Storm practice', $2)`,
		stormPractice, created); err != nil {
		return err
	}
	var cs, zs, ls, as, ds [][]any
	for i := range n {
		id := uuid.NewSHA1(stormPractice, fmt.Appendf(nil, "client-%d", i))
		hash := make([]byte, 32)
		_, _ = rand.Read(hash)
		cs = append(cs, []any{stormPractice, id, fmt.Sprintf("Client %d", i), fmt.Sprintf("c%d@storm.example", i), "UTC", true, created, created})
		zs = append(zs, []any{stormPractice, id, created, "UTC"})
		ls = append(ls, []any{stormPractice, uuid.NewSHA1(id, []byte("link")), id, hash, created, now.Add(30 * 24 * time.Hour)})
		aid := uuid.NewSHA1(id, []byte("assignment"))
		as = append(as, []any{stormPractice, aid, id, aid, dailySolo, raw, def.Title, "daily", today.AddDays(-1).UTC(), "19:00", created, created})
		// Yesterday's reminder, sent: a practice this size has a history, and the planner its figures.
		token := make([]byte, 32)
		_, _ = rand.Read(token)
		ds = append(ds, []any{stormPractice, uuid.NewSHA1(aid, []byte("yesterday")), id, aid, today.AddDays(-1).UTC(),
			"reminder", "email", "sent", now.Add(-24 * time.Hour), token, uuid.NewSHA1(id, []byte("link"))})
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"clients", []string{"practice_id", "id", "name", "email", "time_zone", "consent_email", "created_at", "updated_at"}, cs},
		{"client_time_zones", []string{"practice_id", "client_id", "effective_from", "time_zone"}, zs},
		{"homework_links", []string{"practice_id", "id", "client_id", "token_hash", "created_at", "expires_at"}, ls},
		{"assignments", []string{"practice_id", "id", "client_id", "group_id", "library_slug", "definition", "title", "kind",
			"start_date", "at_time", "created_at", "updated_at"}, as},
		{"reminder_deliveries", []string{"practice_id", "id", "client_id", "assignment_id", "occurrence_date", "kind",
			"channel", "status", "sent_at", "token_hash", "link_id"}, ds},
	} {
		// A thousand rows a transaction: each new client adds one to its practice's stored count
		// (client_counts' row trigger), and one transaction updating the same row 100,000
		// times walks an ever longer chain of its versions (over three minutes, against two
		// seconds in chunks).
		for from := 0; from < len(c.rows); from += 1000 {
			rows := c.rows[from:min(from+1000, len(c.rows))]
			if _, err := pool.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("copy %s: %w", c.table, err)
			}
		}
	}
	if _, err := pool.Exec(ctx, `UPDATE reminder_schedules SET next_fire_at = $1, occurrence_date = $2, kind = 'reminder'`,
		now.Add(-time.Minute), today.UTC()); err != nil {
		return err
	}
	_, err = pool.Exec(ctx, `VACUUM ANALYZE`)
	return err
}
