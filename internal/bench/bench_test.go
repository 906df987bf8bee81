package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/library"
)

// Every seeded answer is one the real homework page would accept, and a measure's score is
// the real scoring's; risk items go off only where an alert is meant.
func TestSeededAnswersPassTheRealChecks(t *testing.T) {
	g, err := newGenerator(Volume{Clinicians: 1, Clients: 2, Answers: 200}, time.Now())
	require.NoError(t, err)
	for k, a := range g.answers.m {
		def := g.defs[k.slug]
		var raw map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(a.json, &raw))
		_, err := library.CheckAnswers(def.Fields, raw)
		require.NoError(t, err, "%+v", k)
		in, measure := checkins.InstrumentByKey(def.Measure)
		require.Equal(t, measure, a.score != nil, "%+v", k)
		if !measure {
			continue
		}
		require.Equal(t, in.BandOf(a.score.Total), a.score.Band)
		if len(in.Risks) > 0 {
			require.Equal(t, k.alert, len(a.score.Risks) > 0, "%+v", k)
		}
	}
	worst, best := g.answers.get(weeklySolo, variants-1, false), g.answers.get(weeklySolo, 0, false)
	require.Greater(t, worst.score.Total, best.score.Total+10, "the variants span the PHQ-9's range")
}

// The benchmark program runs end to end on a small practice: it seeds exactly the clients and
// clinicians asked for, about the answers asked for, and prints a figure for every probe.
func TestBenchmarkRunsOnASmallPractice(t *testing.T) {
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		t.Fatal("TEST_DATABASE_URL is not set; run the tests with `make test`")
	}
	o := Options{AdminURL: admin, AppRole: os.Getenv("TEST_APP_DATABASE_ROLE"), AppPassword: os.Getenv("TEST_APP_DATABASE_PASSWORD"),
		Database: "steady_bench_test", Volume: Volume{Clinicians: 3, Clients: 60, Answers: 6000}, Warm: 1, N: 5,
		Explain: true, Target: 100 * time.Millisecond, Conns: 2}
	if o.AppRole == "" {
		o.AppRole = "steady_app"
	}
	ctx := context.Background()
	require.NoError(t, o.createDatabase(ctx, true))
	dropAtEnd(t, admin, o.Database)
	var out bytes.Buffer
	require.NoError(t, Run(ctx, o, &out))
	text := out.String()
	require.Contains(t, text, "Seeded 60 clients")
	m := regexp.MustCompile(`Volume: 3 clinicians, 60 clients \((\d+) couples\), 120 assignments, (\d+) answers`).FindStringSubmatch(text)
	require.NotNil(t, m, text)
	require.Equal(t, "6", m[1], "a fifth of clients in couples")
	var answers int
	require.NoError(t, json.Unmarshal([]byte(m[2]), &answers))
	require.InDelta(t, 6000, answers, 900, "about the answers asked for")
	rows := regexp.MustCompile(`(?m)^\| (caseload|client page|baseline|previous design)[^|]*\|\s+\d+ \|\s+[\d.]+ ms \|\s+[\d.]+ ms \|\s+[\d.]+ ms \|\s+[\d.]+ ms \|`).FindAllString(text, -1)
	require.Len(t, rows, 11, text)
	require.Regexp(t, `\| caseload, clinician \(own clients\), first page\s+\|\s+\d+ \|\s+[\d.]+ ms \|\s+[\d.]+ ms \|\s+[\d.]+ ms \|\s+[\d.]+% \| ≥ 60% (yes|NO) \|`, text,
		"the caseload over HTTP beside its goal")
	require.Regexp(t, `\| roster, owner \(every client\): GET /api/clients\s+\|\s+\d+ \|`, text)
	require.Contains(t, text, "### Caseload, owner, first page")
	require.Regexp(t, `Index Scan|Seq Scan|Bitmap Heap Scan`, text, "plans are printed")

	// A second run reuses the seeded practice.
	out.Reset()
	o.Explain, o.Conns = false, 0
	require.NoError(t, Run(ctx, o, &out))
	require.Contains(t, out.String(), "Reusing the practice seeded earlier")
}

// The storm benchmark runs end to end on a small storm: every reminder handed over once.
func TestStormRunsOnASmallStorm(t *testing.T) {
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		t.Fatal("TEST_DATABASE_URL is not set; run the tests with `make test`")
	}
	o := StormOptions{Options: Options{AdminURL: admin, AppRole: os.Getenv("TEST_APP_DATABASE_ROLE"),
		AppPassword: os.Getenv("TEST_APP_DATABASE_PASSWORD"), Database: "steady_bench_storm_test"},
		Reminders: 300, Workers: 20, Limit: time.Minute}
	if o.AppRole == "" {
		o.AppRole = "steady_app"
	}
	ctx := context.Background()
	dropAtEnd(t, admin, o.Database)
	var out bytes.Buffer
	require.NoError(t, Storm(ctx, o, &out))
	text := out.String()
	require.Contains(t, text, "Seeded 300 clients")
	require.Regexp(t, `Baseline: 300 empty River jobs inserted and worked in [\d.]+m?s`, text)
	require.Regexp(t, `all 300 handed to the provider [\d.]+m?s after the start \(\d+/s\), 0 duplicates\. Within 1m0s with none twice: yes\.`, text)
	require.Regexp(t, `Baseline again, after the storm: 300 empty River jobs inserted and worked in [\d.]+m?s`, text)
	require.Regexp(t, `\| reminders a second \| [\d.]+% \| ≥ 50% \| (yes|NO) \|`, text)
	require.Regexp(t, `\| CPU per reminder \| [\d.]+× \| ≤ 2\.5× \| (yes|NO) \|`, text)
}

