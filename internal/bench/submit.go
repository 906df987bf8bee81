package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
)

// SubmitOptions size the submit benchmark: how many connections send at once, how many
// answers each side sends per round, and how many rounds alternate between the sides.
type SubmitOptions struct {
	Options
	Conns    int
	Requests int
	Rounds   int
	Profile  io.Writer // when set, a CPU profile of this process during Steady's measured rounds
}

// The submit goals of issue 19, as ratios to the bare baseline in the same run.
const (
	submitThroughputGoal = 0.70 // Steady's answers per second, at least this share of the baseline's
	submitP99Goal        = 2.0  // Steady's p99, at most this many times the baseline's
	submitCPUGoal        = 1.6  // Steady's CPU per answer, at most this many times the baseline's
)

// submitExercise is what the clients answer: a daily exercise of free text and a scale, which
// needs no safety screen.
const submitExercise = "name-the-win"

// Submit measures POST /api/homework/responses over real HTTP beside a bare baseline served
// from the same process: Echo and pgx doing only what any tenant write must (BEGIN; set the
// tenant; INSERT into a table under forced row-level security; COMMIT), and the same with one
// River job inserted in the transaction. Every Steady answer goes to an open occurrence made
// through the real services, by a client signed in through their own homework link.
func Submit(ctx context.Context, o SubmitOptions, w io.Writer) error {
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
	if err := createBaselineTable(ctx, ownerURL, o.AppRole); err != nil {
		return err
	}
	a, err := app.Build(ctx, app.Config{Env: "development", PublicURL: "http://localhost:8080", DatabaseURL: appURL,
		MigrationDatabaseURL: ownerURL, SMTPFrom: "bench@localhost", SMTPTLS: "none"}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer a.DB.Close()
	start := time.Now()
	warm := min(200, o.Requests/4) // a round on each side first, unmeasured: connections, caches, plans
	practiceID, work, pages, err := submitWork(ctx, a, warm+o.Rounds*o.Requests)
	if err != nil {
		return err
	}
	// The periodic job's work, done once: every summary fresh before the first answer.
	if _, err := progress.RefreshPractice(ctx, a.DB, practiceID, time.Now()); err != nil {
		return err
	}
	// And the statistics autovacuum keeps on a database in use. Without them the planner
	// guesses at tables it has never measured: the session check's generic plan read every
	// live link and active client of the practice (23 buffers) instead of one of each (6).
	if err := vacuum(ctx, ownerURL); err != nil {
		return err
	}
	fmt.Fprintf(w, "Set up %d open occurrences for %d clients through the services in %s.\n",
		len(work), submitClients(len(work)), time.Since(start).Round(time.Millisecond))
	steady, err := listen(ctx, a.Server.Echo)
	if err != nil {
		return err
	}
	// Each client opens their homework page, as a phone does before its first answer.
	opened := &side{name: "homework pages", url: steady, requests: func(int, int) []loadRequest { return pages }}
	if _, err := opened.round(ctx, o.Conns, 0, len(pages)); err != nil {
		return err
	}
	base, err := newBaseline(ctx, appURL)
	if err != nil {
		return err
	}
	defer base.close()
	baseURL, err := listen(ctx, base.echo)
	if err != nil {
		return err
	}
	sides := []*side{
		{name: "baseline: BEGIN; set_config; INSERT (forced RLS); COMMIT", url: baseURL, requests: base.requests("/plain")},
		{name: "baseline with one River InsertTx", url: baseURL, requests: base.requests("/job")},
		{name: "Steady: POST /api/homework/responses", url: steady, requests: func(from, n int) []loadRequest {
			return work[from : from+n]
		}},
	}
	for _, s := range sides {
		if _, err := s.round(ctx, o.Conns, 0, warm); err != nil {
			return err
		}
	}
	for r := range o.Rounds {
		for i, s := range sides {
			profile := o.Profile != nil && i == len(sides)-1 // Steady's side
			if profile {
				if err := pprof.StartCPUProfile(o.Profile); err != nil {
					return err
				}
			}
			err := s.measure(ctx, o.Conns, warm+r*o.Requests, o.Requests)
			if profile {
				pprof.StopCPUProfile()
				o.Profile = nil // one round is enough, and a profile cannot be resumed
			}
			if err != nil {
				return err
			}
		}
	}
	printSubmit(w, o, sides)
	if err := printLeftBehind(ctx, w, a.DB, practiceID, warm+o.Rounds*o.Requests); err != nil {
		return err
	}
	return printStored(ctx, w, a.DB, practiceID, base.practice)
}

// refreshGoal is issue 19's bound on the summary refresh the answers leave behind, in CPU per
// answer.
const refreshGoal = time.Millisecond

// printLeftBehind refreshes the summaries the answers left stale, as the periodic job or the
// next caseload read would, and prints its CPU (the machine's) per answer beside the goal.
func printLeftBehind(ctx context.Context, w io.Writer, d *db.DB, practiceID uuid.UUID, answers int) error {
	before := cpuNow()
	n, err := progress.RefreshPractice(ctx, d, practiceID, time.Now())
	if err != nil {
		return err
	}
	cpu := before.since().machine
	each := cpu / time.Duration(answers)
	fmt.Fprintf(w, "\nSummaries the %d answers left for a refresh: %d of %d clients; refreshing them took %s of CPU, "+
		"%s per answer (goal ≤ %s: %s).\n", answers, n, submitClients(answers), ms(cpu), ms(each), ms(refreshGoal), yesNo(each <= refreshGoal))
	return nil
}

// printStored counts what the runs stored, each table read as its practice: Steady's answers
// and the baselines' rows and jobs.
func printStored(ctx context.Context, w io.Writer, d *db.DB, steady, baseline uuid.UUID) error {
	var answers, rows, jobs int64
	err := d.InTenant(ctx, db.Scope{PracticeID: steady}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM responses`).Row().Scan(&answers)
	})
	if err == nil {
		err = d.InTenant(ctx, db.Scope{PracticeID: baseline}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT count(*), (SELECT count(*) FROM river_job WHERE kind = 'bench_baseline') FROM bench_answers`).
				Row().Scan(&rows, &jobs)
		})
	}
	fmt.Fprintf(w, "\nStored: %d answers by Steady; %d baseline rows and %d baseline jobs.\n", answers, rows, jobs)
	return err
}

