package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/datakeys"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/steadyhq/steady/internal/seal"
)

// Options say where to seed and how much to measure.
type Options struct {
	AdminURL    string // a role with CREATEDB on a maintenance database (TEST_DATABASE_URL)
	AppRole     string // the application role and its password
	AppPassword string
	Database    string // the benchmark's own database, kept between runs
	Volume      Volume
	Warm, N     int  // requests per probe: unmeasured, then measured
	Explain     bool // print the query plans of the measured requests
	Target      time.Duration
	PoolSize    int // connections of the application's pool; 0: pgxpool's default (4 on 2 cores)
	Conns       int // when set, the caseload probes again over HTTP with this many connections
}

// Run seeds (or reuses) the benchmark practice and prints the server times of the caseload
// overview and the client page, beside a baseline request and the design the summary
// replaced.
func Run(ctx context.Context, o Options, w io.Writer) error {
	ownerURL, appURL, err := o.urls()
	if err != nil {
		return err
	}
	if err := o.prepare(ctx, ownerURL, appURL, w); err != nil {
		return err
	}
	a, err := app.Build(ctx, app.Config{Env: "development", PublicURL: "http://localhost:8080", DatabaseURL: appURL,
		MigrationDatabaseURL: ownerURL, SMTPFrom: "bench@localhost", SMTPTLS: "none"}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer a.DB.Close()
	counts, err := count(ctx, a.DB)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Volume: %d clinicians, %d clients (%d couples), %d assignments, %d answers, %d scores, %d open alerts.\n\n",
		counts.Clinicians, counts.Clients, counts.Couples, counts.Assignments, counts.Answers, counts.Scores, counts.OpenAlerts)
	s, err := newSessions(ctx, a)
	if err != nil {
		return err
	}
	rows, err := o.measure(ctx, a, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Server time per request, %d measured after %d warm-up, one at a time, in-process "+
		"(router, middleware, session, SQL, JSON; no network):\n\n", o.N, o.Warm)
	Table(w, o.Target, rows)
	if o.Conns > 0 {
		if err := o.concurrent(ctx, a, s, w); err != nil {
			return err
		}
	}
	if o.Explain {
		return o.explain(ctx, a, s, w)
	}
	return nil
}

// prepare makes the database, migrates it and seeds the practice unless it holds the volume
// asked for; then it refreshes every stale caseload row, as the periodic job would, and
// vacuums, so that every run measures the tables in one state: the refresh and the runs before
// leave dead row versions that an index lookup steps over until autovacuum comes by, which
// moved single figures by a third between runs of one build.
func (o Options) prepare(ctx context.Context, ownerURL, appURL string, w io.Writer) error {
	if err := o.createDatabase(ctx, false); err != nil {
		return err
	}
	if err := db.Migrate(ctx, ownerURL, slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	d, err := openApp(ctx, appURL)
	if err != nil {
		return err
	}
	defer d.Close()
	have, err := count(ctx, d)
	if err != nil {
		return err
	}
	if have.Clients != o.Volume.Clients || have.Clinicians != o.Volume.Clinicians || have.Answers < o.Volume.Answers {
		if have.Clients > 0 {
			d.Close()
			if err := o.createDatabase(ctx, true); err != nil {
				return err
			}
			return o.prepare(ctx, ownerURL, appURL, w)
		}
		if err := seed(ctx, ownerURL, o.Volume, w); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(w, "Reusing the practice seeded earlier in database %s.\n", o.Database)
	}
	start := time.Now()
	n, err := progress.RefreshPractice(ctx, d, PracticeID, time.Now())
	if err != nil {
		return err
	}
	if n > 0 {
		took := time.Since(start)
		fmt.Fprintf(w, "Caseload summary refreshed for %d clients in %s (%.2f ms per client, the periodic job's work).\n",
			n, took.Round(time.Millisecond), float64(took.Microseconds())/1000/float64(n))
	}
	return vacuum(ctx, ownerURL)
}

func vacuum(ctx context.Context, ownerURL string) error {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `VACUUM (ANALYZE)`)
	return err
}

func seed(ctx context.Context, ownerURL string, v Volume, w io.Writer) error {
	pool, err := pgxpool.New(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	start := time.Now()
	c, err := Seed(ctx, pool, v, time.Now())
	if err != nil {
		return err
	}
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		return err
	}
	fmt.Fprintf(w, "Seeded %d clients and %d answers in %s.\n", c.Clients, c.Answers, time.Since(start).Round(time.Second))
	return nil
}