// dropAtEnd drops the benchmark's database when the test ends.
func dropAtEnd(t *testing.T, admin, name string) {
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, admin)
		require.NoError(t, err)
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize())
		require.NoError(t, err)
	})
}

// The digest benchmark runs end to end on a small practice: every member's digest made once
// and handed over once, beside the caseload baseline; a second run makes them afresh.
func TestDigestsRunOnASmallPractice(t *testing.T) {
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		t.Fatal("TEST_DATABASE_URL is not set; run the tests with `make test`")
	}
	o := Options{AdminURL: admin, AppRole: os.Getenv("TEST_APP_DATABASE_ROLE"), AppPassword: os.Getenv("TEST_APP_DATABASE_PASSWORD"),
		Database: "steady_bench_digests_test", Volume: Volume{Clinicians: 4, Clients: 40, Answers: 2000}}
	if o.AppRole == "" {
		o.AppRole = "steady_app"
	}
	ctx := context.Background()
	require.NoError(t, o.createDatabase(ctx, true))
	dropAtEnd(t, admin, o.Database)
	for range 2 {
		var out bytes.Buffer
		require.NoError(t, Digests(ctx, o, &out))
		text := out.String()
		require.Regexp(t, `Baseline: each of 4 clinicians' caseload page \(first 50\) read once through the service: [\d.]+m?s\.`, text)
		// Four clinicians and the owner (the seed's staff), each once.
		require.Regexp(t, `Digests: 5 made and stored, 5 handed to the provider, [\d.]+m?s after the start \(\d+/s\), 0 twice; `+
			`[\d.]+× the baseline\. Within 1m0s: yes\.`, text)
	}
}

// The test binary is also the submit benchmark's load generator and the start-up benchmark's
// servers, as steady-bench is.
func TestMain(m *testing.M) {
	LoadMain()
	RoleMain()
	os.Exit(m.Run())
}

// The start-up benchmark starts steady serve and the bare baseline, each until /readyz answers
// 200, and prints both beside the goal.
func TestStartupRunsTwice(t *testing.T) {
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		t.Fatal("TEST_DATABASE_URL is not set; run the tests with `make test`")
	}
	o := StartupOptions{Options: Options{AdminURL: admin, AppRole: os.Getenv("TEST_APP_DATABASE_ROLE"),
		AppPassword: os.Getenv("TEST_APP_DATABASE_PASSWORD"), Database: "steady_bench_startup_test"}, Runs: 2}
	if o.AppRole == "" {
		o.AppRole = "steady_app"
	}
	dropAtEnd(t, admin, o.Database)
	var out bytes.Buffer
	require.NoError(t, Startup(context.Background(), o, &out))
	text := out.String()
	require.Regexp(t, `\| baseline: Go, a pgx pool, SELECT 1\s+\|\s+[\d.]+ ms \|`, text)
	require.Regexp(t, `\| steady serve \(the app linked into this program\)\s+\|\s+[\d.]+ ms \|`, text)
	require.Regexp(t, `Steady's p50 is [\d.]+× the baseline's; the goal is under 300ms: (yes|NO)\.`, text)
}

// The submit benchmark runs end to end on a few answers: every Steady answer is accepted (any
// other status fails the run), the baselines' rows are written, and each ratio is printed
// beside its goal.
func TestSubmitRunsOnAFewAnswers(t *testing.T) {
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		t.Fatal("TEST_DATABASE_URL is not set; run the tests with `make test`")
	}
	o := SubmitOptions{Options: Options{AdminURL: admin, AppRole: os.Getenv("TEST_APP_DATABASE_ROLE"),
		AppPassword: os.Getenv("TEST_APP_DATABASE_PASSWORD"), Database: "steady_bench_submit_test"},
		Conns: 4, Requests: 40, Rounds: 2}
	if o.AppRole == "" {
		o.AppRole = "steady_app"
	}
	ctx := context.Background()
	dropAtEnd(t, admin, o.Database)
	var out bytes.Buffer
	require.NoError(t, Submit(ctx, o, &out))
	text := out.String()
	require.Contains(t, text, "Set up 90 open occurrences for 2 clients")
	for _, row := range []string{"baseline: BEGIN; set_config; INSERT", "baseline with one River InsertTx", "Steady: POST /api/homework/responses"} {
		require.Regexp(t, regexp.QuoteMeta(row)+`[^|]*\|\s+\d+ \|\s+[\d.]+ ms \|\s+[\d.]+ ms \|\s+-?[\d.]+ ms \|`, text)
	}
	require.Regexp(t, `\| answers per second \| [\d.]+% \| ≥ 70% \| (yes|NO) \|`, text)
	require.Regexp(t, `\| CPU per answer \| -?[\d.]+× \| ≤ 1\.6× \| (yes|NO) \|`, text)

	require.Contains(t, text, "Stored: 90 answers by Steady; 180 baseline rows and 90 baseline jobs.",
		"the warm-up's 10 and two rounds of 40 on each side, each stored once")
}