// side is one endpoint under load and what was measured of it.
type side struct {
	name     string
	url      string
	requests func(from, n int) []loadRequest
	lat      []time.Duration
	n        int
	wall     time.Duration
	cpu      time.Duration // the machine's, less the load generator's
	server   time.Duration // this process's: the server's Go side
}

func (s *side) round(ctx context.Context, conns, from, n int) (loadResult, error) {
	res, err := load(ctx, loadJob{URL: s.url, Conns: conns, Requests: s.requests(from, n)})
	if err == nil && res.Failed > 0 {
		err = fmt.Errorf("%s: %d of %d failed, the first: %s", s.name, res.Failed, n, res.FirstFailure)
	}
	return res, err
}

func (s *side) measure(ctx context.Context, conns, from, n int) error {
	before := cpuNow()
	res, err := s.round(ctx, conns, from, n)
	if err != nil {
		return err
	}
	spent := before.since()
	s.cpu += spent.machine - res.CPU
	s.server += spent.self
	s.lat = append(s.lat, res.Latencies...)
	s.n += n
	s.wall += res.Wall
	return nil
}

func (s *side) perSecond() float64 { return float64(s.n) / s.wall.Seconds() }
func (s *side) cpuEach() time.Duration {
	return s.cpu / time.Duration(max(1, s.n))
}