// sessions are the signed-in people the probes ask as.
type sessions struct {
	owner, clinician *http.Cookie
	clinicianID      uuid.UUID
}

func newSessions(ctx context.Context, a *app.App) (*sessions, error) {
	s := &sessions{clinicianID: ClinicianID(0)}
	var err error
	if s.owner, err = signIn(ctx, a, OwnerID); err != nil {
		return nil, err
	}
	s.clinician, err = signIn(ctx, a, s.clinicianID)
	return s, err
}

func signIn(ctx context.Context, a *app.App, user uuid.UUID) (*http.Cookie, error) {
	var token string
	err := a.DB.InTenant(ctx, db.Scope{PracticeID: PracticeID, UserID: user}, func(tx *db.Tx) error {
		var err error
		token, err = a.Auth.StartSessionTx(ctx, tx, user, PracticeID, auth.Client{IP: "192.0.2.1", UserAgent: "steady-bench"})
		return err
	})
	return &http.Cookie{Name: "steady_session", Value: token}, err
}

// clientPage is what the client page asks for when it opens and its tabs load.
func clientPage(id uuid.UUID) []string {
	p := "/api/clients/" + id.String()
	return []string{p, p + "/homework-link", p + "/assignments", p + "/journal", p + "/progress"}
}

// clinicianClient is the n-th client (modulo their number) of the seed's first clinician, the
// one the probes sign in as: the seed gives clients to clinicians two by two, in turn.
func (o Options) clinicianClient(n int) uuid.UUID {
	g := &generator{v: o.Volume}
	per := max(1, o.Volume.Clients/(2*o.Volume.Clinicians))
	return g.client(2*o.Volume.Clinicians*(n%per) + n%2).id
}