func printSubmit(w io.Writer, o SubmitOptions, sides []*side) {
	fmt.Fprintf(w, "\nAnswers sent over HTTP by %d connections from a separate process, %d per side per round, "+
		"%d rounds alternating; CPU is the machine's (server and PostgreSQL) less the load generator's:\n\n",
		o.Conns, o.Requests, o.Rounds)
	fmt.Fprintf(w, "| %-58s | %7s | %9s | %9s | %9s | %9s |\n", "side", "req/s", "p50", "p99", "CPU each", "Go side")
	fmt.Fprintf(w, "|%s|--------:|----------:|----------:|----------:|----------:|\n", "------------------------------------------------------------")
	for _, s := range sides {
		f := figures(s.name, s.lat)
		fmt.Fprintf(w, "| %-58s | %7.0f | %9s | %9s | %9s | %9s |\n", s.name, s.perSecond(), ms(f.P50), ms(f.P99),
			ms(s.cpuEach()), ms(s.server/time.Duration(max(1, s.n))))
	}
	base, job, steady := sides[0], sides[1], sides[2]
	bp99, sp99 := figures("", base.lat).P99, figures("", steady.lat).P99
	fmt.Fprintf(w, "\n| ratio (Steady to the plain baseline) | measured | goal | met |\n|---|--:|--:|:-:|\n")
	ratio := func(name string, got float64, goal string, met bool) {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", name, fmt.Sprintf("%.1f%%", got*100), goal, yesNo(met))
	}
	tp := steady.perSecond() / base.perSecond()
	ratio("answers per second", tp, fmt.Sprintf("≥ %.0f%%", submitThroughputGoal*100), tp >= submitThroughputGoal)
	fmt.Fprintf(w, "| answers per second, to the baseline with a River job | %.1f%% | | |\n", 100*steady.perSecond()/job.perSecond())
	p99 := float64(sp99) / float64(max(1, bp99))
	fmt.Fprintf(w, "| p99 | %.2f× | ≤ %.0f× | %s |\n", p99, submitP99Goal, yesNo(p99 <= submitP99Goal))
	cpu := float64(steady.cpuEach()) / float64(max(1, base.cpuEach()))
	fmt.Fprintf(w, "| CPU per answer | %.2f× | ≤ %.1f× | %s |\n", cpu, submitCPUGoal, yesNo(cpu <= submitCPUGoal))
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// listen serves h on a loopback port until ctx ends and returns its address.
func listen(ctx context.Context, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	context.AfterFunc(ctx, func() { _ = srv.Close() })
	return "http://" + ln.Addr().String(), nil
}

// submitClients is how many clients answer n times: about fifty open occurrences each, as
// each daily assignment has two open at once (yesterday's and today's).
func submitClients(n int) int { return max(1, (n+49)/50) }

// submitWork makes a practice with one clinician and clients who each have enough daily
// assignments (from yesterday) and a homework session, and returns one answer request per
// open occurrence, n in all, spread over the clients in turn, and a request for each client's
// homework page.
func submitWork(ctx context.Context, a *app.App, n int) (practiceID uuid.UUID, work, pages []loadRequest, err error) {
	practiceID, clinician := uuid.New(), uuid.New()
	if err := auth.SeedPractice(ctx, a.DB, practice.Practice{ID: practiceID, Name: "Submit Bench"}, []auth.SeedMember{{
		ID: clinician, Email: "clinician@submit.bench.test", Name: "Bench Clinician",
		Password: "a long bench password nobody guesses", Role: practice.RoleClinician}}); err != nil {
		return uuid.Nil, nil, nil, err
	}
	b := benchClients{caller: auth.Caller{Staff: &auth.Staff{UserID: clinician, PracticeID: practiceID,
		Role: practice.RoleClinician}, IP: "192.0.2.1"}, cs: clients.NewService(a.DB)}
	b.as, b.ls = assignments.NewService(a.DB, b.cs, nil), links.NewService(a.DB, b.cs, nil)
	var perClient [][]loadRequest
	for i := range submitClients(n) {
		page, mine, err := b.answers(ctx, i)
		if err != nil {
			return uuid.Nil, nil, nil, err
		}
		pages, perClient = append(pages, page), append(perClient, mine)
	}
	// In turn: consecutive answers come from different clients, as they would.
	for k := 0; len(work) < n; k++ {
		for _, mine := range perClient {
			if k < len(mine) && len(work) < n {
				work = append(work, mine[k])
			}
		}
	}
	return practiceID, work, pages, nil
}

// benchClients makes the submit benchmark's clients through the real services.
type benchClients struct {
	caller auth.Caller
	cs     *clients.Service
	as     *assignments.Service
	ls     *links.Service
}

// answers makes client i, with 25 daily assignments from yesterday and a homework session,
// and returns the request for their homework page and one answer request per open occurrence.
func (b *benchClients) answers(ctx context.Context, i int) (page loadRequest, mine []loadRequest, err error) {
	def, ok := library.Find(submitExercise)
	if !ok {
		return page, nil, fmt.Errorf("bench: no exercise %q", submitExercise)
	}
	today := cadence.DateOf(time.Now(), time.UTC)
	rule := cadence.Rule{Kind: cadence.Daily, Start: today.AddDays(-1), At: cadence.Clock{Hour: 19}}
	c, err := b.cs.Create(ctx, b.caller, clients.Input{Name: fmt.Sprintf("Bench Client %d", i), TimeZone: "UTC",
		ClinicianIDs: []uuid.UUID{b.caller.Staff.UserID}})
	if err != nil {
		return page, nil, err
	}
	token, _, err := b.ls.CreateLink(ctx, b.caller, c.ID)
	if err != nil {
		return page, nil, err
	}
	// Each client opens their link from an address of their own, as on their own phone.
	session, _, err := b.ls.Exchange(ctx, token, fmt.Sprintf("198.51.%d.%d", i/250, i%250+1))
	if err != nil {
		return page, nil, err
	}
	csrf := strings.Repeat("b", 43) // the double-submit token: cookie and header alike, 43 characters as issued
	headers := map[string]string{"Content-Type": "application/json", "X-CSRF-Token": csrf,
		"Cookie": "steady_client=" + session + "; steady_csrf=" + csrf}
	page = loadRequest{Method: http.MethodGet, Path: "/api/homework/today", Headers: headers, Want: http.StatusOK}
	for j := range 25 {
		vs, err := b.as.Assign(ctx, b.caller, assignments.AssignInput{ClientID: c.ID,
			Exercise: &library.Ref{Library: submitExercise}, Rule: rule})
		if err != nil {
			return page, nil, err
		}
		for _, d := range []cadence.Date{today.AddDays(-1), today} {
			body, err := json.Marshal(map[string]any{"assignment_id": vs[0].ID, "date": d.String(),
				"answers": library.SampleAnswers(def.Fields, j, 0), "idempotency_key": uuid.New()})
			if err != nil {
				return page, nil, err
			}
			mine = append(mine, loadRequest{Method: http.MethodPost, Path: "/api/homework/responses",
				Headers: headers, Body: string(body), Want: http.StatusCreated})
		}
	}
	return page, mine, nil
}

// baseline is the bare endpoint: Echo and a pgx pool, nothing of Steady's.
type baseline struct {
	pool     *pgxpool.Pool
	river    *river.Client[pgx.Tx]
	echo     *echo.Echo
	practice uuid.UUID
}

// createBaselineTable makes the baseline's table, under forced row-level security like every
// tenant table, for the application role.
func createBaselineTable(ctx context.Context, ownerURL, appRole string) error {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE bench_answers (practice_id uuid NOT NULL, id uuid NOT NULL,
			answers jsonb NOT NULL, submitted_at timestamptz NOT NULL, PRIMARY KEY (practice_id, id));
		ALTER TABLE bench_answers ENABLE ROW LEVEL SECURITY; ALTER TABLE bench_answers FORCE ROW LEVEL SECURITY;
		CREATE POLICY bench_answers_tenant ON bench_answers USING (practice_id = app_practice_id());
		GRANT SELECT, INSERT ON bench_answers TO `+pgx.Identifier{appRole}.Sanitize())
	return err
}

// baselineArgs is the baseline's River job; it is inserted, never worked.
type baselineArgs struct {
	ID uuid.UUID `json:"id"`
}

func (baselineArgs) Kind() string { return "bench_baseline" }

func newBaseline(ctx context.Context, appURL string) (*baseline, error) {
	pool, err := pgxpool.New(ctx, appURL)
	if err != nil {
		return nil, err
	}
	rc, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: slog.New(slog.DiscardHandler),
		SkipUnknownJobCheck: true})
	if err != nil {
		pool.Close()
		return nil, err
	}
	b := &baseline{pool: pool, river: rc, echo: echo.New(), practice: uuid.New()}
	b.echo.POST("/plain", func(c echo.Context) error { return b.insert(c, false) })
	b.echo.POST("/job", func(c echo.Context) error { return b.insert(c, true) })
	return b, nil
}

func (b *baseline) close() { b.pool.Close() }

// insert is the whole of a baseline request: read the body, then one transaction.
func (b *baseline) insert(c echo.Context, withJob bool) error {
	var in struct {
		Answers json.RawMessage `json:"answers"`
	}
	if err := c.Bind(&in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	id := uuid.New()
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('app.practice_id', $1, true)`, b.practice.String()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bench_answers (practice_id, id, answers, submitted_at) VALUES ($1, $2, $3, now())`,
			b.practice, id, in.Answers); err != nil {
			return err
		}
		if withJob {
			_, err := b.river.InsertTx(ctx, tx, baselineArgs{ID: id}, nil)
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": id})
}

// requests are n baseline answers, each with a body like Steady's.
func (b *baseline) requests(path string) func(from, n int) []loadRequest {
	def, _ := library.Find(submitExercise)
	return func(from, n int) []loadRequest {
		out := make([]loadRequest, n)
		for i := range out {
			body, _ := json.Marshal(map[string]any{"answers": library.SampleAnswers(def.Fields, from+i, 0)})
			out[i] = loadRequest{Method: http.MethodPost, Path: path, Body: string(body), Want: http.StatusCreated,
				Headers: map[string]string{"Content-Type": "application/json"}}
		}
		return out
	}
}