// measure times the probes. A clinical record is for the clinicians who treat the client
// (docs/permissions.md), so the client page is read by the client's clinician; the owner's
// caseload is their own clients and live emergency grants, which the seed gives them none of.
func (o Options) measure(ctx context.Context, a *app.App, s *sessions) ([]Figures, error) {
	rnd := rand.New(rand.NewPCG(1, 2))
	mine := func(int) uuid.UUID { return o.clinicianClient(rnd.IntN(o.Volume.Clients)) }
	page := func(i int) []string { return clientPage(mine(i)) }
	one := func(k int) func(int) []string { return func(i int) []string { return page(i)[k : k+1] } }
	static := func(p string) func(int) []string { return func(int) []string { return []string{p} } }
	deep := fmt.Sprintf("/api/caseload?offset=%d&limit=50", o.Volume.Clients/o.Volume.Clinicians/2)
	probes := []Probe{
		{"baseline: GET /api/auth/me", s.owner, static("/api/auth/me")},
		{"caseload, owner (own clients and emergency grants), first page", s.owner, static("/api/caseload")},
		{"caseload, clinician, a page halfway down", s.clinician, static(deep)},
		{"caseload, clinician (own clients), first page", s.clinician, static("/api/caseload")},
		{"client page: GET /api/clients/:id", s.clinician, one(0)},
		{"client page: GET /api/clients/:id/homework-link", s.clinician, one(1)},
		{"client page: GET /api/clients/:id/assignments", s.clinician, one(2)},
		{"client page: GET /api/clients/:id/journal", s.clinician, one(3)},
		{"client page: GET /api/clients/:id/progress", s.clinician, one(4)},
		{"client page: all five requests, one after another", s.clinician, page},
	}
	var out []Figures
	for _, p := range probes {
		f, err := Measure(a.Server.Echo, p, o.Warm, o.N)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	before, err := o.previousDesign(ctx, a.DB, s.clinicianID)
	return append(out, before), err
}

// clinicianClientsSQL reads a clinician's clients, direct or through a couple.
const clinicianClientsSQL = `SELECT client_id FROM client_clinicians WHERE user_id = ?
	UNION SELECT cp.client_id FROM couple_clinicians k JOIN couple_partners cp ON cp.couple_id = k.couple_id
	WHERE k.user_id = ?`

// previousDesign times the caseload as it was computed before the stored summary: every one
// of the clinician's clients recomputed on each read. It runs in a transaction that is rolled
// back, so the stored rows are left as they were.
func (o Options) previousDesign(ctx context.Context, d *db.DB, clinician uuid.UUID) (Figures, error) {
	var ids []uuid.UUID
	errRollback := fmt.Errorf("roll back")
	var samples []time.Duration
	runs := max(5, o.N/20)
	for range runs {
		err := d.InTenant(ctx, db.Scope{PracticeID: PracticeID, UserID: clinician}, func(tx *db.Tx) error {
			if ids == nil {
				if err := tx.Gorm.Raw(clinicianClientsSQL, clinician, clinician).Scan(&ids).Error; err != nil {
					return err
				}
			}
			start := time.Now()
			for _, id := range ids {
				if err := progress.Refresh(ctx, tx, id, time.Now()); err != nil {
					return err
				}
			}
			samples = append(samples, time.Since(start))
			return errRollback
		})
		if err != errRollback {
			return Figures{}, err
		}
	}
	return figures(fmt.Sprintf("previous design: clinician's caseload recomputed per read (%d clients)", len(ids)), samples), nil
}

func (o Options) explain(ctx context.Context, a *app.App, s *sessions, w io.Writer) error {
	rec, err := Record(a.DB)
	if err != nil {
		return err
	}
	some := o.clinicianClient(o.Volume.Clients / 3)
	for _, q := range []struct {
		title  string
		cookie *http.Cookie
		user   uuid.UUID
		path   string
	}{
		{"Caseload, owner, first page", s.owner, OwnerID, "/api/caseload"},
		{"Caseload, clinician, first page", s.clinician, s.clinicianID, "/api/caseload"},
		{"Client progress", s.clinician, s.clinicianID, "/api/clients/" + some.String() + "/progress"},
		{"Client assignments", s.clinician, s.clinicianID, "/api/clients/" + some.String() + "/assignments"},
	} {
		sts, err := rec.During(a.Server.Echo, q.cookie, q.path)
		if err != nil {
			return err
		}
		plans, err := Explain(ctx, a.DB, db.Scope{PracticeID: PracticeID, UserID: q.user}, sts)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n### %s: GET %s\n", q.title, q.path)
		for i, st := range sts {
			fmt.Fprintf(w, "\n```sql\n%s\n```\n\n```\n%s\n```\n", st.SQL, plans[i])
		}
	}
	return nil
}

// countPracticeSQL counts what the benchmark practice holds.
const countPracticeSQL = `SELECT
	(SELECT count(*) FROM memberships WHERE role = 'clinician') AS clinicians,
	(SELECT count(*) FROM clients) AS clients, (SELECT count(*) FROM couples) AS couples,
	(SELECT count(*) FROM assignments) AS assignments, (SELECT count(*) FROM responses) AS answers,
	(SELECT count(*) FROM scores) AS scores,
	(SELECT count(*) FROM risk_alerts WHERE status = 'open') AS open_alerts`

// count reads what the benchmark practice holds.
func count(ctx context.Context, d *db.DB) (Counts, error) {
	var c Counts
	err := d.InTenant(ctx, db.Scope{PracticeID: PracticeID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(countPracticeSQL).Scan(&c).Error
	})
	return c, err
}

// urls are the benchmark database's addresses as its owner and as the application role.
func (o Options) urls() (owner, appRole string, err error) {
	u, err := url.Parse(o.AdminURL)
	if err != nil {
		return "", "", fmt.Errorf("admin url: %w", err)
	}
	u.Path = "/" + o.Database
	owner = u.String()
	u.User = url.UserPassword(o.AppRole, o.AppPassword)
	if o.PoolSize > 0 {
		q := u.Query()
		q.Set("pool_max_conns", fmt.Sprint(o.PoolSize))
		u.RawQuery = q.Encode()
	}
	return owner, u.String(), nil
}

// createDatabase makes the benchmark database when it is missing, or anew when fresh.
func (o Options) createDatabase(ctx context.Context, fresh bool) error {
	conn, err := pgx.Connect(ctx, o.AdminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	name := pgx.Identifier{o.Database}.Sanitize()
	if fresh {
		// An autovacuum worker still busy in the last run's database cannot be ended by a
		// role that is not a superuser; it finishes soon, so try again for a while.
		for tries := 0; ; tries++ {
			_, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
			var pgErr *pgconn.PgError
			if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "42501" || tries == 60 {
				if err != nil {
					return err
				}
				break
			}
			time.Sleep(time.Second)
		}
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, o.Database).Scan(&exists); err != nil || exists {
		return err
	}
	_, err = conn.Exec(ctx, `CREATE DATABASE `+name)
	return err
}

// openApp opens the database as the app role, with the development master key the seed's
// sealed text and the benchmarked code share.
func openApp(ctx context.Context, url string) (*db.DB, error) {
	d, err := db.Open(ctx, url)
	if err == nil {
		d.SetDataKeys(datakeys.New(seal.DevKey()))
	}
	return d, err
}
